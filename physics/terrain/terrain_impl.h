/* Shared between terrain.c and terrain_psd.c; not part of the API. */
#ifndef PG_PHYSICS_TERRAIN_IMPL_H
#define PG_PHYSICS_TERRAIN_IMPL_H

#include "physics/terrain/terrain_penalties.h"

/* M_PI is not in strict C11 (_POSIX_C_SOURCE builds). */
#define PG_TERRAIN_PI 3.14159265358979323846
#define PG_TERRAIN_LN10 2.30258509299404568402

/* x must be (N, 1, g->h, g->w); PG_ERR_SHAPE naming the penalty if not. */
pg_status pg_terrain_batch_check(const char *name, const pg_terrain_grid *g,
                                 const pg_tensor *x);

#endif
