/* Plateau's rules from the angular harmonics of the film field
 * (physics/foam/foam_penalties.h, docs/physics.md "Foam").
 *
 * c_m(x) = sum_r K(|r|) e^{i m theta_r} phi(x + r) is a correlation with
 * the complex kernel k_m; as a convolution it is F^-1[F(k_m(-r)) F(phi)].
 * Its adjoint for a cotangent A (real functional, dp = Re(conj(A) dc)) is
 * Re F^-1[F(conj A) F(k_m)], so both kernel spectra are kept. */
#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_penalties.h"

#define PI 3.14159265358979323846

/* The harmonics the density uses: 0 (arm count), 1 (force balance),
 * 2 (straight film), 4 (4-fold). */
static const int HARMONIC[] = {0, 1, 2, 4};
enum { N_HARM = sizeof HARMONIC / sizeof HARMONIC[0] };
enum { H0, H1, H2, H4 };

struct pg_foam_plateau {
    int h, w;
    fftw_complex *kc[N_HARM]; /* F(k_m(-r)): forward correlation */
    fftw_complex *ka[N_HARM]; /* F(k_m(r)): adjoint */
    fftw_complex *phi_hat, *buf, *acc;
    fftw_complex *c[N_HARM];  /* c_m(x) of the current field */
    fftw_plan fwd, inv, inv_acc;
};

void pg_foam_plateau_destroy(pg_foam_plateau **pp)
{
    if (!pp || !*pp) return;
    pg_foam_plateau *p = *pp;
    if (p->fwd) fftw_destroy_plan(p->fwd);
    if (p->inv) fftw_destroy_plan(p->inv);
    if (p->inv_acc) fftw_destroy_plan(p->inv_acc);
    for (int m = 0; m < N_HARM; m++) {
        fftw_free(p->kc[m]);
        fftw_free(p->ka[m]);
        fftw_free(p->c[m]);
    }
    fftw_free(p->phi_hat);
    fftw_free(p->buf);
    fftw_free(p->acc);
    free(p);
    *pp = NULL;
}

/* Minimum-image offset of index q on a ring of n. */
static int min_image(int q, int n) { return q <= n / 2 ? q : q - n; }

/* Fill kernel spectra: k_m(r), or k_m(-r) when flip is set. The flip
 * reflects indices (-i mod h), so at an offset of exactly half an even
 * period the two stay each other's adjoint. */
static void kernel(pg_foam_plateau *p, double sigma, int m, int flip,
                   fftw_complex *out)
{
    int h = p->h, w = p->w;
    double norm = sigma * sigma * sigma * sqrt(PI / 2);
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
            int si = flip ? (h - i) % h : i, sj = flip ? (w - j) % w : j;
            double ry = min_image(si, h), rx = min_image(sj, w);
            double r2 = rx * rx + ry * ry;
            double k = r2 * exp(-r2 / (2 * sigma * sigma)) / norm;
            double th = atan2(ry, rx);
            size_t c = (size_t)i * w + j;
            p->buf[c][0] = k * cos(m * th);
            p->buf[c][1] = k * sin(m * th);
        }
    fftw_execute(p->fwd);
    memcpy(out, p->buf, (size_t)h * w * sizeof *out);
}

pg_status pg_foam_plateau_create(int h, int w, double sigma,
                                 pg_foam_plateau **out)
{
    *out = NULL;
    if (h < 3 || w < 3)
        return PG_FAIL(PG_ERR_ARG, "foam Plateau: grid %d x %d, need >= 3", h,
                       w);
    if (!(sigma > 0))
        return PG_FAIL(PG_ERR_ARG, "foam Plateau: sigma %g sites must be > 0",
                       sigma);
    pg_foam_plateau *p = calloc(1, sizeof *p);
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "foam Plateau workspace");
    size_t hw = (size_t)h * w;
    p->h = h;
    p->w = w;
    int ok = 1;
    for (int m = 0; m < N_HARM; m++) {
        p->kc[m] = fftw_alloc_complex(hw);
        p->ka[m] = fftw_alloc_complex(hw);
        p->c[m] = fftw_alloc_complex(hw);
        ok = ok && p->kc[m] && p->ka[m] && p->c[m];
    }
    p->phi_hat = fftw_alloc_complex(hw);
    p->buf = fftw_alloc_complex(hw);
    p->acc = fftw_alloc_complex(hw);
    if (!ok || !p->phi_hat || !p->buf || !p->acc) {
        pg_foam_plateau_destroy(&p);
        return PG_FAIL(PG_ERR_NOMEM, "foam Plateau workspace %d x %d", h, w);
    }
    p->fwd = fftw_plan_dft_2d(h, w, p->buf, p->buf, FFTW_FORWARD,
                              FFTW_ESTIMATE);
    p->inv = fftw_plan_dft_2d(h, w, p->buf, p->buf, FFTW_BACKWARD,
                              FFTW_ESTIMATE);
    p->inv_acc = fftw_plan_dft_2d(h, w, p->acc, p->acc, FFTW_BACKWARD,
                                  FFTW_ESTIMATE);
    if (!p->fwd || !p->inv || !p->inv_acc) {
        pg_foam_plateau_destroy(&p);
        return PG_FAIL(PG_ERR_INTERNAL, "foam Plateau: FFTW could not plan "
                       "%d x %d", h, w);
    }
    for (int m = 0; m < N_HARM; m++) {
        kernel(p, sigma, HARMONIC[m], 1, p->kc[m]);
        kernel(p, sigma, HARMONIC[m], 0, p->ka[m]);
    }
    *out = p;
    return PG_OK;
}

/* c_m of phi for every harmonic. */
static void harmonics(pg_foam_plateau *p, const float *phi)
{
    size_t hw = (size_t)p->h * p->w;
    for (size_t c = 0; c < hw; c++) {
        p->buf[c][0] = phi[c];
        p->buf[c][1] = 0;
    }
    fftw_execute(p->fwd);
    memcpy(p->phi_hat, p->buf, hw * sizeof *p->buf);
    for (int m = 0; m < N_HARM; m++) {
        const fftw_complex *k = p->kc[m];
        for (size_t c = 0; c < hw; c++) {
            double a = p->phi_hat[c][0], b = p->phi_hat[c][1];
            p->buf[c][0] = (a * k[c][0] - b * k[c][1]) / (double)hw;
            p->buf[c][1] = (a * k[c][1] + b * k[c][0]) / (double)hw;
        }
        fftw_execute(p->inv);
        memcpy(p->c[m], p->buf, hw * sizeof *p->buf);
    }
}

static double abs2(const fftw_complex z) { return z[0] * z[0] + z[1] * z[1]; }

/* The bracket of the density at site c: |c1|^2 + beta |c4|^2 Q. */
static double bracket(const pg_foam_plateau *p, size_t c, double *q_out)
{
    double c0 = p->c[H0][c][0];
    double q = c0 * c0 - abs2(p->c[H2][c]);
    if (q_out) *q_out = q;
    return abs2(p->c[H1][c]) + PG_FOAM_PLATEAU_BETA * abs2(p->c[H4][c]) * q;
}

void pg_foam_plateau_density(pg_foam_plateau *p, const float *phi,
                             double *density)
{
    size_t hw = (size_t)p->h * p->w;
    harmonics(p, phi);
    for (size_t c = 0; c < hw; c++) density[c] = phi[c] * bracket(p, c, NULL);
}

/* Add F(conj(A)) F(k_m) into acc; A is in buf (complex, per site). */
static void adjoint_add(pg_foam_plateau *p, int m)
{
    size_t hw = (size_t)p->h * p->w;
    for (size_t c = 0; c < hw; c++) p->buf[c][1] = -p->buf[c][1];
    fftw_execute(p->fwd);
    const fftw_complex *k = p->ka[m];
    for (size_t c = 0; c < hw; c++) {
        double a = p->buf[c][0], b = p->buf[c][1];
        p->acc[c][0] += a * k[c][0] - b * k[c][1];
        p->acc[c][1] += a * k[c][1] + b * k[c][0];
    }
}

double pg_foam_plateau_penalty(pg_foam_plateau *p, const float *x, int n,
                               double weight, float *grad)
{
    size_t hw = (size_t)p->h * p->w;
    const double beta = PG_FOAM_PLATEAU_BETA;
    double total = 0;
    for (int k = 0; k < n; k++) {
        const float *phi = x + (size_t)k * hw;
        harmonics(p, phi);
        double sum = 0;
        for (size_t c = 0; c < hw; c++) sum += phi[c] * bracket(p, c, NULL);
        total += sum / (double)hw;
        if (!grad) continue;
        /* Cotangents A_m = dp/dRe c_m + i dp/dIm c_m, harmonic by harmonic
         * through buf into the Fourier accumulator. */
        memset(p->acc, 0, hw * sizeof *p->acc);
        static const int order[] = {H0, H1, H2, H4};
        for (int o = 0; o < N_HARM; o++) {
            int m = order[o];
            for (size_t c = 0; c < hw; c++) {
                double q, c4 = abs2(p->c[H4][c]), f = 2 * phi[c], s;
                (void)bracket(p, c, &q);
                switch (m) {
                case H0: s = f * beta * c4; break;
                case H1: s = f; break;
                case H2: s = -f * beta * c4; break;
                default: s = f * beta * q; break;
                }
                p->buf[c][0] = s * p->c[m][c][0];
                p->buf[c][1] = m == H0 ? 0 : s * p->c[m][c][1];
            }
            adjoint_add(p, m);
        }
        fftw_execute(p->inv_acc);
        double scale = weight / ((double)n * (double)hw);
        float *gk = grad + (size_t)k * hw;
        for (size_t c = 0; c < hw; c++) {
            double direct = bracket(p, c, NULL);
            double conv = p->acc[c][0] / (double)hw;
            gk[c] += (float)(scale * (direct + conv));
        }
    }
    return total / n;
}
