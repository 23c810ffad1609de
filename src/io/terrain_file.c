/* terrain/1 cell sizes and elevations (terrain_file.h). */
#include "io/terrain_file.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

pg_status pg_terrain_file_cells(pg_h5_file *f, double *dx_m, double *dy_m)
{
    PG_CHECK(pg_h5_attr_read_double(f, "/", "cell_size_m", dx_m));
    *dy_m = *dx_m;
    int has_y = pg_h5_attr_exists(f, "/", "cell_size_y_m");
    if (has_y)
        PG_CHECK(pg_h5_attr_read_double(f, "/", "cell_size_y_m", dy_m));
    /* Every slope, PSD and hydrology figure divides by them (a negative
     * size validated before: found by fuzzing, tests/fuzz/h5_inputs). */
    const char *bad = !(*dx_m > 0) || !isfinite(*dx_m) ? "cell_size_m"
                      : !(*dy_m > 0) || !isfinite(*dy_m) ? "cell_size_y_m"
                                                          : NULL;
    if (bad)
        return PG_FAIL(PG_ERR_FORMAT, "%s: root attribute %s = %g must be a "
                       "finite cell size > 0 (metres)", pg_h5_file_path(f),
                       bad, !strcmp(bad, "cell_size_m") ? *dx_m : *dy_m);
    return PG_OK;
}

pg_status pg_terrain_file_read(pg_h5_file *f, size_t *n, int *h, int *w,
                               double *dx_m, double *dy_m, float **z)
{
    const char *path = pg_h5_file_path(f);
    pg_h5_dataset_info in;
    *z = NULL;
    PG_CHECK(pg_h5_dataset_info_get(f, "/terrain", &in));
    if (in.type != PG_H5_F32 || in.rank != 3 || !in.dims[0])
        return PG_FAIL(PG_ERR_FORMAT, "%s: /terrain must be float32 (N,H,W) "
                       "with N > 0; it is %s of rank %d", path,
                       pg_h5_type_name(in.type), in.rank);
    if (!in.dims[1] || !in.dims[2] || in.dims[1] > INT_MAX ||
        in.dims[2] > INT_MAX)
        return PG_FAIL(PG_ERR_FORMAT, "%s: /terrain patches of %zu x %zu "
                       "cells; each side must be 1 to %d", path,
                       (size_t)in.dims[1], (size_t)in.dims[2], INT_MAX);
    PG_CHECK(pg_terrain_file_cells(f, dx_m, dy_m));
    *n = in.dims[0];
    *h = (int)in.dims[1];
    *w = (int)in.dims[2];
    float *buf = malloc(*n * in.dims[1] * in.dims[2] * sizeof *buf);
    if (!buf)
        return PG_FAIL(PG_ERR_NOMEM, "%s: %zu patches of %d x %d", path, *n,
                       *h, *w);
    pg_status st = pg_h5_dataset_read_rows(f, "/terrain", PG_H5_F32, 0, *n,
                                           buf);
    if (st) {
        free(buf);
        return st;
    }
    *z = buf;
    return PG_OK;
}
