/* CIF files to P1 structures with oxidation states and space groups
 * (docs/crystals.md, "Importing CIF files"). For every data block with
 * atom sites:
 *   - the cell (PG: a, b, c, alpha, beta, gamma) must be given, and at
 *     least PG_CRYSTAL_IMPORT_MIN_SPACING thick between lattice planes;
 *   - a site with occupancy other than 1 or a disorder group/assembly
 *     rejects the block (partial occupancy and disorder are never kept);
 *     dummy sites (_atom_site_calc_flag dum) are not atoms and are left out;
 *   - the symmetry operations (or, when the file lists none, those of its
 *     Hall / Hermann-Mauguin symbol or IT number through spglib) expand
 *     the sites to the whole cell, merging images of a site closer than
 *     merge_tol; images of different sites closer than clash_tol reject
 *     the block;
 *   - spglib finds the space group of the P1 result (symprec), compared
 *     with the group the file states;
 *   - oxidation states by the bond-valence method (crystal_oxidation.h);
 *     no neutral assignment rejects the block.
 * Each rejection has a reason (counted) and a message naming the file and
 * the block, site or tag at fault.
 */
#ifndef PG_CRYSTAL_IO_IMPORT_H
#define PG_CRYSTAL_IO_IMPORT_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"

/* Thinnest cell imported (A between lattice planes). */
#define PG_CRYSTAL_IMPORT_MIN_SPACING 1.0

typedef struct pg_crystal_import_opts {
    double merge_tol;   /* A (default 0.1) */
    double clash_tol;   /* A (default 0.5) */
    double symprec;     /* A, spglib tolerance (default 0.01) */
    double bv_cutoff;   /* A (default 4.5) */
    int max_atoms;      /* per cell (default 500) */
} pg_crystal_import_opts;

pg_crystal_import_opts pg_crystal_import_defaults(void);

typedef enum pg_crystal_reject {
    PG_CRYSTAL_REJECT_UNREADABLE,
    PG_CRYSTAL_REJECT_NO_SITES,
    PG_CRYSTAL_REJECT_BAD_CELL,
    PG_CRYSTAL_REJECT_PARTIAL_OCCUPANCY,
    PG_CRYSTAL_REJECT_DISORDER,
    PG_CRYSTAL_REJECT_UNKNOWN_ELEMENT,
    PG_CRYSTAL_REJECT_NO_SYMMETRY,
    PG_CRYSTAL_REJECT_SITE_CLASH,
    PG_CRYSTAL_REJECT_TOO_MANY_ATOMS,
    PG_CRYSTAL_REJECT_NO_BV_PARAMS,
    PG_CRYSTAL_REJECT_NOT_NEUTRAL,
    PG_CRYSTAL_REJECT_SPACEGROUP,
    PG_CRYSTAL_REJECT_COUNT
} pg_crystal_reject;

/* "partial_occupancy", ... (the JSON keys of the import summary). */
const char *pg_crystal_reject_name(pg_crystal_reject r);

typedef struct pg_crystal_entry {
    pg_crystal_structure *s;
    char source[512];   /* "path" or "path:data_block" when several */
    char formula[64];   /* reduced, cations first ("CaCO3") */
    int sg, sg_cif;     /* spglib's number; the file's (0: not stated) */
    char sg_symbol[16]; /* spglib's international symbol */
    double gii;         /* v.u. */
} pg_crystal_entry;

typedef struct pg_crystal_import {
    int n, cap;
    pg_crystal_entry *e;
    int files, blocks;
    int rejected[PG_CRYSTAL_REJECT_COUNT];
    int sg_agree, sg_differ, sg_unstated;
} pg_crystal_import;

/* Called for every rejection with the message (file and block or tag). */
typedef void (*pg_crystal_reject_fn)(void *ctx, pg_crystal_reject r,
                                     const char *message);

pg_status pg_crystal_import_create(pg_crystal_import **out);
void pg_crystal_import_destroy(pg_crystal_import **im);

/* Import the CIF files among paths; a directory contributes every *.cif
 * below it (recursively, in sorted order). PG_ERR_IO for a path that does
 * not exist; a file that is no CIF is a rejection, not an error. */
pg_status pg_crystal_import_paths(pg_crystal_import *im,
                                  const char *const *paths, int n,
                                  const pg_crystal_import_opts *o,
                                  pg_crystal_reject_fn report, void *ctx);

/* The number of distinct (formula, spglib space group) pairs. */
int pg_crystal_import_unique(const pg_crystal_import *im);

#endif
