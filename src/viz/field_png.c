/* Scalar fields as coloured (optionally hillshaded) PNG images. */
#include "viz/field_png.h"

#include <math.h>
#include <stdlib.h>

#include "io/atomic_file.h"
#include "io/png.h"
#include "viz/hillshade.h"

/* Light left in fully shadowed cells of a shaded field, so that colours
 * stay recognisable. */
static const double SHADED_FIELD_AMBIENT = 0.35;

pg_status pg_field_png_encode(const float *field, int h, int w,
                              pg_colormap m, double lo, double hi,
                              const float *shade, unsigned char **out,
                              size_t *out_len)
{
    *out = NULL;
    *out_len = 0;
    if (h < 1 || w < 1 || h > PG_PNG_MAX_SIDE || w > PG_PNG_MAX_SIDE)
        return PG_FAIL(PG_ERR_ARG, "field image: size %d x %d outside 1..%d",
                       h, w, PG_PNG_MAX_SIDE);
    size_t n = (size_t)h * (size_t)w;
    if (isnan(lo) || isnan(hi)) pg_colormap_range(field, n, &lo, &hi);
    uint8_t *rgb = malloc(3 * n);
    if (!rgb) return PG_FAIL(PG_ERR_NOMEM, "field image of %d x %d", h, w);
    pg_colormap_apply(m, field, n, lo, hi, rgb);
    if (shade) pg_hillshade_blend(rgb, shade, n, SHADED_FIELD_AMBIENT);
    pg_status st = pg_png_encode(rgb, w, h, 3, out, out_len);
    free(rgb);
    PG_CHECK(st);
    return PG_OK;
}

pg_status pg_field_png_write_file(const char *path, const float *field,
                                  int h, int w, pg_colormap m, double lo,
                                  double hi, const float *shade)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    PG_CHECK(pg_field_png_encode(field, h, w, m, lo, hi, shade, &buf, &len));
    pg_status st = pg_atomic_file_write(path, buf, len, 0644);
    free(buf);
    PG_CHECK(st);
    return PG_OK;
}
