/* A Born-Mayer-Huggins short-range repulsion between ions
 * (docs/crystals.md, "Relaxation"; parameters in data/crystal/born_mayer.tsv
 * with their sources):
 *
 *   E_rep = sum_pairs b |z_i z_j| exp((sigma_i + sigma_j - r_ij) / rho)  (eV)
 *
 * over every pair of periodic images (crystal_pairs.h, an atom with its
 * own images included), sigma the ions' Shannon radii (crystal_radii.h),
 * z their formal charges. For monovalent ions this is the Huggins-Mayer
 * form with the Tosi-Fumi b; the factor |z_i z_j| is this project's
 * choice (not a published parameterisation): the repulsion then balances
 * the Coulomb attraction, which grows as z_i z_j, at the same overlap, and
 * divalent oxides keep their size (MgO 4.18 A against the measured 4.21;
 * with b alone the cell collapses to 3.0 A, tests/unit_crystal_relax.c).
 * Pairs farther than sigma_i + sigma_j + rho ln(b / PG_CRYSTAL_REPULSION_EPS)
 * are left out (each such term is below that energy). Together with the
 * Ewald energy of the formal charges it is the force field of the
 * relaxation (crystal_relax.h).
 */
#ifndef PG_PHYSICS_CRYSTAL_REPULSION_H
#define PG_PHYSICS_CRYSTAL_REPULSION_H

#include "base/status.h"

#define PG_CRYSTAL_REPULSION_EPS 1e-7 /* eV: the smallest term kept */

typedef struct pg_crystal_born_mayer {
    double b;   /* eV */
    double rho; /* A */
} pg_crystal_born_mayer;

/* The shipped parameters (data/crystal/born_mayer.tsv, embedded).
 * PG_ERR_FORMAT naming the line when the table is malformed. */
pg_status pg_crystal_born_mayer_params(pg_crystal_born_mayer *p);

/* E_rep (eV) of n ions with radii sigma (A) and charges z (e; NULL: all
 * of magnitude 1) at frac (n x 3) in cell L;
 * g_frac (n x 3, eV per unit fractional coordinate) and g_L (9, eV/A) get
 * the derivatives ADDED when not NULL. PG_ERR_ARG for a singular cell. */
pg_status pg_crystal_repulsion(const double L[9], const double *frac,
                               const double *sigma, const double *z, int n,
                               const pg_crystal_born_mayer *p, double *energy,
                               double *g_frac, double g_L[9]);

/* The smallest r_ij / (sigma_i + sigma_j) over pairs of ions of opposite
 * charge (z_i z_j < 0), every periodic image; +inf when no such pair is
 * closer than the sum of radii. Real ionic crystals lie near 1 (Shannon's
 * radii reproduce bond lengths); a relaxation that ends far below has
 * fallen through the finite Born-Mayer barrier (docs/crystals.md).
 * PG_ERR_ARG for a singular cell. */
pg_status pg_crystal_overlap_min(const double L[9], const double *frac,
                                 const double *sigma, const double *z, int n,
                                 double *ratio);

#endif
