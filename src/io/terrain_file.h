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

#endif
