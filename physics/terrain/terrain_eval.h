/* Statistics of a set of terrain patches for `physgan eval terrain`
 * (docs/terrain.md, "Evaluating terrain"), and the two-sample
 * Kolmogorov-Smirnov distance between slope distributions.
 *
 * An evaluator accumulates patches (any number of calls, e.g. one per
 * block read from a file) on one grid (physics/terrain/terrain_penalties.h: dx, dy in
 * metres): every cell's slope angle (kept, 8 bytes a cell, for the exact
 * KS distance), the slope histogram/mean/share over theta_max
 * (pg_terrain_slope_stats), the mean over patches of the log10 radially
 * binned PSD (beta is fitted to that mean, over the default fit range of
 * pg_terrain_psd_fit_range), and each patch's relief (max - min). */
#ifndef PG_PHYSICS_TERRAIN_EVAL_H
#define PG_PHYSICS_TERRAIN_EVAL_H

#include <stddef.h>

#include "base/status.h"
#include "physics/terrain/terrain_penalties.h"

typedef struct pg_terrain_eval pg_terrain_eval;

typedef struct pg_terrain_eval_summary {
    size_t patches, cells;
    double slope_mean_deg, slope_max_deg;
    double frac_over_max;        /* share of cells steeper than theta_max */
    double psd_beta;             /* NAN when the fit has too few bins */
    double relief_mean_m, relief_std_m; /* per-patch max - min; std with
                                           n - 1 (0 for one patch) */
    double elev_mean_m;          /* mean of all cells */
} pg_terrain_eval_summary;

/* theta_max_deg in [0, 90); the grid as in terrain.h (h, w >= 3; the PSD
 * fit needs enough bins, which 16 x 16 and larger have). */
pg_status pg_terrain_eval_create(const pg_terrain_grid *g,
                                 double theta_max_deg, pg_terrain_eval **out);
void pg_terrain_eval_destroy(pg_terrain_eval **e);

/* Add n patches of H*W elevations (metres). PG_ERR_NUMERIC naming the
 * patch when a value is not finite. Grows the slope array (allocates). */
pg_status pg_terrain_eval_add(pg_terrain_eval *e, const float *z, size_t n);

/* Sort the slopes and compute the summary (callable once patches were
 * added; adding more afterwards is allowed and re-sorts on the next call).
 * PG_ERR_ARG when no patch was added. */
pg_status pg_terrain_eval_summarize(pg_terrain_eval *e,
                                    pg_terrain_eval_summary *out);

/* After summarize: the slope statistics (1-degree histogram) and the
 * ascending per-cell slopes in degrees. */
const pg_terrain_slope_stats *pg_terrain_eval_slope_stats(
    const pg_terrain_eval *e);
const double *pg_terrain_eval_sorted_slopes(const pg_terrain_eval *e,
                                            size_t *n);

/* Two-sample Kolmogorov-Smirnov statistic D = sup_x |F_a(x) - F_b(x)| of
 * two ascending samples (na, nb >= 1), exact: both empirical CDFs are
 * compared after each distinct value, ties stepping both together. 0 for
 * identical samples, 1 for disjoint ones. */
double pg_terrain_ks_distance(const double *a, size_t na, const double *b,
                              size_t nb);

#endif
