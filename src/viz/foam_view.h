/* The foam viewer: one self-contained HTML page that plays a sequence of
 * a foam/1 file, optionally beside a sequence of a second file (a
 * surrogate rollout beside the simulation), frames matched by /time.
 *
 * The page needs no network: frames are PNGs (src/viz/foam_png.h, scale 1
 * or more, shown enlarged with pixelated scaling) embedded as base64 data
 * URIs, styles and the player script are inline. The timeline is the
 * union of both files' times (equal within PG_FOAM_VIEW_TIME_TOL MCS);
 * a file without a frame at a time shows "no frame at this time". Under
 * each frame: bubbles, <n> and mean area from physics/foam/foam_diag.h.
 *
 * Size guard: at most max_frames times are shown, evenly spaced, first
 * and last included; fewer when the embedded pixels (times x files x
 * pixels per frame) would pass PG_FOAM_VIEW_MAX_PIXELS; a single frame
 * over that budget is refused (PG_ERR_ARG). Not collective.
 */
#ifndef PG_DATA_FOAM_VIEW_H
#define PG_DATA_FOAM_VIEW_H

#include <stddef.h>

#include "base/status.h"
#include "physics/foam/io/foam_sequence.h"
#include "io/text_buffer.h"

#define PG_FOAM_VIEW_TIME_TOL 1e-6
/* Pixels embedded in one page (2^25: e.g. 2 x 256 frames of 256 x 256). */
#define PG_FOAM_VIEW_MAX_PIXELS ((size_t)1 << 25)
enum { PG_FOAM_VIEW_DEFAULT_FRAMES = 200 };

typedef struct pg_foam_view_opts {
    const char *name_a, *name_b; /* shown in the page (file names) */
    int max_frames;              /* >= 1 */
    int scale;                   /* pixels per site in the PNGs */
} pg_foam_view_opts;

typedef struct pg_foam_view_info {
    int timeline;     /* distinct times of both files */
    int shown;        /* times in the page */
    int images;       /* PNGs embedded */
    int budget_limited; /* 1 when the pixel budget cut the frames */
    size_t conflicts; /* neighbour pairs of equal colour, both files */
} pg_foam_view_info;

/* Build the page of a (and b, may be NULL; same height and width, else
 * PG_ERR_ARG) into html. */
pg_status pg_foam_view_build(const pg_foam_sequence *a,
                             const pg_foam_sequence *b,
                             const pg_foam_view_opts *o, pg_text_buffer *html,
                             pg_foam_view_info *info);

#endif
