/* Checkerboard score from the 2-D PSD
 * (physics/terrain/terrain_checkerboard.h). */
#include "physics/terrain/terrain_checkerboard.h"

#include <math.h>
#include <stdlib.h>

/* Neighbours this many modes from a peak: outside the Hann main lobe. */
enum { NEIGHBOUR_OFFSET = 3, MIN_PEAK_INDEX = 8 };

/* Floor under PSD values so that a flat patch gives a finite ratio. */
static const double PSD_FLOOR = 1e-30;

static double at(const double *psd, int h, int w, int q, int m)
{
    q = ((q % h) + h) % h;
    m = ((m % w) + w) % w;
    double p = psd[(size_t)q * w + m];
    return p > PSD_FLOOR ? p : PSD_FLOOR;
}

static double peak_ratio(const double *psd, int h, int w, int q, int m)
{
    const int d = NEIGHBOUR_OFFSET;
    double around = (at(psd, h, w, q - d, m) + at(psd, h, w, q + d, m) +
                     at(psd, h, w, q, m - d) + at(psd, h, w, q, m + d)) / 4;
    return log10(at(psd, h, w, q, m) / around);
}

pg_status pg_terrain_checkerboard_score(pg_terrain_psd_ws *ws,
                                        const float *z, size_t n,
                                        pg_terrain_checkerboard *out)
{
    const pg_terrain_grid *g = pg_terrain_psd_grid(ws);
    int h = g->h, w = g->w;
    out->score = 0;
    out->levels = 0;
    for (int l = 0; l < PG_TERRAIN_CHECKER_LEVELS; l++) out->level[l] = NAN;
    int measured = 0;
    for (int l = 1; l <= PG_TERRAIN_CHECKER_LEVELS; l++)
        measured += h >> l >= MIN_PEAK_INDEX && w >> l >= MIN_PEAK_INDEX;
    if (!measured || n < 1)
        return PG_FAIL(PG_ERR_ARG, "checkerboard score: %zu patches of %d x "
                       "%d cells (needs at least one patch of 16 x 16 or "
                       "more)", n, h, w);
    double *psd = malloc((size_t)h * w * sizeof *psd);
    if (!psd) return PG_FAIL(PG_ERR_NOMEM, "checkerboard score");
    double sum[PG_TERRAIN_CHECKER_LEVELS] = {0};
    pg_status s = PG_OK;
    for (size_t p = 0; p < n && s == PG_OK; p++) {
        s = pg_terrain_psd_full(ws, z + p * (size_t)h * w, psd);
        for (int l = 1; s == PG_OK && l <= PG_TERRAIN_CHECKER_LEVELS; l++) {
            int q = h >> l, m = w >> l;
            if (q < MIN_PEAK_INDEX || m < MIN_PEAK_INDEX) continue;
            sum[l - 1] += (peak_ratio(psd, h, w, q, 0) +
                           peak_ratio(psd, h, w, 0, m) +
                           peak_ratio(psd, h, w, q, m)) / 3;
        }
    }
    free(psd);
    PG_CHECK(s);
    for (int l = 0; l < PG_TERRAIN_CHECKER_LEVELS; l++) {
        if ((h >> (l + 1)) < MIN_PEAK_INDEX || (w >> (l + 1)) < MIN_PEAK_INDEX)
            continue;
        out->level[l] = sum[l] / (double)n;
        out->score += out->level[l];
        out->levels++;
    }
    out->score /= out->levels;
    return PG_OK;
}
