/* Bond valence (docs/crystals.md, "Bond valence"): bond valences
 *   s_ij = exp((R0_ij - r_ij) / b),  b = 0.37 A,
 * R0_ij from the Brese & O'Keeffe (1991) element parameters
 * (crystal_elements.h), summed over the periodic pairs closer than a
 * cutoff (crystal_pairs.h). A pair counts when its two atoms are on
 * opposite sides of a bond: with oxidation states given, a cation (ox >
 * 0) and an anion (ox < 0); without, the less electronegative atom of
 * two different elements is the cation, unless it has no positive
 * oxidation state or the other no negative one (then the roles swap if
 * the states allow, else the pair is no bond). The signed sum is
 *   V_i = +sum_j s_ij (cations),  -sum_j s_ij (anions)       (v.u.)
 * and the global instability index
 *   GII = sqrt(mean_i (V_i - ox_i)^2)                         (v.u.)
 * (Salinas-Sanchez et al., J. Solid State Chem. 100 (1992) 201).
 */
#ifndef PG_PHYSICS_CRYSTAL_BV_H
#define PG_PHYSICS_CRYSTAL_BV_H

#include "base/status.h"

#define PG_CRYSTAL_BV_B 0.37 /* A, Brown & Altermatt 1985 */

/* V (n values) of the atoms z at frac in cell L; ox (n) or NULL (the
 * electronegativity rule). PG_ERR_ARG naming the element when a counted
 * pair has no bond-valence parameters. */
pg_status pg_crystal_bv_sums(const double L[9], const double *frac,
                             const int *z, const int *ox, int n,
                             double cutoff, double *V);

/* GII of the atoms with oxidation states ox (not NULL), and when g_frac
 * (n x 3) or g_L (9) are not NULL, dGII/d* ADDED (GII > 0; 0 at GII = 0,
 * where it has no derivative). Atoms with ox == 0 (empty slots) are left
 * out of the mean and of every pair. V (n) is workspace. */
pg_status pg_crystal_gii(const double L[9], const double *frac, const int *z,
                         const int *ox, int n, double cutoff, double *V,
                         double *gii, double *g_frac, double g_L[9]);

#endif
