#include "viz/terrain_strip.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5.h"
#include "io/png.h"
#include "io/terrain_file.h"
#include "viz/colormap.h"
#include "viz/hillshade.h"
#include "io/schema.h"

/* Ambient light of the shading, as io/png.h's field images use. */
static const double AMBIENT = 0.35;

int pg_terrain_strip_width(int n, int w, int scale)
{
    return n * w * scale + (n - 1) * PG_TERRAIN_STRIP_GAP;
}

pg_status pg_terrain_strip_row(uint8_t *canvas, int canvas_w, int y0,
                               const float *z, int n, int h, int w,
                               double dx_m, double dy_m, int scale)
{
    if (n < 1 || h < 2 || w < 2 || scale < 1 ||
        scale > PG_TERRAIN_STRIP_MAX_SCALE || y0 < 0 ||
        pg_terrain_strip_width(n, w, scale) > canvas_w)
        return PG_FAIL(PG_ERR_ARG, "terrain strip: %d patches of %dx%d at "
                       "scale %d do not fit a canvas %d pixels wide", n, h, w,
                       scale, canvas_w);
    size_t len = (size_t)h * (size_t)w;
    float *shade = malloc(len * sizeof *shade);
    uint8_t *rgb = malloc(3 * len);
    pg_status st = PG_OK;
    if (!shade || !rgb) {
        st = PG_FAIL(PG_ERR_NOMEM, "terrain strip");
        goto done;
    }
    /* hillshade.h takes one cell size: the geometric mean for
     * non-square cells, as generate does. */
    double cell = sqrt(dx_m * dy_m);
    for (int p = 0; p < n; p++) {
        const float *zp = z + (size_t)p * len;
        double lo, hi;
        PG_CHECK_GOTO(st, pg_hillshade_compute(zp, h, w, cell,
                                               PG_HILLSHADE_AZIMUTH_DEG,
                                               PG_HILLSHADE_ELEVATION_DEG,
                                               shade), done);
        pg_colormap_range(zp, len, &lo, &hi);
        pg_colormap_apply(PG_COLORMAP_TERRAIN, zp, len, lo, hi, rgb);
        pg_hillshade_blend(rgb, shade, len, AMBIENT);
        int x0 = p * (w * scale + PG_TERRAIN_STRIP_GAP);
        for (int i = 0; i < h * scale; i++) {
            uint8_t *row = canvas + ((size_t)(y0 + i) * (size_t)canvas_w +
                                     (size_t)x0) * 3;
            for (int j = 0; j < w * scale; j++)
                memcpy(row + 3 * j,
                       rgb + 3 * ((size_t)(i / scale) * (size_t)w +
                                  (size_t)(j / scale)), 3);
        }
    }
done:
    free(shade);
    free(rgb);
    return st;
}

pg_status pg_terrain_strip_read(const char *path, long first, long step,
                                long n, pg_terrain_strip_file *t)
{
    long last = first + (n - 1) * step;
    pg_h5_file *f = NULL;
    pg_h5_dataset_info info;
    size_t *rows = malloc((size_t)n * sizeof *rows);
    if (!rows) return PG_FAIL(PG_ERR_NOMEM, "patch list of %s", path);
    pg_status st = pg_h5_file_open_valid(path, "terrain/1", &f);
    if (st == PG_OK) st = pg_h5_dataset_info_get(f, "/terrain", &info);
    if (st == PG_OK && (info.type != PG_H5_F32 || info.rank != 3))
        st = PG_FAIL(PG_ERR_FORMAT, "%s: /terrain must be float32 (N,H,W)",
                     path);
    if (st == PG_OK && (size_t)last >= info.dims[0])
        st = PG_FAIL(PG_ERR_ARG, "%s holds %zu patches: --first %ld --step "
                     "%ld --n %ld needs patch %ld", path,
                     (size_t)info.dims[0], first, step, n, last);
    if (st == PG_OK) {
        t->h = (int)info.dims[1];
        t->w = (int)info.dims[2];
        st = pg_terrain_file_cells(f, &t->dx, &t->dy);
    }
    for (long i = 0; i < n; i++) rows[i] = (size_t)(first + i * step);
    if (st == PG_OK) {
        t->z = malloc((size_t)n * (size_t)t->h * (size_t)t->w *
                      sizeof *t->z);
        st = t->z ? pg_h5_dataset_read_row_list(f, "/terrain", PG_H5_F32,
                                                rows, (size_t)n, t->z)
                  : PG_FAIL(PG_ERR_NOMEM, "patches of %s", path);
    }
    pg_h5_file_close(&f);
    free(rows);
    return st;
}

pg_status pg_terrain_strip_write(const char *out,
                                 const pg_terrain_strip_file *t, int files,
                                 int n, int scale, int *width_out,
                                 int *height_out)
{
    int width = pg_terrain_strip_width(n, t[0].w, scale);
    int row_h = t[0].h * scale;
    int height = files * row_h + (files - 1) * PG_TERRAIN_STRIP_GAP;
    uint8_t *canvas = malloc((size_t)width * (size_t)height * 3);
    if (!canvas) return PG_FAIL(PG_ERR_NOMEM, "strip image");
    memset(canvas, 255, (size_t)width * (size_t)height * 3);
    pg_status st = PG_OK;
    for (int k = 0; k < files && st == PG_OK; k++)
        st = pg_terrain_strip_row(canvas, width,
                                  k * (row_h + PG_TERRAIN_STRIP_GAP), t[k].z,
                                  n, t[k].h, t[k].w, t[k].dx, t[k].dy, scale);
    if (st == PG_OK) st = pg_png_write_file(out, canvas, width, height, 3);
    free(canvas);
    PG_CHECK(st);
    *width_out = width;
    *height_out = height;
    return PG_OK;
}
