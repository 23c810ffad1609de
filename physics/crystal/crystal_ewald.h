/* The Ewald electrostatic energy of a periodic crystal of point charges
 * (docs/crystals.md, "Ewald energy"):
 *
 *   E = E_real + E_recip + E_self + E_background                (eV)
 *   E_real  = k_e sum_pairs q_i q_j erfc(alpha r) / r             (pairs of
 *             images as crystal_pairs.h visits them, r < r_cut)
 *   E_recip = k_e (2 pi / V) sum_{k != 0, |k| < k_cut}
 *             exp(-k^2 / (4 alpha^2)) / k^2 |sum_j q_j exp(i k.r_j)|^2
 *   E_self  = -k_e alpha / sqrt(pi) sum_i q_i^2
 *   E_background = -k_e pi Q^2 / (2 V alpha^2)  (Q = sum q: a uniform
 *             neutralising background for a charged cell)
 *
 * with k_e = e^2 / (4 pi eps0) = 14.3996454784 eV A, charges in e, lengths
 * in A, k = 2 pi m L^-T. The splitting is automatic: alpha = sqrt(pi)
 * (n / V^2)^(1/6) balances the two sums' cost, and with p = -ln(accuracy)
 * r_cut = sqrt(p) / alpha, k_cut = 2 alpha sqrt(p) make each sum's
 * truncated terms smaller than `accuracy` relative to its leading ones.
 * The gradient is analytic with respect to fractional coordinates, the
 * lattice matrix and the charges (alpha held fixed: E does not depend on
 * it beyond the truncation error). erfc is GSL's.
 */
#ifndef PG_PHYSICS_CRYSTAL_EWALD_H
#define PG_PHYSICS_CRYSTAL_EWALD_H

#include "base/status.h"

#define PG_CRYSTAL_COULOMB_EV_A 14.3996454784255 /* e^2/(4 pi eps0), eV A */

enum { PG_CRYSTAL_EWALD_MAX_ATOMS = 512 }; /* per cell (no allocation) */

typedef struct pg_crystal_ewald_grad {
    double *frac;   /* n x 3 (eV per unit fractional coordinate), or NULL */
    double *L;      /* 9 (eV/A), or NULL */
    double *charge; /* n (eV/e), or NULL */
} pg_crystal_ewald_grad;

/* The splitting the sum used. */
typedef struct pg_crystal_ewald_info {
    double alpha;           /* 1/A */
    double r_cut, k_cut;    /* A, 1/A */
    long n_real, n_recip;   /* pair-image terms and k vectors summed */
} pg_crystal_ewald_info;

/* E (eV) of n charges q (e) at frac (n x 3) in cell L; g (may be NULL)
 * gets the derivatives ADDED; info may be NULL. accuracy in (0, 0.1]
 * (1e-12 reaches the Madelung constants to 1e-9; 1e-6 is enough for a
 * training penalty). PG_ERR_ARG for a singular cell, bad accuracy or n >
 * PG_CRYSTAL_EWALD_MAX_ATOMS. */
pg_status pg_crystal_ewald(const double L[9], const double *frac,
                           const double *q, int n, double accuracy,
                           double *energy, const pg_crystal_ewald_grad *g,
                           pg_crystal_ewald_info *info);

#endif
