/* The reduced chemical formula of a set of atoms: element counts divided
 * by their greatest common divisor, elements in order of increasing
 * Pauling electronegativity (cations first: "NaCl", "CaCO3", "Al2O3"),
 * ties and unknown electronegativities by atomic number. */
#ifndef PG_PHYSICS_CRYSTAL_FORMULA_H
#define PG_PHYSICS_CRYSTAL_FORMULA_H

#include <stddef.h>

#include "base/status.h"

/* buf gets the formula; PG_ERR_ARG when it does not fit or a Z is out of
 * the table. */
pg_status pg_crystal_formula(const int *z, int n, char *buf, size_t cap);

#endif
