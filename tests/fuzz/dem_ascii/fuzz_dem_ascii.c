/* Fuzz target "dem_ascii": ESRI ASCII grids as `physgan import dem`
 * reads them. The input up to the first NUL byte is the grid (.asc);
 * the bytes after it, when there is a NUL, are the CRS text of its .prj
 * sidecar. Both go into real files (a private folder in /dev/shm, else
 * /tmp) because GDAL looks for the sidecar beside the grid.
 *
 * Two readers run on the grid: physgan's own (io/ascii_grid.h: headers,
 * NODATA_value, ragged or short rows) and the DEM path (io/dem_read.h:
 * GDAL's AAIGrid driver, not instrumented, then physgan's no-data
 * marking and the cell size from the CRS, with and without a given cell
 * size). Checked: never a crash, leak, read out of bounds or an
 * allocation the file cannot justify; a grid accepted has the sizes it
 * promises: cells finite or NaN (no-data), no-data counted exactly,
 * cell sizes finite and > 0. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "io/ascii_grid.h"
#include "io/dem_read.h"

static char dir[128], grid_path[256], prj_path[256];

static int setup(void)
{
    if (grid_path[0]) return 0;
    if (pg_fuzz_private_dir("dem", dir, sizeof dir)) return -1;
    snprintf(grid_path, sizeof grid_path, "%s/grid.asc", dir);
    snprintf(prj_path, sizeof prj_path, "%s/grid.prj", dir);
    return 0;
}

static int put(const char *path, const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    int ok = fwrite(data, 1, size, f) == size;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

static void check_dem(const pg_dem *d)
{
    size_t n = (size_t)d->rows * (size_t)d->cols, nan = 0;
    if (d->rows < 1 || d->cols < 1 || !d->crs || !d->crs_name)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (isnan(d->z[i])) nan++;
        else if (!isfinite(d->z[i])) abort();
    }
    if (nan != d->n_nodata || nan == n || !(d->dx_m > 0) ||
        !(d->dy_m > 0) || !isfinite(d->dx_m) || !isfinite(d->dy_m))
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (setup()) return 0;
    const uint8_t *nul = memchr(data, 0, size);
    size_t grid_size = nul ? (size_t)(nul - data) : size;
    if (put(grid_path, data, grid_size)) return 0;
    if (nul) {
        if (put(prj_path, nul + 1, size - grid_size - 1)) return 0;
    } else {
        unlink(prj_path);
    }

    pg_ascii_grid g;
    float *z = NULL;
    if (pg_fuzz_note("ascii_grid", pg_ascii_grid_read(grid_path, &g, &z)) == PG_OK) {
        if (g.ncols < 1 || g.nrows < 1 || !(g.dx > 0) || !(g.dy > 0))
            abort();
        free(z);
    }
    pg_error_clear();

    pg_dem *d = NULL;
    if (pg_fuzz_note("dem", pg_dem_read(grid_path, NULL, &d)) == PG_OK) {
        check_dem(d);
        pg_dem_destroy(&d);
    }
    pg_error_clear();
    pg_dem_read_options o = {.cell_size_m = 30, .has_nodata = 1,
                             .nodata = 0};
    if (pg_fuzz_note("dem (cell size given)", pg_dem_read(grid_path, &o, &d)) == PG_OK) {
        check_dem(d);
        pg_dem_destroy(&d);
    }
    pg_error_clear();
    return 0;
}
