/* Priority-flood depression filling (Barnes, Lehman & Mulla 2014) on one
 * patch, shared by the hydrology measures (terrain_hydro.h) and the
 * depression penalty (terrain_depression.h).
 *
 * Every boundary cell is an outlet. Cells leave a min-heap keyed by their
 * filled level (ties first in, first out) and raise each unvisited
 * neighbour to at least their own level, so a cell's filled level is the
 * lowest level at which water leaves it over the patch edge. Recorded per
 * cell: the filled level; the cell it was reached from (-1 for outlets:
 * a flow link on flats and in filled depressions, always to a cell that
 * left the heap earlier); and its pour cell, the cell whose own elevation
 * sets its filled level (itself where nothing was filled), so that
 * d filled_i / d z_pour(i) = 1 almost everywhere. The order in which cells
 * left the heap is ascending in filled level: a topological order of any
 * flow network that only drains to lower or earlier cells. 8-neighbours.
 * Workspace made once per grid size; fill never allocates. */
#ifndef PG_PHYSICS_TERRAIN_FILL_H
#define PG_PHYSICS_TERRAIN_FILL_H

#include "base/status.h"

typedef struct pg_terrain_fill {
    int h, w;
    double *filled;   /* h * w */
    int *from;        /* h * w: the neighbour that reached it, -1 outlets */
    int *pour;        /* h * w */
    int *order;       /* h * w cell indices, ascending filled level */
    void *heap;       /* private */
} pg_terrain_fill;

/* The 8 neighbours' row and column offsets, in the order used here. */
extern const int PG_TERRAIN_NB_DR[8], PG_TERRAIN_NB_DC[8];

pg_status pg_terrain_fill_create(int h, int w, pg_terrain_fill **out);
void pg_terrain_fill_destroy(pg_terrain_fill **f);
/* Fill one patch of h * w elevations (finite: the caller checks). */
void pg_terrain_fill_run(pg_terrain_fill *f, const float *z);
/* The same, but cells of equal filled level leave the heap lower ground
 * first (lower_first = 1) instead of first in, first out: inside a filled
 * depression the flow links then form a minimax tree (Prim's order), so the
 * path from the pit to the spill point runs through the lowest ground
 * (what breaching carves), not a straight breadth-first line. The filled
 * levels are the same either way. */
void pg_terrain_fill_run_ties(pg_terrain_fill *f, const float *z,
                              int lower_first);

#endif
