/* Spectral synthesis of fractal terrain (physics/terrain/terrain_synth.h). */
#include "physics/terrain/terrain_synth.h"

#include <fftw3.h>
#include <math.h>
#include <stdlib.h>

enum { MIN_SIZE = 8, MAX_SIZE = 8192 };
static const double MAX_BETA = 8.0;

struct pg_terrain_synth {
    pg_terrain_synth_params p;
    int wc;              /* N/2 + 1 */
    double *buf;         /* N*N real */
    fftw_complex *spec;  /* N*wc */
    double *amp;         /* N*wc: |k|^(-beta/2), 0 at k = 0 */
    double *mod;         /* N*wc: a source patch's moduli (synth_like) */
    fftw_plan fwd, inv;
};

void pg_terrain_synth_destroy(pg_terrain_synth **s)
{
    if (!s || !*s) return;
    pg_terrain_synth *t = *s;
    if (t->fwd) fftw_destroy_plan(t->fwd);
    if (t->inv) fftw_destroy_plan(t->inv);
    fftw_free(t->buf);
    fftw_free(t->spec);
    free(t->amp);
    free(t->mod);
    free(t);
    *s = NULL;
}

int pg_terrain_synth_size(const pg_terrain_synth *s) { return s->p.size; }

pg_status pg_terrain_synth_create(const pg_terrain_synth_params *p,
                                  pg_terrain_synth **out)
{
    *out = NULL;
    if (p->size < MIN_SIZE || p->size > MAX_SIZE)
        return PG_FAIL(PG_ERR_ARG, "terrain synthesis: size %d outside "
                       "%d..%d", p->size, MIN_SIZE, MAX_SIZE);
    if (!(p->beta >= 0 && p->beta <= MAX_BETA))
        return PG_FAIL(PG_ERR_ARG, "terrain synthesis: beta %g outside "
                       "0..%g", p->beta, MAX_BETA);
    if (!(p->cell_size_m > 0) || !isfinite(p->cell_size_m))
        return PG_FAIL(PG_ERR_ARG, "terrain synthesis: cell size %g m must "
                       "be positive", p->cell_size_m);
    if (!(p->relief_m > 0) || !isfinite(p->relief_m))
        return PG_FAIL(PG_ERR_ARG, "terrain synthesis: relief %g m must be "
                       "positive", p->relief_m);
    pg_terrain_synth *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "terrain synthesis");
    int n = p->size;
    s->p = *p;
    s->wc = n / 2 + 1;
    size_t hc = (size_t)n * s->wc;
    s->buf = fftw_alloc_real((size_t)n * n);
    s->spec = fftw_alloc_complex(hc);
    s->amp = malloc(hc * sizeof *s->amp);
    s->mod = malloc(hc * sizeof *s->mod);
    if (!s->buf || !s->spec || !s->amp || !s->mod) {
        pg_terrain_synth_destroy(&s);
        return PG_FAIL(PG_ERR_NOMEM, "terrain synthesis %d x %d", n, n);
    }
    s->fwd = fftw_plan_dft_r2c_2d(n, n, s->buf, s->spec, FFTW_ESTIMATE);
    s->inv = fftw_plan_dft_c2r_2d(n, n, s->spec, s->buf, FFTW_ESTIMATE);
    if (!s->fwd || !s->inv) {
        pg_terrain_synth_destroy(&s);
        return PG_FAIL(PG_ERR_INTERNAL, "terrain synthesis: FFTW could not "
                       "plan %d x %d", n, n);
    }
    double dk = 1 / (n * p->cell_size_m); /* cycles per metre */
    for (int q = 0; q < n; q++)
        for (int m = 0; m < s->wc; m++) {
            double k = dk * hypot(m, q <= n / 2 ? q : q - n);
            s->amp[(size_t)q * s->wc + m] = k > 0 ? pow(k, -p->beta / 2) : 0;
        }
    *out = s;
    return PG_OK;
}

void pg_terrain_synth_patch(pg_terrain_synth *s, pg_rng *r, float *z)
{
    size_t nn = (size_t)s->p.size * s->p.size, hc = (size_t)s->p.size * s->wc;
    /* Real white noise has a Hermitian complex Gaussian spectrum: shaping
     * it keeps the field real without symmetrising by hand. */
    for (size_t c = 0; c < nn; c++) s->buf[c] = pg_rng_gaussian(r, 1.0);
    fftw_execute(s->fwd);
    for (size_t c = 0; c < hc; c++) {
        s->spec[c][0] *= s->amp[c];
        s->spec[c][1] *= s->amp[c];
    }
    fftw_execute(s->inv);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t c = 0; c < nn; c++) {
        lo = fmin(lo, s->buf[c]);
        hi = fmax(hi, s->buf[c]);
    }
    /* A constant field (beta huge, tiny N) cannot be scaled: leave it 0. */
    double scale = hi > lo ? s->p.relief_m / (hi - lo) : 0;
    for (size_t c = 0; c < nn; c++) z[c] = (float)((s->buf[c] - lo) * scale);
}

/* Least-squares plane a + bx (x - xc) + by (y - yc) of an n x n patch, with
 * xc = yc = (n - 1) / 2; on a full grid the three fits separate. */
static void plane_fit(const float *z, int n, double *a, double *bx,
                      double *by)
{
    double c = (n - 1) / 2.0, sz = 0, sx = 0, sy = 0, sxx = 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double v = z[(size_t)i * n + j];
            sz += v;
            sx += (j - c) * v;
            sy += (i - c) * v;
        }
    for (int j = 0; j < n; j++) sxx += (j - c) * (j - c);
    sxx *= n;
    *a = sz / ((double)n * n);
    *bx = sx / sxx;
    *by = sy / sxx;
}

/* Mirror index: 0..n-1, then back n-1..0 (even, continuous extension). */
static int mirror(int i, int n) { return i < n ? i : 2 * n - 1 - i; }

void pg_terrain_synth_like(pg_terrain_synth *s, pg_rng *r, const float *src,
                           float *z)
{
    int n2 = s->p.size, n = n2 / 2;
    size_t nn2 = (size_t)n2 * n2, hc = (size_t)n2 * s->wc;
    double a, bx, by, c = (n - 1) / 2.0;
    plane_fit(src, n, &a, &bx, &by);
    double slo = INFINITY, shi = -INFINITY;
    for (size_t k = 0; k < (size_t)n * n; k++) {
        slo = fmin(slo, src[k]);
        shi = fmax(shi, src[k]);
    }
    /* The residual, mirrored into a 2n x 2n field that is periodic and
     * continuous: the patch's edges add no jump whose k^-2 spectrum the
     * random phases would spread over every direction. */
    for (int i = 0; i < n2; i++)
        for (int j = 0; j < n2; j++) {
            int si = mirror(i, n), sj = mirror(j, n);
            s->buf[(size_t)i * n2 + j] =
                src[(size_t)si * n + sj] -
                (a + bx * (sj - c) + by * (si - c));
        }
    fftw_execute(s->fwd);
    for (size_t k = 0; k < hc; k++)
        s->mod[k] = hypot(s->spec[k][0], s->spec[k][1]);
    /* White noise's spectrum is Hermitian, so its phases keep the field
     * real; only their unit vectors are used. */
    for (size_t k = 0; k < nn2; k++) s->buf[k] = pg_rng_gaussian(r, 1.0);
    fftw_execute(s->fwd);
    for (size_t k = 0; k < hc; k++) {
        double m = hypot(s->spec[k][0], s->spec[k][1]);
        double f = m > 0 ? s->mod[k] / m : 0;
        s->spec[k][0] *= f;
        s->spec[k][1] *= f;
    }
    fftw_execute(s->inv); /* unnormalised: divided by nn2 below */
    double lo = INFINITY, hi = -INFINITY, norm = 1.0 / (double)nn2;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double v = s->buf[(size_t)i * n2 + j] * norm + bx * (j - c) +
                       by * (i - c);
            s->buf[(size_t)i * n2 + j] = v;
            lo = fmin(lo, v);
            hi = fmax(hi, v);
        }
    double scale = hi > lo ? (shi - slo) / (hi - lo) : 0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            z[(size_t)i * n + j] =
                (float)(slo + (s->buf[(size_t)i * n2 + j] - lo) * scale);
}
