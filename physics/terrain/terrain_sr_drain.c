/* Draining a super-resolved patch (physics/terrain/terrain_sr_drain.h). */
#include "physics/terrain/terrain_sr_drain.h"

#include <stdlib.h>

pg_status pg_terrain_sr_drain_create(int h, int w, int factor,
                                     pg_terrain_sr_drain **out)
{
    *out = NULL;
    if (factor < 1 || h < factor || w < factor || h % factor || w % factor)
        return PG_FAIL(PG_ERR_ARG, "draining: a %dx%d patch has no whole "
                       "%dx%d blocks", h, w, factor, factor);
    pg_terrain_sr_drain *d = calloc(1, sizeof *d);
    if (!d) return PG_FAIL(PG_ERR_NOMEM, "draining workspace");
    d->h = h;
    d->w = w;
    d->factor = factor;
    pg_status st = pg_terrain_fill_create(h, w, &d->fine);
    if (st == PG_OK)
        st = pg_terrain_fill_create(h / factor, w / factor, &d->coarse);
    if (st == PG_OK && !(d->keep = malloc((size_t)h * (size_t)w)))
        st = PG_FAIL(PG_ERR_NOMEM, "draining workspace");
    if (st != PG_OK) {
        pg_terrain_sr_drain_destroy(&d);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = d;
    return PG_OK;
}

void pg_terrain_sr_drain_destroy(pg_terrain_sr_drain **dp)
{
    pg_terrain_sr_drain *d = dp ? *dp : NULL;
    if (!d) return;
    pg_terrain_fill_destroy(&d->fine);
    pg_terrain_fill_destroy(&d->coarse);
    free(d->keep);
    free(d);
    *dp = NULL;
}

pg_status pg_terrain_sr_block_match(float *z, int h, int w,
                                    const float *coarse, int factor)
{
    if (factor < 1 || h < factor || w < factor || h % factor || w % factor)
        return PG_FAIL(PG_ERR_ARG, "block matching: a %dx%d patch has no "
                       "whole %dx%d blocks", h, w, factor, factor);
    int ch = h / factor, cw = w / factor;
    double inv = 1.0 / ((double)factor * factor);
    for (int i = 0; i < ch; i++)
        for (int j = 0; j < cw; j++) {
            double sum = 0;
            for (int a = 0; a < factor; a++)
                for (int b = 0; b < factor; b++)
                    sum += z[(size_t)(i * factor + a) * (size_t)w +
                             (size_t)(j * factor + b)];
            double dz = (double)coarse[(size_t)i * (size_t)cw + (size_t)j] -
                        sum * inv;
            for (int a = 0; a < factor; a++)
                for (int b = 0; b < factor; b++) {
                    float *v = &z[(size_t)(i * factor + a) * (size_t)w +
                                  (size_t)(j * factor + b)];
                    *v = (float)((double)*v + dz);
                }
        }
    return PG_OK;
}

/* keep: the cells of the blocks that filling the coarse patch raises. */
static void mark_coarse_depressions(pg_terrain_sr_drain *d,
                                    const float *coarse)
{
    int f = d->factor, cw = d->w / f;
    pg_terrain_fill_run(d->coarse, coarse);
    for (int r = 0; r < d->h; r++)
        for (int c = 0; c < d->w; c++) {
            size_t b = (size_t)(r / f) * (size_t)cw + (size_t)(c / f);
            d->keep[(size_t)r * (size_t)d->w + (size_t)c] =
                d->coarse->filled[b] > (double)coarse[b];
        }
}

pg_status pg_terrain_sr_drain_run(pg_terrain_sr_drain *d, float *z,
                                  const float *coarse, int rounds,
                                  double drop_m, pg_terrain_breach_stats *st)
{
    if (rounds < 1)
        return PG_FAIL(PG_ERR_ARG, "draining: %d rounds (at least 1)",
                       rounds);
    mark_coarse_depressions(d, coarse);
    for (int r = 0; r < rounds; r++) {
        pg_terrain_breach_run_keep(d->fine, z, drop_m, d->keep, st);
        PG_CHECK(pg_terrain_sr_block_match(z, d->h, d->w, coarse,
                                           d->factor));
    }
    return PG_OK;
}
