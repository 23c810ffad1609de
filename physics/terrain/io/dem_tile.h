/* Cutting a DEM into training and validation patches (`physgan import
 * dem`, docs/terrain.md "Importing elevation data").
 *
 * Split by region: the raster's columns are cut into a training strip
 * [0, split_col - gap) and a validation strip [split_col, cols), with
 * split_col = cols - round(val_fraction * cols) and `gap` columns left
 * unused between them. Patches of patch x patch cells are laid on each
 * strip's own grid (origins every `stride` cells from the strip's first
 * column and from row 0) and never cross a strip's edge, so no validation
 * patch shares a cell with a training patch.
 *
 * No-data: a patch whose share of no-data cells exceeds max_nodata, or
 * that has no valid cell, is dropped. In a kept patch every no-data cell
 * is filled by rounds of neighbour averaging inside the patch: each round,
 * every still-empty cell with at least one valid 8-neighbour takes the
 * mean of those neighbours' values from the previous round (Jacobi-style,
 * so the result does not depend on the scan order); rounds repeat until
 * the patch is full. Filled cells are flagged in a per-patch mask.
 *
 * Offsets and scales: each patch stores its midpoint offset_m = (min +
 * max) / 2 and half range scale_m = (max - min) / 2 (1 for a flat patch),
 * the normalisation `physgan train` uses ([data] normalize = patch), so
 * that x = (z - offset_m) / scale_m and z = scale_m x + offset_m in metres.
 * The elevations themselves are kept in metres.
 */
#ifndef PG_DATA_DEM_TILE_H
#define PG_DATA_DEM_TILE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "io/dem_read.h"

typedef struct pg_dem_tile_params {
    int patch;            /* cells per side, >= 2 */
    int stride;           /* cells between patch origins, >= 1 */
    double val_fraction;  /* share of columns for validation, [0, 1) */
    int gap;              /* unused columns between the strips, >= 0 */
    double max_nodata;    /* drop patches with a larger no-data share, [0, 1] */
} pg_dem_tile_params;

/* The patches of one strip. */
typedef struct pg_dem_patches {
    size_t n;
    int patch;
    int col0, col1;         /* the strip's columns [col0, col1) */
    size_t candidates;      /* patches that fit in the strip */
    size_t dropped;         /* of those, dropped for no-data */
    size_t filled_cells;    /* cells filled in the kept patches */
    size_t filled_patches;  /* kept patches with at least one filled cell */
    float *z;               /* n*patch*patch metres */
    uint8_t *filled;        /* n*patch*patch, 1 where filled */
    int32_t *origin_rc;     /* n*2: raster row and column of cell (0, 0) */
    float *offset_m, *scale_m; /* n each */
    double z_min, z_max;    /* over the kept patches, metres */
} pg_dem_patches;

typedef struct pg_dem_tiling {
    pg_dem_patches train, val;  /* val.n == 0 when val_fraction is 0 */
} pg_dem_tiling;

/* Tile d. PG_ERR_ARG for bad parameters (naming the parameter),
 * PG_ERR_SHAPE when the patch is larger than the raster or a strip, and
 * PG_ERR_FORMAT when every training patch was dropped. Not collective. */
pg_status pg_dem_tile(const pg_dem *d, const pg_dem_tile_params *p,
                      pg_dem_tiling **out);
void pg_dem_tiling_destroy(pg_dem_tiling **t);

/* Write one strip's patches as a terrain/1 file (atomically): /terrain
 * (N, P, P) metres, /filled uint8 mask, /origin_rc int32 (N, 2),
 * /offset_m and /scale_m float32 (N) metres; root attributes
 * cell_size_m, cell_size_y_m (only when cells are not square), crs (when
 * known), split ("train" or "validation"), the strip's columns and the
 * tiling parameters. `split` names the strip. */
pg_status pg_dem_patches_write(const char *path, const pg_dem_patches *pp,
                               const pg_dem *d, const pg_dem_tile_params *p,
                               const char *split);

#endif
