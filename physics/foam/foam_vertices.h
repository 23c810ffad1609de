/* Vertices of foam label fields and the angles between films there.
 *
 * A vertex plaquette is a 2 x 2 block of sites (periodic) holding >= 3
 * distinct bubbles (foam_diag components). Plaquettes of one physical
 * vertex often touch, so vertex plaquettes are grouped into clusters
 * (8-connected on the plaquette lattice); a cluster is one vertex whose
 * order is the number of distinct bubbles in it (3: a Plateau vertex;
 * >= 4: a 4-fold vertex or two vertices closer than two sites, i.e. a T1
 * in progress).
 *
 * Angles at a 3-fold vertex: for each of its three films (pairs of its
 * bubbles) the direction from the vertex centre (mean of its plaquette
 * centres) to the mean midpoint of that pair's boundary edges within
 * PG_FOAM_ANGLE_RADIUS sites; the three angles between consecutive
 * directions sum to 360 degrees. Lattice films are staircases, so single
 * angles scatter by a few degrees even in a regular honeycomb.
 */
#ifndef PG_DATA_FOAM_VERTICES_H
#define PG_DATA_FOAM_VERTICES_H

#include <stddef.h>

#include "base/status.h"
#include "physics/foam/foam_diag.h"

/* Radius (sites) over which film directions are averaged at a vertex. */
#define PG_FOAM_ANGLE_RADIUS 4.0
enum { PG_FOAM_ANGLE_BINS = 180 }; /* 1-degree bins over [0, 180) */

typedef struct pg_foam_vertex_stats {
    size_t vertices, threefold;      /* clusters, those with 3 bubbles */
    size_t angles;                   /* angles measured */
    double angle_sum, angle_dev_sum; /* sum of angles, of |angle - 120| */
    size_t hist[PG_FOAM_ANGLE_BINS];
} pg_foam_vertex_stats;

typedef struct pg_foam_vertices pg_foam_vertices;

pg_status pg_foam_vertices_create(int h, int w, pg_foam_vertices **out);
void pg_foam_vertices_destroy(pg_foam_vertices **v);
/* Add the vertices of the frame last analysed by d (same h x w) to s. */
void pg_foam_vertices_add(pg_foam_vertices *v, const pg_foam_diag *d,
                          pg_foam_vertex_stats *s);
/* threefold / vertices (NAN without vertices); mean |angle - 120| in
 * degrees (NAN without angles). */
double pg_foam_vertex_threefold_fraction(const pg_foam_vertex_stats *s);
double pg_foam_vertex_angle_deviation(const pg_foam_vertex_stats *s);

/* Two-sample Kolmogorov-Smirnov distance sup |F_a - F_b| of two samples
 * (sorted in place; na, nb >= 1). */
double pg_foam_ks_distance(double *a, size_t na, double *b, size_t nb);

#endif
