/* The conductivity PROXY (physics/crystal/crystal_conduction.h) for every
 * structure of a crystal/1 file that contains the mobile ion: what
 * `physgan eval crystal` prints. */
#ifndef PG_CRYSTAL_IO_PROXY_FILE_H
#define PG_CRYSTAL_IO_PROXY_FILE_H

#include "base/status.h"
#include "physics/crystal/crystal_conduction.h"

typedef struct pg_crystal_proxy_row {
    int index;          /* structure in the file */
    char formula[64];
    int spacegroup, natoms;
    pg_crystal_proxy proxy;
} pg_crystal_proxy_row;

/* Rows (malloc'd, *n of them) for the structures of path that contain
 * o->mobile_z. The file needs /oxidation (written by import cif):
 * PG_ERR_FORMAT naming it otherwise. */
pg_status pg_crystal_proxy_file(const char *path,
                                const pg_crystal_proxy_opts *o,
                                pg_crystal_proxy_row **rows, int *n);

#endif
