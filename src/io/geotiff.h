/* GeoTIFF output through GDAL's GTiff driver: one float32 band, the
 * geotransform of a north-up grid with its lower-left corner at (0, 0)
 * and the cell sizes in metres, and a local engineering CRS in metres
 * (generated terrain has a scale but no place on Earth: QGIS and GDAL show
 * it at the right scale without inventing a location). Non-finite cells are
 * NaN, declared as the band's no-data value. The file is made in GDAL's
 * memory file system and written with io/atomic_file.h, so a killed
 * writer leaves the previous file or none. Not collective. */
#ifndef PG_IO_GEOTIFF_H
#define PG_IO_GEOTIFF_H

#include "base/status.h"

typedef struct pg_geotiff {
    int ncols, nrows;         /* >= 1 */
    double dx, dy;            /* cell size along x and y, metres, > 0 */
    const char *description;  /* TIFFTAG_IMAGEDESCRIPTION, or NULL */
} pg_geotiff;

/* Write the nrows x ncols values of z (row 0 = north) to path.
 * PG_ERR_ARG for a bad header, PG_ERR_IO naming the path and GDAL's
 * message. */
pg_status pg_geotiff_write(const char *path, const pg_geotiff *g,
                           const float *z);

#endif
