/* Shannon ionic radii per oxidation state (data/crystal/shannon_radii.tsv,
 * embedded into the library at build time): R. D. Shannon, Acta Cryst.
 * A32 (1976) 751, as pymatgen ships it; one crystal radius per (element,
 * oxidation state) at six-fold coordination, else the coordination nearest
 * six (scripts/crystal/make_shannon_table.py). The substitutions of
 * `simulate crystal` compare these radii, and the Born-Mayer repulsion
 * (crystal_repulsion.h) uses them as the ions' sizes.
 */
#ifndef PG_PHYSICS_CRYSTAL_RADII_H
#define PG_PHYSICS_CRYSTAL_RADII_H

#include "base/status.h"

/* The radius (A) of element z in oxidation state ox; NAN when the table
 * has none. *radius is NAN too when the shipped table is malformed, which
 * the status then names (PG_ERR_FORMAT with the line). */
pg_status pg_crystal_shannon_radius(int z, int ox, double *radius);

#endif
