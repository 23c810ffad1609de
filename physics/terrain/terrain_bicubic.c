#include "physics/terrain/terrain_bicubic.h"

#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_interp2d.h>
#include <gsl/gsl_spline2d.h>

enum { BICUBIC_MIN_POINTS = 4 };

struct pg_terrain_bicubic {
    int ch, cw, factor;
    double *xa, *ya, *za;   /* coarse centres (fine units) and values */
    gsl_spline2d *spline;
    gsl_interp_accel *xacc, *yacc;
    float *resid, *up;      /* back-projection: coarse residual, its upsampling */
};

pg_status pg_terrain_bicubic_create(int ch, int cw, int factor,
                                    pg_terrain_bicubic **out)
{
    if (ch < BICUBIC_MIN_POINTS || cw < BICUBIC_MIN_POINTS || factor < 1)
        return PG_FAIL(PG_ERR_ARG, "bicubic: a %dx%d coarse patch (bicubic "
                       "needs at least %dx%d) and factor %d", ch, cw,
                       BICUBIC_MIN_POINTS, BICUBIC_MIN_POINTS, factor);
    pg_terrain_bicubic *b = calloc(1, sizeof *b);
    if (!b) return PG_FAIL(PG_ERR_NOMEM, "bicubic workspace");
    b->ch = ch;
    b->cw = cw;
    b->factor = factor;
    b->xa = malloc((size_t)cw * sizeof *b->xa);
    b->ya = malloc((size_t)ch * sizeof *b->ya);
    b->za = malloc((size_t)ch * (size_t)cw * sizeof *b->za);
    b->spline = gsl_spline2d_alloc(gsl_interp2d_bicubic, (size_t)cw,
                                   (size_t)ch);
    b->xacc = gsl_interp_accel_alloc();
    b->yacc = gsl_interp_accel_alloc();
    size_t clen = (size_t)ch * (size_t)cw;
    b->resid = malloc(clen * sizeof *b->resid);
    b->up = malloc(clen * (size_t)factor * (size_t)factor * sizeof *b->up);
    if (!b->xa || !b->ya || !b->za || !b->spline || !b->xacc || !b->yacc ||
        !b->resid || !b->up) {
        pg_terrain_bicubic_destroy(&b);
        return PG_FAIL(PG_ERR_NOMEM, "bicubic workspace");
    }
    double centre = 0.5 * (factor - 1);
    for (int j = 0; j < cw; j++) b->xa[j] = (double)j * factor + centre;
    for (int i = 0; i < ch; i++) b->ya[i] = (double)i * factor + centre;
    *out = b;
    return PG_OK;
}

void pg_terrain_bicubic_destroy(pg_terrain_bicubic **bp)
{
    pg_terrain_bicubic *b = bp ? *bp : NULL;
    if (!b) return;
    if (b->spline) gsl_spline2d_free(b->spline);
    if (b->xacc) gsl_interp_accel_free(b->xacc);
    if (b->yacc) gsl_interp_accel_free(b->yacc);
    free(b->xa);
    free(b->ya);
    free(b->za);
    free(b->resid);
    free(b->up);
    free(b);
    *bp = NULL;
}

pg_status pg_terrain_bicubic_upsample(pg_terrain_bicubic *b,
                                      const float *coarse, float *fine)
{
    size_t ncw = (size_t)b->cw;
    for (int i = 0; i < b->ch; i++)
        for (int j = 0; j < b->cw; j++)
            gsl_spline2d_set(b->spline, b->za, (size_t)j, (size_t)i,
                             coarse[(size_t)i * ncw + (size_t)j]);
    int rc = gsl_spline2d_init(b->spline, b->xa, b->ya, b->za, ncw,
                               (size_t)b->ch);
    if (rc != GSL_SUCCESS)
        return PG_FAIL(PG_ERR_NUMERIC, "bicubic: gsl_spline2d_init: %s",
                       gsl_strerror(rc));
    gsl_interp_accel_reset(b->xacc);
    gsl_interp_accel_reset(b->yacc);
    int fh = b->ch * b->factor, fw = b->cw * b->factor;
    for (int p = 0; p < fh; p++)
        for (int q = 0; q < fw; q++)
            fine[(size_t)p * (size_t)fw + (size_t)q] = (float)
                gsl_spline2d_eval_extrap(b->spline, (double)q, (double)p,
                                         b->xacc, b->yacc);
    return PG_OK;
}

pg_status pg_terrain_bicubic_backproject(pg_terrain_bicubic *b,
                                         const float *coarse, int iters,
                                         float *fine)
{
    int f = b->factor, fw = b->cw * f;
    PG_CHECK(pg_terrain_bicubic_upsample(b, coarse, fine));
    for (int it = 0; it < iters; it++) {
        for (int i = 0; i < b->ch; i++)
            for (int j = 0; j < b->cw; j++) {
                double s = 0;
                for (int p = i * f; p < (i + 1) * f; p++)
                    for (int q = j * f; q < (j + 1) * f; q++)
                        s += fine[(size_t)p * (size_t)fw + (size_t)q];
                size_t c = (size_t)i * (size_t)b->cw + (size_t)j;
                b->resid[c] = (float)(coarse[c] - s / ((double)f * f));
            }
        PG_CHECK(pg_terrain_bicubic_upsample(b, b->resid, b->up));
        size_t len = (size_t)b->ch * (size_t)f * (size_t)fw;
        for (size_t k = 0; k < len; k++) fine[k] += b->up[k];
    }
    return PG_OK;
}
