/* Every periodic pair of atoms within a cutoff, in any triclinic cell
 * (crystal_lattice.h conventions). Each unordered pair of atom images is
 * visited once per distinct separation: atoms i < j with every lattice
 * translation n, and an atom with its own images (i == j, n != 0) with
 * weight 1/2 because n and -n are the same pair. A function summing
 * weight * f(r) over the visits gets the energy of the infinite crystal
 * per cell.
 */
#ifndef PG_PHYSICS_CRYSTAL_PAIRS_H
#define PG_PHYSICS_CRYSTAL_PAIRS_H

/* One visit: u = fj - fi + n (fractional, fj - fi wrapped first, so that
 * du/dfj = I and du/dfi = -I), d = u L (A), r = |d| (0 < r < cutoff). */
typedef struct pg_crystal_pair {
    int i, j;
    double u[3], d[3], r;
    double weight; /* 1, or 1/2 for an atom and its own image */
} pg_crystal_pair;

typedef void (*pg_crystal_pair_fn)(const pg_crystal_pair *p, void *ctx);

/* Visit the pairs of the n atoms (frac: n x 3) closer than cutoff. L^-1 is
 * given by the caller, who usually has it. */
void pg_crystal_pairs_each(const double L[9], const double Linv[9],
                           const double *frac, int n, double cutoff,
                           pg_crystal_pair_fn fn, void *ctx);

/* The chain rule of a pair term's derivative dE/dr into fractional
 * coordinates and lattice: ADDS dE/dr dr/dfj to g_frac[j], minus it to
 * g_frac[i], and dE/dr dr/dL to g_L (either may be NULL). */
void pg_crystal_pair_grad(const pg_crystal_pair *p, const double L[9],
                          double dedr, double *g_frac, double g_L[9]);

#endif
