/* A structure as a P1 CIF file (space group P 1, every atom listed) that
 * COD's parser, VESTA, ASE and pymatgen read: the cell from the lattice
 * matrix (orientation is not kept: a CIF has none), fractional
 * coordinates, element type symbols with their charge ("Na1+") when an
 * oxidation state is set and an _atom_type_oxidation_number loop.
 * Written atomically. */
#ifndef PG_CRYSTAL_IO_CIF_WRITE_H
#define PG_CRYSTAL_IO_CIF_WRITE_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"
#include "physics/crystal/io/crystal_import.h"

/* block: the data block name (letters, digits, '_', '-', '.'; others
 * become '_'); note: a comment line (may be NULL). PG_ERR_ARG for an
 * atomic number outside the element table or a singular cell. */
pg_status pg_crystal_cif_write(const char *path, const pg_crystal_structure *s,
                               const char *block, const char *note);

/* Every imported structure as DIR/NNNN_FORMULA.cif (NNNN: its index in the
 * crystal/1 file), the source file named in a comment. dir must exist. */
pg_status pg_crystal_import_write_cifs(const pg_crystal_import *im,
                                       const char *dir);

#endif
