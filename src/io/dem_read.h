/* Reading digital elevation models (`physgan import dem`, docs/terrain.md
 * "Importing elevation data").
 *
 * Two kinds of input:
 *  - any raster GDAL opens (GeoTIFF, ESRI ASCII grid, ...): band 1, its
 *    no-data value, geotransform and CRS;
 *  - NumPy .npy files (recognised by their magic bytes, whatever the
 *    name): version 1, 2 or 3 headers, dtype '<f4', '<f8', '<i2' or '<i4',
 *    C order, 2-D. They carry no georeferencing, so the cell size must be
 *    given.
 *
 * Cell sizes in metres:
 *  - given cell sizes (options) win over the file's;
 *  - projected CRS: the geotransform's pixel size times the CRS's linear
 *    unit in metres (OSRGetLinearUnits: feet are converted);
 *  - geographic CRS (degrees): at the raster's centre latitude phi,
 *    dx = N(phi) cos(phi) dlambda and dy = M(phi) dphi, with N and M the
 *    prime-vertical and meridional radii of curvature of the CRS's
 *    ellipsoid. Cells are then not square, and the sizes are exact at the
 *    centre latitude only (an approximation for the rest of the raster);
 *  - no usable georeferencing and no given size: an error.
 * Rotated geotransforms are refused.
 */
#ifndef PG_DATA_DEM_READ_H
#define PG_DATA_DEM_READ_H

#include <stddef.h>

#include "base/status.h"

typedef struct pg_dem_read_options {
    double cell_size_m;    /* > 0: use it for x (and y unless below) */
    double cell_size_y_m;  /* > 0: use it for y */
    int has_nodata;        /* 1: cells equal to nodata are no-data (.npy, or
                              overriding a raster's own value) */
    double nodata;
} pg_dem_read_options;

/* How the cell size was obtained. */
typedef enum pg_dem_cell_source {
    PG_DEM_CELL_GIVEN,      /* from the options */
    PG_DEM_CELL_PROJECTED,  /* projected CRS linear units */
    PG_DEM_CELL_GEOGRAPHIC, /* ellipsoid radii at the centre latitude */
} pg_dem_cell_source;

typedef struct pg_dem {
    int rows, cols;
    float *z;                /* rows*cols metres, row-major as stored (row 0
                                is north for a north-up raster); no-data
                                cells are NaN */
    size_t n_nodata;
    double dx_m, dy_m;       /* cell size along columns (x) and rows (y) */
    pg_dem_cell_source cell_source;
    double centre_lat_deg;   /* geographic rasters only */
    char *crs;               /* WKT; "" when unknown */
    char *crs_name;          /* "WGS 84", "NAD83 / UTM zone 16N"; "" */
    char *source;            /* the path read */
    const char *format;      /* "npy" or GDAL's driver short name */
} pg_dem;

/* Read path (GDAL raster or .npy). Errors name the file: PG_ERR_IO when it
 * cannot be opened (with GDAL's message), PG_ERR_FORMAT for unsupported
 * content (npy dtype, rank, order; rotated grids; a raster whose every
 * cell is no-data), PG_ERR_ARG for a missing cell size. Not collective. */
pg_status pg_dem_read(const char *path, const pg_dem_read_options *o,
                      pg_dem **out);
void pg_dem_destroy(pg_dem **d);

/* Cell size in metres of a dlon_deg x dlat_deg cell centred at lat_deg on
 * an ellipsoid of semi-major axis a_m and inverse flattening inv_f (0 for
 * a sphere of radius a_m). */
void pg_dem_geographic_cell_size(double lat_deg, double dlon_deg,
                                 double dlat_deg, double a_m, double inv_f,
                                 double *dx_m, double *dy_m);

#endif
