/* Charge validity of a composition, the rule CDVAE and DiffCSP count
 * (SMACT's neutral-ratio search with the Pauling test): some assignment of
 * one known oxidation state per element (the element table's ICSD states,
 * crystal_elements.h) makes the cell neutral, sum_e n_e ox_e = 0, and
 * every cation is less electronegative than every anion (Pauling). A
 * one-element composition is valid only in oxidation state 0 (which the
 * table never lists for an ion), so elemental cells are not valid: this
 * project's training set is ionic (stricter than SMACT, which passes
 * alloys). */
#ifndef PG_PHYSICS_CRYSTAL_CHARGE_VALID_H
#define PG_PHYSICS_CRYSTAL_CHARGE_VALID_H

#include "base/status.h"

enum { PG_CRYSTAL_VALID_MAX_ELEMENTS = 8 };

/* Elements z[0..n) (distinct) with counts count[0..n). *valid = 1 and
 * ox[0..n) the assignment found (the one with the smallest sum of |ox|
 * among the valid ones, so common low states win), else *valid = 0.
 * More than PG_CRYSTAL_VALID_MAX_ELEMENTS elements: not valid. */
pg_status pg_crystal_charge_valid(const int *z, const int *count, int n,
                                  int *valid, int *ox);

#endif
