/* Crystallographic symmetry operations (x, y, z) -> R (x, y, z) + t on
 * fractional coordinates, parsed from the CIF "x,1/2+y,-z" notation, and
 * the expansion of an asymmetric unit to the full cell (P1). */
#ifndef PG_PHYSICS_CRYSTAL_SYMOP_H
#define PG_PHYSICS_CRYSTAL_SYMOP_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"

typedef struct pg_crystal_symop {
    double r[9]; /* row-major: f'_i = sum_j r[3i+j] f_j + t_i */
    double t[3];
} pg_crystal_symop;

/* Parse "x,1/2+y,-z", "-x+y,-x,z+1/3", "X, Y+0.5, -Z" (terms: +-x, +-y,
 * +-z with optional integer factor, integers, fractions p/q, decimals).
 * PG_ERR_FORMAT quoting the text when it is anything else. */
pg_status pg_crystal_symop_parse(const char *text, pg_crystal_symop *op);

/* One site of an asymmetric unit. */
typedef struct pg_crystal_site {
    double frac[3];
    int z;
} pg_crystal_site;

/* Apply every operation to every site, wrap into [0, 1) and merge atoms
 * of the same element closer than merge_tol (A, minimum image: atoms on
 * special positions, and files that list symmetry-equivalent atoms as
 * sites of their own). Any other two atoms closer than clash_tol (A) are
 * an error PG_ERR_FORMAT naming both sites (1-based) and the distance
 * (an unflagged disorder or a wrong symmetry), as is an expansion beyond
 * max_atoms atoms. Appends to out (lattice set by the caller
 * beforehand). */
pg_status pg_crystal_symop_expand(const pg_crystal_symop *ops, int n_ops,
                                  const pg_crystal_site *sites, int n_sites,
                                  double merge_tol, double clash_tol,
                                  int max_atoms, pg_crystal_structure *out,
                                  int *clash_a, int *clash_b);

#endif
