/* Draining a super-resolved patch without leaving its coarse DEM
 * (docs/terrain.md, "Flip ensemble and draining"): a super-resolution model
 * invents closed pits that the coarse DEM does not show, and plain
 * breaching (terrain_breach.h) removes them but lowers cells, so the
 * patch no longer averages back to the coarse values it was made from,
 * and it removes real depressions too.
 *
 * Here the two constraints are alternated: breach the closed depressions
 * open along their flow paths, then restore every factor x factor block's
 * mean exactly by adding the block's deficit to all its cells (the
 * projection pg_op_block_match makes inside the generator, src/nn), and
 * repeat. The projection comes last, so the result averages back to the
 * coarse patch (to float rounding). Depressions the coarse DEM shows are
 * real and kept: the blocks that priority-flood filling of the coarse
 * patch raises (terrain_fill.h) are sinks that breaching leaves alone
 * (pg_terrain_breach_run_keep); water that reaches them stays. Only the
 * closed depressions of the fine patch outside them are cut open. */
#ifndef PG_PHYSICS_TERRAIN_SR_DRAIN_H
#define PG_PHYSICS_TERRAIN_SR_DRAIN_H

#include "base/status.h"
#include "physics/terrain/terrain_breach.h"

/* Breach-then-project rounds `generate --drain` and `eval sr --drain`
 * use. */
#define PG_TERRAIN_SR_DRAIN_ROUNDS 8

/* Workspace for h x w patches upsampled by factor; run never allocates. */
typedef struct pg_terrain_sr_drain {
    int h, w, factor;
    pg_terrain_fill *fine, *coarse;
    unsigned char *keep;   /* h * w: cells of coarse depressions */
} pg_terrain_sr_drain;

pg_status pg_terrain_sr_drain_create(int h, int w, int factor,
                                     pg_terrain_sr_drain **out);
void pg_terrain_sr_drain_destroy(pg_terrain_sr_drain **d);

/* Add to every cell of the h x w patch z the difference between its
 * block's coarse value (coarse: (h / factor) x (w / factor)) and the
 * block's mean, so that each block averages to its coarse value.
 * PG_ERR_ARG when h or w is not a multiple of factor. */
pg_status pg_terrain_sr_block_match(float *z, int h, int w,
                                    const float *coarse, int factor);

/* `rounds` (>= 1) times: breach z (h x w, finite) outside the coarse
 * depressions of coarse with drop_m per link, then
 * pg_terrain_sr_block_match. Breaching statistics are added to *st (may
 * be NULL). */
pg_status pg_terrain_sr_drain_run(pg_terrain_sr_drain *d, float *z,
                                  const float *coarse, int rounds,
                                  double drop_m, pg_terrain_breach_stats *st);

#endif
