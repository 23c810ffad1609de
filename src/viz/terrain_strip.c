#include "viz/terrain_strip.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "viz/colormap.h"
#include "viz/hillshade.h"

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
