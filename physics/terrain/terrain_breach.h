/* Depression breaching: the hydrological conditioning a GIS applies to a
 * DEM before routing flow over it, for generated patches whose closed
 * pits no real landscape has (docs/terrain.md, "Breaching").
 *
 * After priority-flood filling (terrain_fill.h, ties inside a depression
 * taken lower ground first) every cell has a flow link to the cell that
 * reached it, ending at the patch edge; inside a closed depression the
 * links run from the pit through the lowest ground to the spill point and
 * out. Cells
 * are visited upstream first (reverse fill order) and each is lowered, if
 * needed, to `drop` below the lowest cell that drains through it, so that
 * every link descends: water leaves every cell over the edge. Depressions
 * are cut open along their flow path (a channel from the pit through the
 * rim), not filled: nothing is raised, and cells off those paths keep
 * their elevation. The carving of Soille (2004) along priority-flood
 * paths; not Lindsay's (2016) least-cost breaching. */
#ifndef PG_PHYSICS_TERRAIN_BREACH_H
#define PG_PHYSICS_TERRAIN_BREACH_H

#include <stddef.h>

#include "physics/terrain/terrain_fill.h"

/* The drop per flow link of a cut channel that generate --breach and
 * simulate terrain --breach use, metres: a millimetre, enough for float
 * elevations of real relief to descend, too little to see. */
#define PG_TERRAIN_BREACH_DROP_M 1e-3

typedef struct pg_terrain_breach_stats {
    size_t cells;       /* cells lowered */
    double max_cut_m;   /* deepest cut */
    double sum_cut_m;   /* total of the cuts (m x cells) */
} pg_terrain_breach_stats;

/* Breach one patch z (f's h x w elevations, finite), in place, with a
 * drop of drop_m (> 0) along each lowered link at least (a float step
 * more where drop_m is below the elevation's resolution). Adds what it
 * did to *st (may be NULL). */
void pg_terrain_breach_run(pg_terrain_fill *f, float *z, double drop_m,
                           pg_terrain_breach_stats *st);

/* The same, except that cells with keep[i] != 0 (h * w flags; NULL: none)
 * are sinks left as they are: never lowered, and what drains into them
 * stays there (no channel is cut through them). */
void pg_terrain_breach_run_keep(pg_terrain_fill *f, float *z, double drop_m,
                                const unsigned char *keep,
                                pg_terrain_breach_stats *st);

#endif
