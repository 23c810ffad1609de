/* Slope-distribution penalty (docs/physics.md, "Slope distribution
 * (terrain.slope_dist)"): the slope angles of a generated batch should be
 * distributed like the training DEM's, not only stay under a limit. Real
 * hillslopes cluster around a characteristic angle (threshold hillslopes);
 * smooth generated hills spread their slopes from flat to steep, which a
 * slope limit cannot see and a two-sample classifier does.
 *
 * With theta_c = atan |grad z|_c (radians) over the M = N H W cells of the
 * batch, sorted as theta_(1) <= ... <= theta_(M), and Q the quantile
 * function of the training data's slope angles (pooled over its patches),
 *
 *   P = (1 / M) sum_k (theta_(k) - Q((k - 1/2) / M))^2       [rad^2]
 *
 * the squared 2-Wasserstein distance between the batch's empirical slope
 * distribution and the data's (in one dimension the optimal coupling pairs
 * sorted values with quantiles). Almost everywhere (away from ties)
 *
 *   dP/dtheta_c = 2 (theta_c - q_rank(c)) / M,
 *   dtheta/ds = 1 / (1 + s^2),  ds/dzx = zx / s,  ds/dzy = zy / s,
 *
 * with s = |grad z| (m/m; a flat cell, s = 0, gets no gradient), then the
 * adjoint of the slope stencil (terrain_penalties.h). Sorting by GSL
 * (gsl_sort_index).
 *
 * The reference is a histogram of the data's slope angles in bins of
 * PG_TERRAIN_SLOPE_DIST_BIN_DEG over [0, 90) degrees, each patch's cells
 * as fractions (so the mean over patches is the pooled histogram); Q
 * interpolates its cumulative sum linearly inside a bin. */
#ifndef PG_PHYSICS_TERRAIN_SLOPE_DIST_H
#define PG_PHYSICS_TERRAIN_SLOPE_DIST_H

#include <stddef.h>

#include "base/status.h"
#include "physics/penalty.h"
#include "physics/terrain/terrain_penalties.h"

#define PG_TERRAIN_SLOPE_DIST_BIN_DEG 0.05
enum { PG_TERRAIN_SLOPE_DIST_BINS = 1800 };

/* ADDS n patches' slope-angle histograms into hist (BINS doubles), each
 * patch's as fractions of its cells: after dividing by the patches seen,
 * hist is the pooled distribution. deg: scratch of H*W doubles. */
void pg_terrain_slope_dist_hist_add(const pg_terrain_grid *g, const float *z,
                                    size_t n, double *deg, double *hist);

/* The penalty's state for batches of up to max_n patches of grid g, and
 * the reference histogram ref (BINS values summing to 1 within 1e-6;
 * copied). PG_ERR_ARG naming what is wrong with ref. */
typedef struct pg_terrain_slope_dist pg_terrain_slope_dist;
pg_status pg_terrain_slope_dist_create(const pg_terrain_grid *g, int max_n,
                                       const double *ref,
                                       pg_terrain_slope_dist **out);
void pg_terrain_slope_dist_destroy(pg_terrain_slope_dist **d);

/* The reference quantile Q(u) in radians, 0 <= u <= 1. */
double pg_terrain_slope_dist_quantile(const pg_terrain_slope_dist *d,
                                      double u);

/* P over n <= max_n patches (metres). When grad is not NULL, ADDS
 * weight * dP/dz into it (n*H*W floats). No allocation. */
double pg_terrain_slope_dist_penalty(pg_terrain_slope_dist *d, const float *z,
                                     int n, float weight, float *grad);

/* The penalty "terrain.slope_dist" (physics/penalty.h) on (N, 1, H, W)
 * elevations in metres, N <= max_n; PG_ERR_SHAPE for a larger batch. */
pg_status pg_terrain_slope_dist_penalty_create(const pg_terrain_grid *g,
                                               int max_n, const double *ref,
                                               double weight,
                                               pg_penalty **out);

#endif
