/* Terrain power spectral density, its exponent beta and the roughness
 * penalty (physics/terrain/terrain_penalties.h, docs/physics.md). */
#include <fftw3.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/terrain/terrain_penalties.h"
#include "physics/terrain/terrain_impl.h"

enum { MAX_BINS = 256 };
/* Relative slack when comparing |k| to the bin range ends, so a mode that
 * sits exactly on k_lo or k_hi is classified the same on every machine. */
static const double K_EDGE_SLACK = 1e-9;
/* Below this many fundamentals the Hann main lobe and the plane removal
 * bias the PSD; the default beta fit starts here. */
static const double FIT_MIN_FUNDAMENTALS = 4.0;

struct pg_terrain_psd_ws {
    pg_terrain_grid g;
    int nbins, wc;       /* wc = W/2 + 1 columns of the r2c spectrum */
    double alpha;        /* dx dy / sum(w^2): |U|^2 -> PSD in m^4 */
    double *win;         /* H*W Hann window */
    double *xc, *yc;     /* centred column / row indices */
    double sxx, syy;     /* sum over the grid of xc^2, yc^2 */
    double *buf;         /* H*W real, FFTW-aligned */
    fftw_complex *spec;  /* H*wc */
    fftw_plan fwd, inv;
    int *mode_bin;       /* H*wc: bin of the mode, -1 outside the bins */
    double *mode_mult;   /* H*wc: 1 self-conjugate column, else 2 */
    int *count;          /* per bin: modes of the full plane */
    double *log10k;      /* per bin: mean log10 |k| (cycles/m) */
    double *bin_psd;     /* scratch: binned PSD */
    double k_lo, k_hi;
};

void pg_terrain_psd_destroy(pg_terrain_psd_ws **ws)
{
    if (!ws || !*ws) return;
    pg_terrain_psd_ws *w = *ws;
    if (w->fwd) fftw_destroy_plan(w->fwd);
    if (w->inv) fftw_destroy_plan(w->inv);
    fftw_free(w->buf);
    fftw_free(w->spec);
    free(w->win);
    free(w->xc);
    free(w->yc);
    free(w->mode_bin);
    free(w->mode_mult);
    free(w->count);
    free(w->log10k);
    free(w->bin_psd);
    free(w);
    *ws = NULL;
}

/* Hann window, mode multiplicities and the radial bin of every mode. */
static void tables(pg_terrain_psd_ws *w)
{
    const pg_terrain_grid *g = &w->g;
    int H = g->h, W = g->w;
    double wsum2 = 0;
    for (int i = 0; i < H; i++) {
        double a = sin(PG_TERRAIN_PI * (i + 0.5) / H);
        for (int j = 0; j < W; j++) {
            double b = sin(PG_TERRAIN_PI * (j + 0.5) / W);
            double v = a * a * b * b;
            w->win[(size_t)i * W + j] = v;
            wsum2 += v * v;
        }
    }
    w->alpha = g->dx_m * g->dy_m / wsum2;
    for (int j = 0; j < W; j++) {
        w->xc[j] = j - 0.5 * (W - 1);
        w->sxx += H * w->xc[j] * w->xc[j];
    }
    for (int i = 0; i < H; i++) {
        w->yc[i] = i - 0.5 * (H - 1);
        w->syy += W * w->yc[i] * w->yc[i];
    }
    w->k_lo = fmin(1 / (W * g->dx_m), 1 / (H * g->dy_m));
    w->k_hi = fmin(1 / (2 * g->dx_m), 1 / (2 * g->dy_m));
    double span = log(w->k_hi / w->k_lo);
    for (int q = 0; q < H; q++) {
        double ky = (q <= H / 2 ? q : q - H) / (H * g->dy_m);
        for (int m = 0; m < w->wc; m++) {
            double kx = m / (W * g->dx_m), k = hypot(kx, ky);
            size_t c = (size_t)q * w->wc + m;
            w->mode_mult[c] = (m == 0 || (W % 2 == 0 && m == W / 2)) ? 1 : 2;
            w->mode_bin[c] = -1;
            if (k < w->k_lo * (1 - K_EDGE_SLACK) ||
                k >= w->k_hi * (1 - K_EDGE_SLACK))
                continue;
            int b = (int)floor(log(k / w->k_lo) / span * w->nbins);
            b = b < 0 ? 0 : b >= w->nbins ? w->nbins - 1 : b;
            w->mode_bin[c] = b;
            w->count[b] += (int)w->mode_mult[c];
            w->log10k[b] += w->mode_mult[c] * log10(k);
        }
    }
    for (int b = 0; b < w->nbins; b++)
        w->log10k[b] = w->count[b] ? w->log10k[b] / w->count[b] : NAN;
}

pg_status pg_terrain_psd_create(const pg_terrain_grid *g, int nbins,
                                pg_terrain_psd_ws **out)
{
    *out = NULL;
    PG_CHECK(pg_terrain_grid_check(g));
    if (nbins < 3 || nbins > MAX_BINS)
        return PG_FAIL(PG_ERR_ARG, "terrain PSD: %d bins, need 3..%d", nbins,
                       MAX_BINS);
    pg_terrain_psd_ws *w = calloc(1, sizeof *w);
    if (!w) return PG_FAIL(PG_ERR_NOMEM, "terrain PSD workspace");
    size_t hw = (size_t)g->h * g->w;
    w->g = *g;
    w->nbins = nbins;
    w->wc = g->w / 2 + 1;
    size_t hc = (size_t)g->h * w->wc;
    w->win = malloc(hw * sizeof *w->win);
    w->xc = malloc((size_t)g->w * sizeof *w->xc);
    w->yc = malloc((size_t)g->h * sizeof *w->yc);
    w->buf = fftw_alloc_real(hw);
    w->spec = fftw_alloc_complex(hc);
    w->mode_bin = malloc(hc * sizeof *w->mode_bin);
    w->mode_mult = malloc(hc * sizeof *w->mode_mult);
    w->count = calloc((size_t)nbins, sizeof *w->count);
    w->log10k = calloc((size_t)nbins, sizeof *w->log10k);
    w->bin_psd = calloc((size_t)nbins, sizeof *w->bin_psd);
    if (!w->win || !w->xc || !w->yc || !w->buf || !w->spec || !w->mode_bin ||
        !w->mode_mult || !w->count || !w->log10k || !w->bin_psd) {
        pg_terrain_psd_destroy(&w);
        return PG_FAIL(PG_ERR_NOMEM, "terrain PSD workspace %d x %d", g->h,
                       g->w);
    }
    /* FFTW_ESTIMATE: planning never touches the arrays and is
     * deterministic; the planner is not thread-safe, so plans are made
     * here, once, never in eval. */
    w->fwd = fftw_plan_dft_r2c_2d(g->h, g->w, w->buf, w->spec, FFTW_ESTIMATE);
    w->inv = fftw_plan_dft_c2r_2d(g->h, g->w, w->spec, w->buf, FFTW_ESTIMATE);
    if (!w->fwd || !w->inv) {
        pg_terrain_psd_destroy(&w);
        return PG_FAIL(PG_ERR_INTERNAL, "terrain PSD: FFTW could not plan "
                       "%d x %d", g->h, g->w);
    }
    tables(w);
    *out = w;
    return PG_OK;
}

const pg_terrain_grid *pg_terrain_psd_grid(const pg_terrain_psd_ws *ws)
{
    return &ws->g;
}
int pg_terrain_psd_nbins(const pg_terrain_psd_ws *ws) { return ws->nbins; }
const int *pg_terrain_psd_bin_count(const pg_terrain_psd_ws *ws)
{
    return ws->count;
}
const double *pg_terrain_psd_bin_log10k(const pg_terrain_psd_ws *ws)
{
    return ws->log10k;
}

void pg_terrain_psd_fit_range(const pg_terrain_psd_ws *ws, double *kmin,
                              double *kmax)
{
    *kmin = FIT_MIN_FUNDAMENTALS * ws->k_lo;
    *kmax = ws->k_hi;
}

/* The plane fit is an orthogonal projection onto span{1, xc, yc} (the
 * three are orthogonal on a centred grid): v -= mean + bx xc + by yc.
 * Symmetric, so the same routine is its own adjoint. */
static void remove_plane(const pg_terrain_psd_ws *w, double *v)
{
    int H = w->g.h, W = w->g.w;
    double s = 0, sx = 0, sy = 0;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            double a = v[(size_t)i * W + j];
            s += a;
            sx += a * w->xc[j];
            sy += a * w->yc[i];
        }
    double mean = s / ((double)H * W), bx = sx / w->sxx, by = sy / w->syy;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
            v[(size_t)i * W + j] -= mean + bx * w->xc[j] + by * w->yc[i];
}

/* spec = DFT(win * (z - plane)). */
static void forward(pg_terrain_psd_ws *w, const float *z)
{
    size_t hw = (size_t)w->g.h * w->g.w;
    for (size_t c = 0; c < hw; c++) w->buf[c] = z[c];
    remove_plane(w, w->buf);
    for (size_t c = 0; c < hw; c++) w->buf[c] *= w->win[c];
    fftw_execute(w->fwd);
}

static inline double mode_power(const pg_terrain_psd_ws *w, size_t c)
{
    double re = w->spec[c][0], im = w->spec[c][1];
    return w->alpha * (re * re + im * im);
}

/* Binned PSD of the spectrum in w->spec into psd (NAN where empty). */
static void bin_spectrum(const pg_terrain_psd_ws *w, double *psd)
{
    for (int b = 0; b < w->nbins; b++) psd[b] = 0;
    size_t hc = (size_t)w->g.h * w->wc;
    for (size_t c = 0; c < hc; c++)
        if (w->mode_bin[c] >= 0)
            psd[w->mode_bin[c]] += w->mode_mult[c] * mode_power(w, c);
    for (int b = 0; b < w->nbins; b++)
        psd[b] = w->count[b] ? psd[b] / w->count[b] : NAN;
}

pg_status pg_terrain_psd_full(pg_terrain_psd_ws *ws, const float *z,
                              double *psd)
{
    forward(ws, z);
    int H = ws->g.h, W = ws->g.w;
    for (int q = 0; q < H; q++)
        for (int m = 0; m < W; m++) {
            /* Columns past W/2 are the conjugates of (-q, W - m). */
            int mm = m < ws->wc ? m : W - m, qq = m < ws->wc ? q : (H - q) % H;
            psd[(size_t)q * W + m] = mode_power(ws, (size_t)qq * ws->wc + mm);
        }
    return PG_OK;
}

pg_status pg_terrain_psd_binned(pg_terrain_psd_ws *ws, const float *z,
                                double *psd)
{
    forward(ws, z);
    bin_spectrum(ws, psd);
    return PG_OK;
}

pg_status pg_terrain_psd_log_mean(pg_terrain_psd_ws *ws, const float *z,
                                  size_t n, double *log10_psd)
{
    if (n == 0) return PG_FAIL(PG_ERR_ARG, "terrain PSD: no patches");
    size_t hw = (size_t)ws->g.h * ws->g.w;
    for (int b = 0; b < ws->nbins; b++) log10_psd[b] = 0;
    for (size_t p = 0; p < n; p++) {
        forward(ws, z + p * hw);
        bin_spectrum(ws, ws->bin_psd);
        for (int b = 0; b < ws->nbins; b++)
            log10_psd[b] += log10(ws->bin_psd[b] + PG_TERRAIN_PSD_FLOOR_M4);
    }
    for (int b = 0; b < ws->nbins; b++)
        log10_psd[b] = ws->count[b] ? log10_psd[b] / (double)n : NAN;
    return PG_OK;
}

pg_status pg_terrain_psd_beta(const pg_terrain_psd_ws *ws,
                              const double *log10_psd, double kmin,
                              double kmax, double *beta)
{
    double x[MAX_BINS], y[MAX_BINS];
    size_t n = 0;
    for (int b = 0; b < ws->nbins; b++) {
        if (!ws->count[b] || !isfinite(log10_psd[b])) continue;
        double k = pow(10, ws->log10k[b]);
        if (k < kmin || k > kmax) continue;
        x[n] = ws->log10k[b];
        y[n++] = log10_psd[b];
    }
    if (n < 3)
        return PG_FAIL(PG_ERR_ARG, "terrain PSD: %zu bins with modes in the "
                       "fit range [%g, %g] cycles/m, need 3", n, kmin, kmax);
    double c0, c1, cov00, cov01, cov11, sumsq;
    gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    *beta = -c1;
    return PG_OK;
}

pg_status pg_terrain_roughness(pg_terrain_psd_ws *ws, const double *ref,
                               const float *z, int n, float weight,
                               double *value, float *grad)
{
    const int H = ws->g.h, W = ws->g.w, nb = ws->nbins;
    const size_t hw = (size_t)H * W, hc = (size_t)H * ws->wc;
    int used = 0;
    for (int b = 0; b < nb; b++)
        if (ws->count[b]) {
            if (!isfinite(ref[b]))
                return PG_FAIL(PG_ERR_ARG, "terrain.roughness: reference bin "
                               "%d is %g", b, ref[b]);
            used++;
        }
    if (n < 1 || used == 0)
        return PG_FAIL(PG_ERR_ARG, "terrain.roughness: %d patches, %d bins",
                       n, used);
    double *dp = ws->bin_psd, total = 0;
    for (int p = 0; p < n; p++) {
        forward(ws, z + (size_t)p * hw);
        bin_spectrum(ws, dp);
        for (int b = 0; b < nb; b++) {
            if (!ws->count[b]) continue;
            double pf = dp[b] + PG_TERRAIN_PSD_FLOOR_M4;
            double d = log10(pf) - ref[b];
            total += d * d / used;
            /* dp[b] becomes G for the modes of bin b: weight * dR/dP_b *
             * alpha / count_b. */
            dp[b] = weight * (2 * d / used) / (pf * PG_TERRAIN_LN10) / n *
                    ws->alpha / ws->count[b];
        }
        if (!grad) continue;
        for (size_t c = 0; c < hc; c++) {
            double gk = ws->mode_bin[c] >= 0 ? dp[ws->mode_bin[c]] : 0;
            ws->spec[c][0] *= gk;
            ws->spec[c][1] *= gk;
        }
        fftw_execute(ws->inv); /* buf = IDFT(G U), unnormalised */
        for (size_t c = 0; c < hw; c++) ws->buf[c] *= 2 * ws->win[c];
        remove_plane(ws, ws->buf);
        float *gp = grad + (size_t)p * hw;
        for (size_t c = 0; c < hw; c++) gp[c] += (float)ws->buf[c];
    }
    *value = total / n;
    return PG_OK;
}

/* ---- the trainer's penalty ------------------------------------------------ */

typedef struct rough_ctx {
    pg_terrain_psd_ws *ws;
    double *ref;
} rough_ctx;

static void rough_ctx_free(void *p)
{
    rough_ctx *c = p;
    if (!c) return;
    pg_terrain_psd_destroy(&c->ws);
    free(c->ref);
    free(c);
}

static pg_status rough_eval(const pg_penalty *p, const pg_penalty_input *in,
                            double *value, pg_tensor *grad_x)
{
    const pg_tensor *x = in->x;
    rough_ctx *c = p->ctx;
    PG_CHECK(pg_terrain_batch_check(p->name, &c->ws->g, x));
    PG_CHECK(pg_terrain_roughness(c->ws, c->ref, x->data, x->shape[0],
                                  (float)p->weight, value,
                                  grad_x ? grad_x->data : NULL));
    return PG_OK;
}

pg_status pg_terrain_roughness_penalty_create(const pg_terrain_grid *g,
                                              int nbins, const double *ref,
                                              double weight, pg_penalty **out)
{
    *out = NULL;
    pg_status s;
    pg_penalty *p = calloc(1, sizeof *p);
    rough_ctx *c = calloc(1, sizeof *c);
    if (!p || !c) {
        s = PG_FAIL(PG_ERR_NOMEM, "terrain.roughness");
        goto fail;
    }
    PG_CHECK_GOTO(s, pg_terrain_psd_create(g, nbins, &c->ws), fail);
    c->ref = malloc((size_t)nbins * sizeof *c->ref);
    if (!c->ref) {
        s = PG_FAIL(PG_ERR_NOMEM, "terrain.roughness");
        goto fail;
    }
    for (int b = 0; b < nbins; b++) {
        if (c->ws->count[b] && !isfinite(ref[b])) {
            s = PG_FAIL(PG_ERR_ARG, "terrain.roughness: reference bin %d is "
                        "%g but the bin has modes", b, ref[b]);
            goto fail;
        }
        c->ref[b] = ref[b];
    }
    *p = (pg_penalty){.name = "terrain.roughness", .weight = weight,
                      .eval = rough_eval, .ctx = c,
                      .destroy_ctx = rough_ctx_free};
    *out = p;
    return PG_OK;
fail:
    rough_ctx_free(c);
    free(p);
    return s;
}
