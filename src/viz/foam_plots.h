/* Validation plots of a foam/1 file (docs/foam.md), as standalone SVG
 * (viz/svg_plot.h), from the same diagnostics and fits as `physgan
 * simulate foam --report` (physics/foam/io/foam_analysis.h):
 *
 *   foam_growth.svg       mean bubble area (mean over sequences) against
 *                         time, the frames used by the fit filled, and the
 *                         least-squares line over t >= fit_from;
 *   foam_von_neumann.svg  dA/dt against n - 6 for every bubble found in
 *                         two consecutive frames at t >= fit_from (all
 *                         sequences): a heat map of the points (cells of
 *                         one n by 1/40 of the y range, shade by log
 *                         count), the mean dA/dt per n and the fitted line;
 *                         the y range is the 0.5 .. 99.5 % quantiles, the
 *                         points outside are counted in the legend;
 *   foam_neighbors.svg    share of bubbles with n neighbours, over every
 *                         frame at t >= fit_from and every sequence.
 *
 * Not collective.
 */
#ifndef PG_DATA_FOAM_PLOTS_H
#define PG_DATA_FOAM_PLOTS_H

#include <stdio.h>

#include "base/status.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/io/foam_analysis.h"

/* The plots of a validation (physics/foam/io/foam_analysis.h:
 * pg_foam_validation_file with PG_FOAM_ANALYSIS_HIST; fit_from NAN for
 * the default, the time of frame (T - 1) / 4) written as the three SVG
 * files into dir (which exists), atomically. */
pg_status pg_foam_plots_write(const pg_foam_validation *p, const char *dir);
/* What was drawn: the files and the fitted numbers. */
void pg_foam_plots_print(const pg_foam_validation *p, const char *dir,
                         FILE *f);

#endif
