/* A CIF file as the crystal importer needs it, read with COD's CIF parser
 * (Debian libcodcif-dev; only crystal_cif.c includes its headers, which
 * install under generic names such as cif.h and common.h).
 *
 * Values are copied out as text-free numbers where the importer wants
 * numbers: standard uncertainties "1.234(5)" are dropped, "?" and "."
 * mark a missing value. Nothing here judges the structure (occupancy,
 * symmetry, species): crystal_import.c does, naming file, block and tag.
 */
#ifndef PG_CRYSTAL_IO_CIF_H
#define PG_CRYSTAL_IO_CIF_H

#include "base/status.h"

typedef struct pg_crystal_cif_site {
    char label[32];   /* _atom_site_label */
    char type[32];    /* _atom_site_type_symbol, else the label */
    double frac[3];   /* _atom_site_fract_x/y/z (NAN when missing) */
    double occupancy; /* _atom_site_occupancy, 1 when not given */
    int disorder;     /* 1 when _atom_site_disorder_group or _assembly is
                         set (not '.' or '?') */
    int dummy;        /* 1 for _atom_site_calc_flag dum */
} pg_crystal_cif_site;

typedef struct pg_crystal_cif_block {
    char name[80];      /* data block name */
    double cell[6];     /* _cell_length_a..c (A), _cell_angle_* (deg);
                           NAN when missing (angles default to 90 when
                           the file gives none) */
    int n_ops;          /* symmetry operations as written ("x,1/2+y,-z") */
    char **ops;
    int sg_number;      /* _space_group_IT_number or _symmetry_Int_Tables_number; 0 */
    char hm[64];        /* Hermann-Mauguin symbol, "" when none */
    char hall[64];      /* Hall symbol, "" when none */
    char formula[128];  /* _chemical_formula_sum, "" when none */
    int n_sites;
    pg_crystal_cif_site *sites;
} pg_crystal_cif_block;

typedef struct pg_crystal_cif {
    int n_blocks;
    pg_crystal_cif_block *blocks;
} pg_crystal_cif;

/* Parse path. PG_ERR_IO when it cannot be read, PG_ERR_FORMAT with file
 * and line of the first syntax error the parser reports, or with the
 * data block and tag of a malformed number. Blocks without atom sites
 * are kept (n_sites = 0) so the caller can say so. */
pg_status pg_crystal_cif_read(const char *path, pg_crystal_cif **out);
void pg_crystal_cif_destroy(pg_crystal_cif **c);

#endif
