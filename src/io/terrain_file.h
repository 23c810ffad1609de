/* The cell sizes of a terrain/1 file (docs/formats.md), as every reader
 * of one takes them: cell_size_m, and cell_size_y_m (north-south) for
 * grids whose cells are not square (geographic DEMs, docs/terrain.md). */
#ifndef PG_DATA_TERRAIN_FILE_H
#define PG_DATA_TERRAIN_FILE_H

#include "base/status.h"
#include "io/h5.h"

/* *dx_m = cell_size_m, *dy_m = cell_size_y_m or, when f has none (square
 * cells), cell_size_m. Errors as pg_h5_attr_read_double. */
pg_status pg_terrain_file_cells(pg_h5_file *f, double *dx_m, double *dy_m);

/* The whole /terrain dataset of an open terrain/1 file: *n patches of
 * *h x *w float32 elevations in metres (*z malloc'd, the caller frees it)
 * and the cell sizes. PG_ERR_FORMAT naming the file when /terrain is not
 * float32 (N, H, W) with N > 0; nothing allocated on error. */
pg_status pg_terrain_file_read(pg_h5_file *f, size_t *n, int *h, int *w,
                               double *dx_m, double *dy_m, float **z);

#endif
