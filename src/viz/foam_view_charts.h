/* The foam viewer's charts (src/viz/foam_view.c): bubbles and <n> against
 * time over every frame of the shown sequence(s), one line per file, as
 * standalone SVG (viz/svg_plot.h) embedded in <img> data URIs, each with a
 * marker line that the player moves to the time shown. Not collective.
 */
#ifndef PG_DATA_FOAM_VIEW_CHARTS_H
#define PG_DATA_FOAM_VIEW_CHARTS_H

#include "base/status.h"
#include "physics/foam/io/foam_sequence.h"
#include "io/text_buffer.h"

/* Append the charts' HTML to html and `const MARK_X = [...];` (the
 * marker's x in pixels for each of the n shown times t[]) to js. b may be
 * NULL. */
pg_status pg_foam_view_charts(const pg_foam_sequence *a,
                              const pg_foam_sequence *b, const char *name_a,
                              const char *name_b, const double *t, int n,
                              pg_text_buffer *html, pg_text_buffer *js);

#endif
