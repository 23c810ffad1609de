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

typedef struct pg_foam_report {
    int sequences, frames, height, width;
    double fit_from;     /* MCS */
    double *time;        /* MCS, per frame */
    double *bubbles;     /* mean over sequences, per frame */
    double *mean_area;   /* sites, mean over sequences */
    double *mean_n;      /* <n>, mean over sequences */
    double *split_ids;   /* ids split into several components, mean */
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
