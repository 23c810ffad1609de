/* The atom-spacing penalty (docs/crystals.md, "Spacing"): atoms of the
 * periodic crystal closer than a species-dependent bound
 *   b_ij = fraction * (R_i + R_j)       (R: radii, A)
 * cost
 *   P = sum over pairs of images  w_i w_j max(0, b_ij - r_ij)^2    (A^2)
 * (pairs as crystal_pairs.h visits them), with w_i in [0, 1] an atom's
 * occupancy weight (1 for a real atom; a generator's 1 - p(empty)). The
 * radii and weights may be expectations over a generator's species
 * probabilities, so the gradient covers them too.
 */
#ifndef PG_PHYSICS_CRYSTAL_SPACING_H
#define PG_PHYSICS_CRYSTAL_SPACING_H

#include "base/status.h"

typedef struct pg_crystal_spacing_grad {
    double *frac;   /* n x 3, or NULL */
    double *L;      /* 9, or NULL */
    double *radius; /* n, or NULL */
    double *weight; /* n, or NULL */
} pg_crystal_spacing_grad;

/* P of n atoms (frac n x 3, radius n in A, weight n) in cell L (rows a, b,
 * c in A); g (may be NULL) gets dP/d* ADDED. PG_ERR_ARG when L is singular
 * or fraction <= 0. */
pg_status pg_crystal_spacing(const double L[9], const double *frac,
                             const double *radius, const double *weight,
                             int n, double fraction, double *value,
                             const pg_crystal_spacing_grad *g);

/* The smallest interatomic distance of the crystal (minimum image, every
 * pair and every atom with its own images), A; +inf for n == 0. */
double pg_crystal_min_distance(const double L[9], const double *frac, int n);

#endif
