/* The bicubic baseline of terrain super-resolution (docs/terrain.md,
 * "Super-resolution"): a coarse patch of block averages is interpolated
 * back to the fine grid with GSL's gsl_spline2d / gsl_interp2d_bicubic.
 *
 * Coarse value (i, j) is the mean of fine cells [i f, i f + f) x [j f,
 * j f + f), so it is placed at the block's centre, fine coordinate
 * (i f + (f - 1) / 2, j f + (f - 1) / 2). Fine cells within (f - 1) / 2 of
 * the border lie outside the coarse centres and are extrapolated with the
 * edge cubics (gsl_spline2d_eval_extrap). A plane is reproduced exactly
 * (its block averages are its centre values, and the spline's derivative
 * estimates are exact for linear data). */
#ifndef PG_PHYSICS_TERRAIN_BICUBIC_H
#define PG_PHYSICS_TERRAIN_BICUBIC_H

#include "base/status.h"

typedef struct pg_terrain_bicubic pg_terrain_bicubic;

/* Workspace for coarse patches of ch x cw cells (each >= 4, the bicubic
 * minimum) upsampled by factor >= 1. */
pg_status pg_terrain_bicubic_create(int ch, int cw, int factor,
                                    pg_terrain_bicubic **out);
void pg_terrain_bicubic_destroy(pg_terrain_bicubic **b);

/* Interpolate one coarse patch (ch*cw values) to the fine grid (ch f x
 * cw f values). No allocation. */
pg_status pg_terrain_bicubic_upsample(pg_terrain_bicubic *b,
                                      const float *coarse, float *fine);

/* Bicubic plus iterative back-projection (Irani & Peleg 1991), the next
 * simple baseline: start from the bicubic patch, then iters times take
 * the difference between the coarse patch and the block means of the
 * current estimate, upsample it bicubically and add it. The block means
 * converge to the coarse values. No allocation. */
#define PG_TERRAIN_BACKPROJECT_ITERS 5
pg_status pg_terrain_bicubic_backproject(pg_terrain_bicubic *b,
                                         const float *coarse, int iters,
                                         float *fine);

#endif
