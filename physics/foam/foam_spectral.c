/* Spectral curvature of periodic fields and its adjoint (physics/foam/foam_penalties.h).
 *
 * First derivatives are D = F^-1 diag(i k) F with the Nyquist wavenumber
 * set to 0 on even sizes, so D maps real fields to real fields and
 * D^T = -D; the adjoint of div is then -grad and that of grad is -div. */
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>

#include "physics/foam/foam_penalties.h"

#define PI 3.14159265358979323846

enum { N_FIELDS = 10 };

struct pg_foam_spectral {
    int h, w;
    double eps;
    double *kx, *ky;          /* angular wavenumbers, rad/site */
    fftw_complex *b1, *b2;    /* H*W work buffers */
    fftw_plan f1, i1, f2, i2; /* in place on b1 / b2 */
    double *f[N_FIELDS];      /* H*W real scratch fields */
};

/* Names of the scratch fields. */
enum { VX, VY, S, KAP, CT, AX, AY, WX, WY, OUT };

void pg_foam_spectral_destroy(pg_foam_spectral **s)
{
    if (!s || !*s) return;
    pg_foam_spectral *p = *s;
    if (p->f1) fftw_destroy_plan(p->f1);
    if (p->i1) fftw_destroy_plan(p->i1);
    if (p->f2) fftw_destroy_plan(p->f2);
    if (p->i2) fftw_destroy_plan(p->i2);
    fftw_free(p->b1);
    fftw_free(p->b2);
    for (int k = 0; k < N_FIELDS; k++) free(p->f[k]);
    free(p->kx);
    free(p->ky);
    free(p);
    *s = NULL;
}

/* Wavenumber of DFT index q of n points; 0 at the Nyquist index. */
static double wavenumber(int q, int n)
{
    if (2 * q == n) return 0;
    return 2 * PI * (q <= n / 2 ? q : q - n) / n;
}

pg_status pg_foam_spectral_create(int h, int w, double eps,
                                  pg_foam_spectral **out)
{
    *out = NULL;
    if (h < 3 || w < 3)
        return PG_FAIL(PG_ERR_ARG, "foam curvature: grid %d x %d, need >= 3",
                       h, w);
    if (!(eps > 0))
        return PG_FAIL(PG_ERR_ARG, "foam curvature: eps %g must be > 0", eps);
    pg_foam_spectral *p = calloc(1, sizeof *p);
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "foam curvature workspace");
    size_t hw = (size_t)h * w;
    p->h = h;
    p->w = w;
    p->eps = eps;
    p->kx = malloc((size_t)w * sizeof *p->kx);
    p->ky = malloc((size_t)h * sizeof *p->ky);
    p->b1 = fftw_alloc_complex(hw);
    p->b2 = fftw_alloc_complex(hw);
    int ok = p->kx && p->ky && p->b1 && p->b2;
    for (int k = 0; k < N_FIELDS; k++) {
        p->f[k] = malloc(hw * sizeof *p->f[k]);
        ok = ok && p->f[k];
    }
    if (!ok) {
        pg_foam_spectral_destroy(&p);
        return PG_FAIL(PG_ERR_NOMEM, "foam curvature workspace %d x %d", h, w);
    }
    for (int j = 0; j < w; j++) p->kx[j] = wavenumber(j, w);
    for (int i = 0; i < h; i++) p->ky[i] = wavenumber(i, h);
    /* FFTW_ESTIMATE: deterministic and never touches the buffers; made
     * once here, never in the hot path (the planner is not thread-safe). */
    p->f1 = fftw_plan_dft_2d(h, w, p->b1, p->b1, FFTW_FORWARD, FFTW_ESTIMATE);
    p->i1 = fftw_plan_dft_2d(h, w, p->b1, p->b1, FFTW_BACKWARD, FFTW_ESTIMATE);
    p->f2 = fftw_plan_dft_2d(h, w, p->b2, p->b2, FFTW_FORWARD, FFTW_ESTIMATE);
    p->i2 = fftw_plan_dft_2d(h, w, p->b2, p->b2, FFTW_BACKWARD, FFTW_ESTIMATE);
    if (!p->f1 || !p->i1 || !p->f2 || !p->i2) {
        pg_foam_spectral_destroy(&p);
        return PG_FAIL(PG_ERR_INTERNAL, "foam curvature: FFTW could not plan "
                       "%d x %d", h, w);
    }
    *out = p;
    return PG_OK;
}

void pg_foam_spectral_size(const pg_foam_spectral *p, int *h, int *w)
{
    *h = p->h;
    *w = p->w;
}

/* (gx, gy) = grad u. */
static void grad(pg_foam_spectral *p, const double *u, double *gx, double *gy)
{
    int h = p->h, w = p->w;
    size_t hw = (size_t)h * w;
    for (size_t c = 0; c < hw; c++) {
        p->b1[c][0] = u[c];
        p->b1[c][1] = 0;
    }
    fftw_execute(p->f1);
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
            size_t c = (size_t)i * w + j;
            double re = p->b1[c][0], im = p->b1[c][1];
            p->b2[c][0] = -p->ky[i] * im;
            p->b2[c][1] = p->ky[i] * re;
            p->b1[c][0] = -p->kx[j] * im;
            p->b1[c][1] = p->kx[j] * re;
        }
    fftw_execute(p->i1);
    fftw_execute(p->i2);
    for (size_t c = 0; c < hw; c++) {
        gx[c] = p->b1[c][0] / (double)hw;
        gy[c] = p->b2[c][0] / (double)hw;
    }
}

/* out = div (fx, fy). */
static void divergence(pg_foam_spectral *p, const double *fx, const double *fy,
                       double *out)
{
    int h = p->h, w = p->w;
    size_t hw = (size_t)h * w;
    for (size_t c = 0; c < hw; c++) {
        p->b1[c][0] = fx[c];
        p->b1[c][1] = 0;
        p->b2[c][0] = fy[c];
        p->b2[c][1] = 0;
    }
    fftw_execute(p->f1);
    fftw_execute(p->f2);
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
            size_t c = (size_t)i * w + j;
            double re = p->kx[j] * p->b1[c][0] + p->ky[i] * p->b2[c][0];
            double im = p->kx[j] * p->b1[c][1] + p->ky[i] * p->b2[c][1];
            p->b1[c][0] = -im; /* i k X */
            p->b1[c][1] = re;
        }
    fftw_execute(p->i1);
    for (size_t c = 0; c < hw; c++) out[c] = p->b1[c][0] / (double)hw;
}

/* v = grad u, s = |v|_eps, kappa = div(v / s) into the scratch fields. */
static void forward(pg_foam_spectral *p, const float *u)
{
    size_t hw = (size_t)p->h * p->w;
    double *in = p->f[OUT];
    for (size_t c = 0; c < hw; c++) in[c] = u[c];
    grad(p, in, p->f[VX], p->f[VY]);
    double e2 = p->eps * p->eps;
    for (size_t c = 0; c < hw; c++) {
        double vx = p->f[VX][c], vy = p->f[VY][c];
        double s = sqrt(vx * vx + vy * vy + e2);
        p->f[S][c] = s;
        p->f[WX][c] = vx / s;
        p->f[WY][c] = vy / s;
    }
    divergence(p, p->f[WX], p->f[WY], p->f[KAP]);
}

void pg_foam_curvature(pg_foam_spectral *p, const float *u, double *kappa)
{
    size_t hw = (size_t)p->h * p->w;
    forward(p, u);
    for (size_t c = 0; c < hw; c++) kappa[c] = p->f[KAP][c];
}

void pg_foam_flank_weight(pg_foam_spectral *p, const float *u, double *m)
{
    size_t hw = (size_t)p->h * p->w;
    forward(p, u);
    const double e2 = PG_FOAM_FLANK_SLOPE * PG_FOAM_FLANK_SLOPE;
    for (size_t c = 0; c < hw; c++) {
        double v2 = p->f[VX][c] * p->f[VX][c] + p->f[VY][c] * p->f[VY][c];
        m[c] = v2 / (v2 + e2);
    }
}

void pg_foam_curvature_flow(pg_foam_spectral *p, const float *u, double tau,
                            double *t_out, const double *g, double scale,
                            float *grad_u)
{
    size_t hw = (size_t)p->h * p->w;
    forward(p, u);
    /* q = |v|^2 / s: |grad u| on the flanks of a film, but -> 0 on its
     * crest, where the regularised normal turns over and kappa would
     * otherwise act as diffusion (tau * laplacian u). */
    for (size_t c = 0; c < hw; c++) {
        double vx = p->f[VX][c], vy = p->f[VY][c], s = p->f[S][c];
        t_out[c] = tau * p->f[KAP][c] * (vx * vx + vy * vy) / s;
    }
    if (!g || !grad_u) return;
    /* T = tau kappa q: cotangent of kappa is g tau q; a = -grad of it is
     * the cotangent of n = v / s (adjoint of div). */
    for (size_t c = 0; c < hw; c++) {
        double vx = p->f[VX][c], vy = p->f[VY][c], s = p->f[S][c];
        p->f[CT][c] = g[c] * tau * (vx * vx + vy * vy) / s;
    }
    grad(p, p->f[CT], p->f[AX], p->f[AY]);
    for (size_t c = 0; c < hw; c++) {
        double vx = p->f[VX][c], vy = p->f[VY][c], s = p->f[S][c];
        double ax = -p->f[AX][c], ay = -p->f[AY][c];
        double v2 = vx * vx + vy * vy;
        /* dq/dv = v (2 / s - |v|^2 / s^3), times g tau kappa */
        double dq = g[c] * tau * p->f[KAP][c] * (2 / s - v2 / (s * s * s));
        double av = (ax * vx + ay * vy) / (s * s * s);
        p->f[WX][c] = dq * vx + ax / s - vx * av;
        p->f[WY][c] = dq * vy + ay / s - vy * av;
    }
    /* Adjoint of v = grad u is -div. */
    divergence(p, p->f[WX], p->f[WY], p->f[OUT]);
    for (size_t c = 0; c < hw; c++)
        grad_u[c] -= (float)(scale * p->f[OUT][c]);
}
