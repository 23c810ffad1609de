/* The crystal domain's element table (data/crystal/elements.tsv, embedded
 * into the library at build time so no run-time path is needed): Pauling
 * electronegativity, a radius for the spacing bound, the common oxidation
 * state, the oxidation states seen in real crystals and the Brese &
 * O'Keeffe (1991) bond-valence element parameters. The sources of every
 * column are in the data file's header and docs/crystals.md.
 */
#ifndef PG_PHYSICS_CRYSTAL_ELEMENTS_H
#define PG_PHYSICS_CRYSTAL_ELEMENTS_H

#include "base/status.h"

enum { PG_CRYSTAL_ZMAX = 96, PG_CRYSTAL_MAX_STATES = 12 };

typedef struct pg_crystal_element {
    int z;                 /* 0: not in the table */
    char symbol[4];
    double chi;            /* Pauling electronegativity; NAN when unknown */
    double radius;         /* A (Shannon crystal radius of ox, else Slater
                              atomic radius); NAN when unknown */
    int ox;                /* common oxidation state (0 when none) */
    int n_states;
    int states[PG_CRYSTAL_MAX_STATES]; /* ascending */
    double bv_r, bv_c;     /* Brese & O'Keeffe r (A) and c; NAN when none */
} pg_crystal_element;

/* The table, indexed by Z = 0..PG_CRYSTAL_ZMAX (entry 0 is empty). Parsed
 * once from the embedded data, thread-safe; PG_ERR_FORMAT naming the line
 * when the shipped table is malformed. */
pg_status pg_crystal_elements(const pg_crystal_element **table);

/* Z of an element symbol as CIFs write it: "Fe", "FE", "Fe2+", "Fe1"
 * (a label: trailing digits and charges ignored; two-letter symbols
 * preferred over one-letter ones). 0 when none matches. */
int pg_crystal_element_z(const pg_crystal_element *table, const char *symbol);

/* The bond-valence parameter R_ij (A) of Brese & O'Keeffe 1991 for a pair
 * of elements from their r and c; NAN when either has none. */
double pg_crystal_bv_r0(const pg_crystal_element *a,
                        const pg_crystal_element *b);

#endif
