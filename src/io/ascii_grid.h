/* ESRI ASCII grids (.asc), the raster text format GDAL ("AAIGrid"), QGIS
 * and ArcGIS read.
 *
 * Header, one key and value a line, then nrows lines of ncols values:
 *   ncols 64
 *   nrows 64
 *   xllcorner 0
 *   yllcorner 0
 *   cellsize 30          (square cells)
 *   NODATA_value -9999
 * The first value line is the northern (top) row, each line west to east;
 * the grid's z array is written in that order (row 0 first), as
 * viz/hillshade.h and the PNGs draw it. Cells that are not square get
 * "dx" and "dy" lines instead of "cellsize": GDAL's AAIGrid driver reads
 * them (ESRI's own tools want cellsize only). NaN and infinite values are
 * written as NODATA_value. Values are printed with 9 significant digits,
 * which round-trips float32 exactly. Not collective.
 */
#ifndef PG_IO_ASCII_GRID_H
#define PG_IO_ASCII_GRID_H

#include "base/status.h"

typedef struct pg_ascii_grid {
    int ncols, nrows;        /* >= 1 */
    double xll, yll;         /* lower-left corner of the lower-left cell */
    double dx, dy;           /* cell size along x and y, > 0 */
    double nodata;           /* NODATA_value */
} pg_ascii_grid;

/* Write the nrows x ncols values of z (row 0 = top) to path atomically.
 * PG_ERR_ARG for a bad header, PG_ERR_IO naming the path. */
pg_status pg_ascii_grid_write(const char *path, const pg_ascii_grid *g,
                              const float *z);

/* Read a grid written by pg_ascii_grid_write or another AAIGrid writer
 * (keys in any case; xllcenter/yllcenter converted to corners). *z is
 * malloc'd nrows*ncols floats with NODATA cells set to NAN. PG_ERR_FORMAT
 * names the file, the line and what is wrong. */
pg_status pg_ascii_grid_read(const char *path, pg_ascii_grid *g, float **z);

#endif
