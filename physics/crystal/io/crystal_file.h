/* crystal/1 HDF5 files (docs/formats.md, "crystal/1"): N structures,
 * padded to A = the largest atom count:
 *   /lattice     float32 (N, 6)    a, b, c (A), alpha, beta, gamma (deg)
 *   /matrix      float32 (N, 3, 3) lattice rows a, b, c (A), standard
 *                                  orientation (a along x, b in xy)
 *   /frac        float32 (N, A, 3) fractional coordinates in [0, 1)
 *   /species     int16   (N, A)    atomic number Z, 0 = padding (units "1")
 *   /oxidation   int16   (N, A)    oxidation state (e), 0 on padding
 *   /natoms      int32   (N)
 *   /spacegroup  int32   (N)       spglib's IT number at attr symprec_A
 *   /spacegroup_cif int32 (N)      the file's stated group (0: none)
 *   /source      string  (N)       file (and data block) of each
 *   /formula     string  (N)       reduced formula
 *   /props/gii   float32 (N)       global instability index (v.u.)
 * Root attributes: physgan_schema "crystal/1", created_by, source,
 * max_atoms, symprec_A.
 */
#ifndef PG_CRYSTAL_IO_FILE_H
#define PG_CRYSTAL_IO_FILE_H

#include "base/status.h"
#include "physics/crystal/io/crystal_import.h"

/* Write the imported structures to path atomically (temporary file,
 * fsync, rename). PG_ERR_ARG when there are none. */
pg_status pg_crystal_file_write(const char *path, const pg_crystal_import *im,
                                double symprec, const char *source);

typedef struct pg_h5_file pg_h5_file;

/* What a writer other than `import cif` changes in the layout. */
typedef struct pg_crystal_file_layout {
    int pad_atoms;  /* A; 0: the largest atom count (import cif). A fixed
                       A lets `physgan merge` join files of one run */
    int no_strings; /* leave out /source and /formula (merge cannot join
                       strings) */
    /* More datasets (e.g. /props/...) written before the commit. */
    pg_status (*extra)(pg_h5_file *w, void *ctx);
    void *ctx;
} pg_crystal_file_layout;

/* As pg_crystal_file_write with that layout. PG_ERR_ARG when a structure
 * has more atoms than layout->pad_atoms. */
pg_status pg_crystal_file_write_layout(const char *path,
                                       const pg_crystal_import *im,
                                       double symprec, const char *source,
                                       const pg_crystal_file_layout *layout);

/* The arrays of a crystal/1 file as written above (strings not read). */
typedef struct pg_crystal_data {
    int n, max_atoms;
    float *lattice, *matrix, *frac;
    short *species, *oxidation;
    int *natoms, *spacegroup;
} pg_crystal_data;

/* Read path (schema checked). PG_ERR_FORMAT naming the dataset whose
 * shape does not fit. */
pg_status pg_crystal_file_read(const char *path, pg_crystal_data **out);
void pg_crystal_data_destroy(pg_crystal_data **d);

/* Structure i of d (lattice, atoms, oxidation states; site = the atom's
 * row) into s, replacing its atoms. */
pg_status pg_crystal_data_structure(const pg_crystal_data *d, int i,
                                    pg_crystal_structure *s);

/* One per-structure dataset of path (n values; "/props/proxy_level_3d"):
 * int32 into buf when as_int, else float32. PG_ERR_FORMAT naming the file
 * and the dataset when it is missing or of another length. */
pg_status pg_crystal_file_read_prop(const char *path, const char *name, int n,
                                    int as_int, void *buf);

#endif
