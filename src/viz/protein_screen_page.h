/* The HTML page of `physgan screen proteins` (docs/proteins.md,
 * "Screening"): a summary table, and one SVG histogram per score with
 * every unique generated sequence and the top set overlaid. Self-contained
 * (inline styles and SVG). Not collective. */
#ifndef PG_VIZ_PROTEIN_SCREEN_PAGE_H
#define PG_VIZ_PROTEIN_SCREEN_PAGE_H

#include "base/status.h"
#include "io/text_buffer.h"

/* One score: all[0..n_all) and top[0..n_top) (NaN entries skipped). */
typedef struct pg_screen_hist {
    const char *title, *xlabel;
    const double *all, *top;
} pg_screen_hist;

typedef struct pg_screen_page {
    const char *title;
    const char *const *rows;    /* summary rows "name\tvalue" */
    int n_rows;
    const pg_screen_hist *hists;
    int n_hists;
    int n_all, n_top;
} pg_screen_page;

/* The page into b. */
void pg_screen_page_build(const pg_screen_page *p, pg_text_buffer *b);

#endif
