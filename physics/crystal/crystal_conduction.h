/* A conductivity PROXY for a mobile cation M (Li+ or Na+), not a
 * conductivity (docs/crystals.md, "Conductivity proxy"):
 *
 *   1. the bond-valence-sum mismatch landscape (S. Adams, Acta Cryst. B57
 *      (2001) 278): a probe M at grid point r (spacing about 0.2 A) has
 *        dV(r) = | sum_X exp((R0_MX - |r - r_X|) / b) - ox_M |   (v.u.)
 *      over the anions X (ox < 0) within the cutoff, b = 0.37 A, R0 from
 *      the Brese & O'Keeffe element parameters (crystal_bv.h); points
 *      closer to another (non-M) cation than block * (R_M + R_cation)
 *      are closed (+inf). M's own sites are where it may go, so M atoms
 *      are left out of the landscape;
 *   2. the percolation levels of dV in 1, 2 and 3 dimensions
 *      (crystal_percolation.h): the lowest mismatch at which a path of
 *      accessible points wraps the periodic cell (a channel, a layer, a
 *      network). Lower is a better-connected structure for M;
 *   3. the shortest M-M hop: the minimum-image distance between M atoms
 *      (an atom and its own images included), A.
 *
 * A landscape in valence units, not an energy: the true bond-valence
 * site energy (softBV, Chen & Adams) needs per-pair Morse parameters that
 * no Debian package ships. Not differentiable (percolation is a
 * threshold): a model is steered by a learned head, not by this directly.
 */
#ifndef PG_PHYSICS_CRYSTAL_CONDUCTION_H
#define PG_PHYSICS_CRYSTAL_CONDUCTION_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"

typedef struct pg_crystal_proxy_opts {
    int mobile_z;     /* 3 (Li) or 11 (Na); any cation with BV parameters */
    int mobile_ox;    /* its oxidation state (1) */
    double spacing;   /* grid spacing, A (0.2) */
    double cutoff;    /* M-anion cutoff, A (6) */
    double block;     /* cation exclusion as a fraction of radii (0.75) */
} pg_crystal_proxy_opts;

pg_crystal_proxy_opts pg_crystal_proxy_defaults(int mobile_z);

typedef struct pg_crystal_proxy {
    int n[3];              /* grid */
    double min_mismatch;   /* lowest dV on the grid, v.u. */
    double level[3];       /* percolation levels, 1/2/3 D, v.u. (inf: none) */
    double min_hop;        /* A; inf with no M atom */
    int n_mobile;          /* M atoms in the cell */
} pg_crystal_proxy;

/* The landscape of s (oxidation states set: s->ox) on the grid; *values
 * malloc'd, n[0] n[1] n[2] doubles ((i n1 + j) n2 + k: point (i/n0, j/n1,
 * k/n2)). PG_ERR_ARG naming the element without BV parameters. */
pg_status pg_crystal_mismatch_map(const pg_crystal_structure *s,
                                  const pg_crystal_proxy_opts *o, int n[3],
                                  double **values);

/* The whole proxy (map, percolation, hop). */
pg_status pg_crystal_proxy_compute(const pg_crystal_structure *s,
                                   const pg_crystal_proxy_opts *o,
                                   pg_crystal_proxy *out);

#endif
