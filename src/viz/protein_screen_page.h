/* The HTML page of `physgan screen proteins` (docs/proteins.md,
 * "Screening"): a summary table, and one SVG histogram per score with
 * every unique generated sequence and the top set overlaid, and sequence
 * logos (viz/protein_logo.h) of the top set and the training family in
 * one coordinate system. Self-contained
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

/* A sequence logo: counts (columns x 20) in one coordinate system. */
typedef struct pg_screen_logo {
    const char *title;
    const double *counts;
    int columns;
} pg_screen_logo;

typedef struct pg_screen_page {
    const char *title;
    const char *const *rows;    /* summary rows "name\tvalue" */
    int n_rows;
    const pg_screen_hist *hists;
    int n_hists;
    int n_all, n_top;
    const pg_screen_logo *logos;  /* may be NULL */
    int n_logos;
} pg_screen_page;

/* The page into b. */
void pg_screen_page_build(const pg_screen_page *p, pg_text_buffer *b);

#endif
