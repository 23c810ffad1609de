/* Depression penalty (docs/physics.md, "Depression penalty
 * (terrain.depression)"): real land drains, so a generated patch should
 * hold little water. For each sample, with F the priority-flood filled
 * surface (terrain_fill.h; every boundary cell an outlet),
 *
 *   P = (1 / (H W)) sum_i (F_i - z_i)^2          [m^2]
 *
 * averaged over the N samples: the mean squared depth of standing water.
 * F_i equals z_i outside closed depressions and the elevation of the
 * depression's pour cell p(i) inside, so almost everywhere
 *
 *   dP/dz_i   = -2 (F_i - z_i) / (H W)           (the cell itself)
 *   dP/dz_p  += +2 (F_i - z_i) / (H W)           (its pour cell)
 *
 * descent raises pit bottoms and lowers the sills that dam them, carving
 * an outlet. P is piecewise smooth (kinks where two cells tie for a fill
 * level), like a ReLU. Workspace per grid; eval does not allocate. */
#ifndef PG_PHYSICS_TERRAIN_DEPRESSION_H
#define PG_PHYSICS_TERRAIN_DEPRESSION_H

#include <stddef.h>

#include "base/status.h"
#include "physics/penalty.h"
#include "physics/terrain/terrain_fill.h"
#include "physics/terrain/terrain_penalties.h"

typedef struct pg_terrain_depression {
    pg_terrain_fill *fill;
} pg_terrain_depression;

pg_status pg_terrain_depression_create(int h, int w,
                                       pg_terrain_depression **out);
void pg_terrain_depression_destroy(pg_terrain_depression **d);

/* P over n samples of h*w elevations (metres, finite). When grad is not
 * NULL, ADDS weight * dP/dz into it (n*h*w floats). */
double pg_terrain_depression_penalty(pg_terrain_depression *d, const float *z,
                                     int n, float weight, float *grad);

/* The penalty "terrain.depression" (physics/penalty.h) on (N, 1, H, W)
 * elevations in metres of grid g's size. */
pg_status pg_terrain_depression_penalty_create(const pg_terrain_grid *g,
                                              double weight,
                                              pg_penalty **out);

#endif
