/* Validation report of a foam/1 file from its own frames (foam_diag.h):
 * per frame (averaged over sequences) the bubble count, mean area and mean
 * neighbour count; a least-squares fit of mean area against time (linear
 * growth in the scaling regime); von Neumann's law fitted over every pair
 * of consecutive frames of every sequence. Fits use the frames at time >=
 * fit_from (MCS), to leave out the transient after the Voronoi start. */
#ifndef PG_DATA_FOAM_REPORT_H
#define PG_DATA_FOAM_REPORT_H

#include <stdio.h>

#include "base/status.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/io/foam_analysis.h"

typedef struct pg_foam_report {
    /* The analysis pass (foam_analysis.h) with SAME_N and FITS: shape,
     * fit_from, time, per-frame means over sequences (bubbles, mean_area
     * in sites, mean_n, split_ids). */
    pg_foam_analysis pass;
    pg_foam_line growth; /* mean area (sites) vs time (MCS) */
    pg_foam_vn_result vn;        /* all bubbles found in both frames */
    pg_foam_vn_result vn_same_n; /* ... whose n did not change */
} pg_foam_report;

/* Read path (schema foam/1) and compute the report. On failure *r holds
 * nothing to free. */
pg_status pg_foam_report_file(const char *path, double fit_from,
                              pg_foam_report *r);
/* Markdown tables (the form docs/foam.md quotes). */
void pg_foam_report_print(const pg_foam_report *r, FILE *f);
void pg_foam_report_free(pg_foam_report *r);

#endif
