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

/* Markdown tables (the form docs/foam.md quotes) of a validation
 * (foam_analysis.h: pg_foam_validation_file with PG_FOAM_ANALYSIS_SAME_N,
 * fit_from as given). */
void pg_foam_report_print(const pg_foam_validation *r, FILE *f);

#endif
