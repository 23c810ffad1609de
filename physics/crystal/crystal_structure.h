/* One periodic crystal structure on plain arrays: the domain's data type
 * (crystal_lattice.h conventions: lattice rows a, b, c in A, fractional
 * coordinates in [0, 1)). */
#ifndef PG_PHYSICS_CRYSTAL_STRUCTURE_H
#define PG_PHYSICS_CRYSTAL_STRUCTURE_H

#include "base/status.h"

typedef struct pg_crystal_structure {
    int n, cap;          /* atoms, allocated atoms */
    double lattice[9];   /* rows a, b, c (A) */
    double *frac;        /* n x 3 */
    int *z;              /* n atomic numbers */
    int *ox;             /* n oxidation states (0 = none assigned) */
    int *site;           /* n: the source site (CIF asymmetric unit row) */
} pg_crystal_structure;

/* An empty structure with room for cap atoms (grows on append). */
pg_status pg_crystal_structure_create(int cap, pg_crystal_structure **out);
void pg_crystal_structure_destroy(pg_crystal_structure **s);
/* Append one atom (frac wrapped into [0, 1)). */
pg_status pg_crystal_structure_append(pg_crystal_structure *s,
                                      const double frac[3], int z, int site);

#endif
