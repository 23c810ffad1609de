/* Space groups through spglib (Debian libsymspg-dev): detection on a P1
 * structure, and the operations of a group named by symbol for CIFs that
 * give a symbol but no operations. */
#ifndef PG_CRYSTAL_IO_SPGLIB_H
#define PG_CRYSTAL_IO_SPGLIB_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"
#include "physics/crystal/crystal_symop.h"

/* The space-group number (1..230) and international symbol of s found by
 * spglib with tolerance symprec (A). PG_ERR_NUMERIC with spglib's message
 * when it finds none. */
pg_status pg_crystal_spacegroup(const pg_crystal_structure *s, double symprec,
                                int *number, char symbol[16]);

/* The symmetry operations of s (spglib at symprec, A) as permutations of
 * its atoms: operation k maps atom i onto atom perm[k n + i] (same
 * element, within 2 symprec after wrapping). *perm is malloc'd, *n_ops
 * operations (the identity among them); operations that map some atom
 * onto no atom are left out. PG_ERR_NUMERIC with spglib's message when
 * it finds no symmetry. */
pg_status pg_crystal_symmetry_permutations(const pg_crystal_structure *s,
                                           double symprec, int **perm,
                                           int *n_ops);

/* The operations of the group named by a Hall symbol (first choice), else
 * a Hermann-Mauguin symbol ("P 42/m n m", "R -3 c", "P 1 21/a 1"; a
 * trailing "{rhombohedral axes}" or ":R" picks that setting, as does a
 * rhombohedral cell: a = b = c, alpha = beta = gamma != 90), else the IT
 * number (its standard setting). *ops is malloc'd (*n of them).
 * PG_ERR_FORMAT naming the symbols when spglib knows none of them. */
pg_status pg_crystal_symops_from_symbol(const char *hall, const char *hm,
                                        int number, const double cell[6],
                                        pg_crystal_symop **ops, int *n);

/* The IT number of the group those symbols name (as above), 0 when none
 * is known. */
int pg_crystal_spacegroup_of_symbol(const char *hall, const char *hm,
                                    int number, const double cell[6]);

#endif
