/* Hillshade from elevations (formula in hillshade.h). */
#include "viz/hillshade.h"

#include <math.h>

static const double DEG = 3.14159265358979323846 / 180.0;

pg_status pg_hillshade_compute(const float *z, int h, int w,
                               double cell_size, double azimuth_deg,
                               double elevation_deg, float *shade)
{
    if (h < 2 || w < 2)
        return PG_FAIL(PG_ERR_ARG, "hillshade needs at least 2 x 2 cells, "
                                   "got %d x %d", h, w);
    if (!(cell_size > 0))
        return PG_FAIL(PG_ERR_ARG, "hillshade cell size %g must be > 0",
                       cell_size);
    if (!(elevation_deg >= 0 && elevation_deg <= 90))
        return PG_FAIL(PG_ERR_ARG, "sun elevation %g deg outside [0, 90]",
                       elevation_deg);
    double a = azimuth_deg * DEG, e = elevation_deg * DEG;
    double sx = sin(a) * cos(e), sy = cos(a) * cos(e), sz = sin(e);
    for (int r = 0; r < h; r++) {
        int rn = r > 0 ? r - 1 : r, rs = r < h - 1 ? r + 1 : r;
        for (int c = 0; c < w; c++) {
            int cw = c > 0 ? c - 1 : c, ce = c < w - 1 ? c + 1 : c;
            double dzdx = (z[(size_t)r * w + ce] - z[(size_t)r * w + cw]) /
                          ((ce - cw) * cell_size);
            double dzdy = (z[(size_t)rn * w + c] - z[(size_t)rs * w + c]) /
                          ((rs - rn) * cell_size);
            double v = (-dzdx * sx - dzdy * sy + sz) /
                       sqrt(1 + dzdx * dzdx + dzdy * dzdy);
            shade[(size_t)r * w + c] = (float)(v > 0 ? v : 0);
        }
    }
    return PG_OK;
}

void pg_hillshade_blend(uint8_t *rgb, const float *shade, size_t n,
                        double ambient)
{
    for (size_t i = 0; i < n; i++) {
        double f = ambient + (1 - ambient) * (isfinite(shade[i]) ? shade[i] : 0);
        for (int c = 0; c < 3; c++)
            rgb[3 * i + c] = (uint8_t)lround(rgb[3 * i + c] * f);
    }
}
