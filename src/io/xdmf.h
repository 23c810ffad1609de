/* XDMF sidecars: a small XML file next to an HDF5 file that tells ParaView
 * (Xdmf3ReaderS / XDMF reader) how to show a dataset of 2-D grids.
 *
 * The dataset is read in place from the HDF5 file (HyperSlab selections, no
 * copy). Two layouts:
 *   rank 3 (K, H, W), e.g. /terrain: a spatial collection of K uniform
 *     grids "item-NN", one per 2-D array;
 *   rank 4 (S, T, H, W), e.g. foam /labels: a temporal collection over the
 *     T time values, each a spatial collection of the S grids at that time.
 * Each grid is a 3DCoRectMesh of 1 x H x W points (values are point
 * samples: a DEM cell's elevation at its centre), spacing dy along rows
 * and dx along columns, so lengths in ParaView are metres. XDMF lists
 * dimensions, origins and spacings slowest axis first (z, y, x). With
 * side_by_side the grids are laid out along x with one empty cell between
 * them so that all are visible at once; otherwise they share the origin.
 * Not collective.
 */
#ifndef PG_IO_XDMF_H
#define PG_IO_XDMF_H

#include <stddef.h>

#include "base/status.h"
#include "io/h5.h"

typedef struct pg_xdmf_field {
    const char *h5_file;   /* as the .xmf should name it: usually the
                              HDF5 file's name relative to the .xmf */
    const char *dataset;   /* "/terrain" */
    const char *name;      /* attribute name shown in ParaView */
    pg_h5_type type;       /* PG_H5_F32, F64, I32 or I16 */
    int rank;              /* 3 or 4 */
    size_t dims[4];        /* (K, H, W) or (S, T, H, W) */
    double dx, dy;         /* spacing along columns (x) and rows (y), > 0 */
    const double *times;   /* rank 4: T time values; NULL: 0, 1, ... */
    int side_by_side;
} pg_xdmf_field;

/* The XDMF text of f into *out (malloc'd, NUL-terminated). PG_ERR_ARG
 * naming the bad field. */
pg_status pg_xdmf_format(const pg_xdmf_field *f, char **out);
/* Format and write to xmf_path atomically (PG_ERR_IO naming it). */
pg_status pg_xdmf_write(const char *xmf_path, const pg_xdmf_field *f);

#endif
