/* Percolation thresholds of a periodic scalar field on a grid (part of
 * the conductivity PROXY, docs/crystals.md "Conductivity proxy"): the
 * lowest level t at which the region {value <= t} contains a connected
 * cluster that wraps around the periodic cell in 1, 2 or 3 independent
 * directions (a channel, a layer, a 3D network).
 *
 * Union-find over the grid points in increasing order of value, 6
 * neighbours with periodic wrap, each node carrying the cell shift of its
 * image relative to its cluster's root ("winding vectors"): an edge that
 * closes a loop inside a cluster with a non-zero net shift w means the
 * cluster wraps along w, and the rank of a cluster's wraps is the number
 * of dimensions it percolates in.
 */
#ifndef PG_PHYSICS_CRYSTAL_PERCOLATION_H
#define PG_PHYSICS_CRYSTAL_PERCOLATION_H

#include "base/status.h"

/* The thresholds t[0], t[1], t[2] for 1, 2, 3 dimensions of the field v
 * on an n[0] x n[1] x n[2] grid (index (i n[1] + j) n[2] + k, periodic in
 * all three); INFINITY where it never percolates (values that are +inf
 * never join). PG_ERR_ARG for an empty grid; PG_ERR_NOMEM. */
pg_status pg_crystal_percolation(const double *v, const int n[3],
                                 double t[3]);

#endif
