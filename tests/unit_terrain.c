/* Terrain physics (physics/terrain/terrain_penalties.h) and synthesis (physics/terrain/terrain_synth.h):
 * slope of planes in physical units, slope-penalty values by hand, slope
 * statistics, PSD normalisation (Parseval, white-noise level), recovery of
 * the spectral exponent of synthesised terrain, the roughness penalty at
 * its own reference, and the penalty hook's ADD convention. */
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physics/terrain/terrain_synth.h"
#include "physics/terrain/terrain_penalties.h"
#include "runner.h"

static const double DX_M = 2.5, DY_M = 4.0;
static const double TAN_30 = 0.57735026918962576; /* tan(30 degrees) */

/* z[i][j] = a x + b y with x = j dx, y = i dy. */
static void fill_plane(const pg_terrain_grid *g, double a, double b, float *z)
{
    for (int i = 0; i < g->h; i++)
        for (int j = 0; j < g->w; j++)
            z[i * g->w + j] = (float)(a * j * g->dx_m + b * i * g->dy_m);
}

static void test_plane_slope(void)
{
    pg_terrain_grid g = {6, 11, DX_M, DY_M};
    float z[6 * 11];
    double zx[6 * 11], zy[6 * 11], deg[6 * 11];
    const double a = 0.3, b = -0.2;
    fill_plane(&g, a, b, z);
    pg_terrain_gradient(&g, z, zx, zy);
    pg_terrain_slope_deg(&g, z, deg);
    double want_deg = atan(hypot(a, b)) * 45 / atan(1.0);
    for (int c = 0; c < 6 * 11; c++) { /* border cells included */
        CU_ASSERT_DOUBLE_EQUAL(zx[c], a, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(zy[c], b, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(deg[c], want_deg, 1e-4);
    }
}

static void test_slope_penalty_values(void)
{
    pg_terrain_grid g = {5, 7, DX_M, DY_M};
    float z[2 * 5 * 7], grad[2 * 5 * 7] = {0};
    /* Gentle (|grad z| = 0.36 < tan 30): zero value, gradient untouched. */
    fill_plane(&g, 0.3, -0.2, z);
    fill_plane(&g, -0.1, 0.25, z + 35);
    CU_ASSERT_EQUAL(pg_terrain_slope_penalty(&g, z, 2, TAN_30, 1, grad), 0.0);
    for (int c = 0; c < 70; c++) CU_ASSERT_EQUAL(grad[c], 0.0f);
    /* Steep: |grad z| = sqrt(1.25) = 1.1180340 everywhere, so P =
     * (1.1180340 - 0.5773503)^2 = 0.2923389 by hand. */
    fill_plane(&g, 1.0, 0.5, z);
    fill_plane(&g, -0.5, -1.0, z + 35);
    double p = pg_terrain_slope_penalty(&g, z, 2, TAN_30, 1, grad);
    CU_ASSERT_DOUBLE_EQUAL(p, 0.2923389, 2e-6);
    /* Each stencil's weights sum to zero: moving the whole patch up or
     * down changes nothing, so the gradient sums to zero per patch. */
    double s0 = 0, s1 = 0, mag = 0;
    for (int c = 0; c < 35; c++) {
        s0 += grad[c];
        s1 += grad[35 + c];
        mag += fabs(grad[c]);
    }
    CU_ASSERT(mag > 1e-3);
    CU_ASSERT_DOUBLE_EQUAL(s0, 0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(s1, 0, 1e-6);
    /* A flat patch with theta_max = 0: s = 0 = t, value 0, no NaN. */
    memset(z, 0, sizeof z);
    memset(grad, 0, sizeof grad);
    CU_ASSERT_EQUAL(pg_terrain_slope_penalty(&g, z, 2, 0.0, 1, grad), 0.0);
    for (int c = 0; c < 70; c++) CU_ASSERT_EQUAL(grad[c], 0.0f);
}

static void test_slope_stats(void)
{
    pg_terrain_grid g = {5, 6, DX_M, DY_M};
    float z[2 * 30];
    double deg[30];
    fill_plane(&g, 1.0, 0.0, z);        /* 45 degrees */
    fill_plane(&g, 0.0, 0.1, z + 30);   /* 5.71 degrees */
    pg_terrain_slope_stats st;
    pg_terrain_slope_stats_init(&st, 30.0);
    pg_terrain_slope_stats_add(&st, &g, z, 2, deg);
    CU_ASSERT_EQUAL(st.cells, 60);
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_slope_stats_frac_over(&st), 0.5, 1e-12);
    double want = (45 + atan(0.1) * 45 / atan(1.0)) / 2;
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_slope_stats_mean_deg(&st), want, 1e-4);
    CU_ASSERT_EQUAL(st.hist[5], 30);
    CU_ASSERT_EQUAL(st.hist[44] + st.hist[45], 30);
}

/* Parseval: sum_k P dkx dky = sum (w z')^2 / sum w^2, with the plane
 * z' removed here by GSL least squares (independent of the library). */
static void test_psd_parseval(void)
{
    enum { H = 12, W = 9 };
    pg_terrain_grid g = {H, W, DX_M, DY_M};
    pg_terrain_psd_ws *ws;
    PG_ASSERT_OK(pg_terrain_psd_create(&g, 5, &ws));
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &r));
    float z[H * W];
    for (int c = 0; c < H * W; c++)
        z[c] = (float)(100 + 0.2 * (c % W) * DX_M + pg_rng_gaussian(r, 2));
    double psd[H * W];
    PG_ASSERT_OK(pg_terrain_psd_full(ws, z, psd));
    double lhs = 0;
    for (int c = 0; c < H * W; c++) lhs += psd[c];
    lhs /= (W * DX_M) * (H * DY_M);

    gsl_matrix *X = gsl_matrix_alloc(H * W, 3);
    gsl_vector *y = gsl_vector_alloc(H * W), *coef = gsl_vector_alloc(3);
    gsl_vector *res = gsl_vector_alloc(H * W);
    gsl_matrix *cov = gsl_matrix_alloc(3, 3);
    gsl_multifit_linear_workspace *mw = gsl_multifit_linear_alloc(H * W, 3);
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            gsl_matrix_set(X, i * W + j, 0, 1);
            gsl_matrix_set(X, i * W + j, 1, j);
            gsl_matrix_set(X, i * W + j, 2, i);
            gsl_vector_set(y, i * W + j, z[i * W + j]);
        }
    double chisq;
    gsl_multifit_linear(X, y, coef, cov, &chisq, mw);
    gsl_multifit_linear_residuals(X, y, coef, res);
    double num = 0, den = 0;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) {
            const double pi = 4 * atan(1.0);
            double wi = sin(pi * (i + 0.5) / H), wj = sin(pi * (j + 0.5) / W);
            double w = wi * wi * wj * wj, u = w * gsl_vector_get(res, i * W + j);
            num += u * u;
            den += w * w;
        }
    CU_ASSERT_DOUBLE_EQUAL(lhs / (num / den), 1.0, 1e-6);
    /* The full PSD is symmetric: P(k) = P(-k). */
    for (int q = 0; q < H; q++)
        for (int m = 0; m < W; m++)
            CU_ASSERT_DOUBLE_EQUAL(psd[q * W + m],
                                   psd[((H - q) % H) * W + (W - m) % W],
                                   1e-9 * (1 + psd[q * W + m]));
    gsl_multifit_linear_free(mw);
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(y);
    gsl_vector_free(coef);
    gsl_vector_free(res);
    pg_rng_destroy(&r);
    pg_terrain_psd_destroy(&ws);
}

/* White noise of variance s^2 has PSD s^2 dx dy (m^4) at every k. */
static void test_psd_white_noise_level(void)
{
    enum { N = 32, PATCHES = 24, NB = 8 };
    const double sigma_m = 2.0;
    pg_terrain_grid g = {N, N, 3.0, 5.0};
    pg_terrain_psd_ws *ws;
    PG_ASSERT_OK(pg_terrain_psd_create(&g, NB, &ws));
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(4, 0, PG_RNG_TEST, &r));
    float z[N * N];
    double psd[NB], mean[NB] = {0};
    for (int p = 0; p < PATCHES; p++) {
        for (int c = 0; c < N * N; c++) z[c] = (float)pg_rng_gaussian(r, sigma_m);
        PG_ASSERT_OK(pg_terrain_psd_binned(ws, z, psd));
        for (int b = 0; b < NB; b++) mean[b] += psd[b] / PATCHES;
    }
    double kmin, kmax, want = sigma_m * sigma_m * 3.0 * 5.0;
    pg_terrain_psd_fit_range(ws, &kmin, &kmax);
    const int *count = pg_terrain_psd_bin_count(ws);
    const double *lk = pg_terrain_psd_bin_log10k(ws);
    int checked = 0;
    for (int b = 0; b < NB; b++) {
        if (!count[b]) {
            CU_ASSERT(isnan(mean[b]));
            continue;
        }
        if (pow(10, lk[b]) < kmin) continue;
        CU_ASSERT_DOUBLE_EQUAL(mean[b] / want, 1.0, 0.1);
        checked++;
    }
    CU_ASSERT(checked >= 4);
    pg_rng_destroy(&r);
    pg_terrain_psd_destroy(&ws);
}

/* Synthesised terrain with a known exponent: beta recovered within 0.15
 * from the mean log PSD of 4 patches of 128 x 128. */
static void test_beta_recovery(void)
{
    enum { N = 128, PATCHES = 4 };
    const double betas[] = {2.0, 2.5, 3.0}, cell_m = 30.0;
    pg_terrain_grid g = {N, N, cell_m, cell_m};
    pg_terrain_psd_ws *ws;
    PG_ASSERT_OK(pg_terrain_psd_create(&g, PG_TERRAIN_PSD_DEFAULT_BINS, &ws));
    float *z = malloc(sizeof(float) * N * N * PATCHES);
    CU_ASSERT_FATAL(z != NULL);
    double kmin, kmax, logpsd[PG_TERRAIN_PSD_DEFAULT_BINS];
    pg_terrain_psd_fit_range(ws, &kmin, &kmax);
    for (int t = 0; t < 3; t++) {
        pg_terrain_synth_params sp = {N, betas[t], cell_m, 500.0};
        pg_terrain_synth *s;
        pg_rng *r;
        PG_ASSERT_OK(pg_terrain_synth_create(&sp, &s));
        PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &r));
        for (int p = 0; p < PATCHES; p++)
            pg_terrain_synth_patch(s, r, z + (size_t)p * N * N);
        PG_ASSERT_OK(pg_terrain_psd_log_mean(ws, z, PATCHES, logpsd));
        double beta;
        PG_ASSERT_OK(pg_terrain_psd_beta(ws, logpsd, kmin, kmax, &beta));
        printf("\n  beta %.2f -> estimated %.3f", betas[t], beta);
        CU_ASSERT_DOUBLE_EQUAL(beta, betas[t], 0.15);
        pg_rng_destroy(&r);
        pg_terrain_synth_destroy(&s);
    }
    free(z);
    pg_terrain_psd_destroy(&ws);
}

static void test_synth_relief_and_seed(void)
{
    enum { N = 16 };
    pg_terrain_synth_params sp = {N, 2.0, 10.0, 250.0};
    pg_terrain_synth *s;
    pg_rng *r1, *r2;
    PG_ASSERT_OK(pg_terrain_synth_create(&sp, &s));
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &r1));
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &r2));
    float a[N * N], b[N * N];
    pg_terrain_synth_patch(s, r1, a);
    pg_terrain_synth_patch(s, r2, b);
    CU_ASSERT_EQUAL(memcmp(a, b, sizeof a), 0);
    pg_terrain_synth_patch(s, r1, b);
    CU_ASSERT_NOT_EQUAL(memcmp(a, b, sizeof a), 0);
    float lo = a[0], hi = a[0];
    for (int c = 0; c < N * N; c++) {
        lo = fminf(lo, a[c]);
        hi = fmaxf(hi, a[c]);
    }
    CU_ASSERT_DOUBLE_EQUAL(lo, 0.0, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(hi, 250.0, 1e-3);
    pg_rng_destroy(&r1);
    pg_rng_destroy(&r2);
    pg_terrain_synth_destroy(&s);
    const pg_terrain_synth_params bad[] = {
        {4, 2, 10, 1}, {N, -1, 10, 1}, {N, 2, 0, 1}, {N, 2, 10, -5}};
    for (int k = 0; k < 4; k++) {
        CU_ASSERT_EQUAL(pg_terrain_synth_create(&bad[k], &s), PG_ERR_ARG);
        CU_ASSERT_PTR_NULL(s);
        pg_error_clear();
    }
}

/* Phase-randomised surrogates: a plane comes back as itself (nothing to
 * randomise); rough patches keep their [min, max] and their spectrum (the
 * surrogates' beta is the sources', 4 beta-3 patches cut from larger
 * fields so that they are not periodic), while the elevations change. */
static void test_synth_like(void)
{
    enum { N = 64, PATCHES = 4 };
    pg_terrain_synth_params sp = {2 * N, 3.0, 30.0, 400.0};
    pg_terrain_synth *s;
    pg_rng *r;
    float big[4 * N * N];
    PG_ASSERT_OK(pg_terrain_synth_create(&sp, &s));
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    float *src = malloc(sizeof(float) * N * N * PATCHES);
    float *sur = malloc(sizeof(float) * N * N * PATCHES);
    CU_ASSERT_FATAL(src && sur);

    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            src[i * N + j] = (float)(100.0 + 2.0 * j - 0.5 * i);
    pg_terrain_synth_like(s, r, src, sur);
    double worst = 0;
    for (int c = 0; c < N * N; c++)
        worst = fmax(worst, fabs((double)sur[c] - src[c]));
    CU_ASSERT(worst < 1e-3);

    for (int p = 0; p < PATCHES; p++) {
        pg_terrain_synth_patch(s, r, big);
        for (int i = 0; i < N; i++)
            memcpy(src + ((size_t)p * N + i) * N, big + (size_t)i * 2 * N,
                   N * sizeof *big);
    }
    double moved = 0;
    for (int p = 0; p < PATCHES; p++) {
        float *a = src + (size_t)p * N * N, *b = sur + (size_t)p * N * N;
        pg_terrain_synth_like(s, r, a, b);
        float alo = a[0], ahi = a[0], blo = b[0], bhi = b[0];
        for (int c = 0; c < N * N; c++) {
            alo = fminf(alo, a[c]);
            ahi = fmaxf(ahi, a[c]);
            blo = fminf(blo, b[c]);
            bhi = fmaxf(bhi, b[c]);
            moved += fabs((double)a[c] - b[c]) / (N * N * PATCHES);
        }
        CU_ASSERT_DOUBLE_EQUAL(blo, alo, 1e-3);
        CU_ASSERT_DOUBLE_EQUAL(bhi, ahi, 1e-3);
    }
    CU_ASSERT(moved > 20.0); /* metres: a new field, not the source */
    pg_terrain_grid g = {N, N, 30.0, 30.0};
    pg_terrain_psd_ws *ws;
    PG_ASSERT_OK(pg_terrain_psd_create(&g, PG_TERRAIN_PSD_DEFAULT_BINS, &ws));
    double kmin, kmax, la[PG_TERRAIN_PSD_DEFAULT_BINS],
        lb[PG_TERRAIN_PSD_DEFAULT_BINS], ba, bb;
    pg_terrain_psd_fit_range(ws, &kmin, &kmax);
    PG_ASSERT_OK(pg_terrain_psd_log_mean(ws, src, PATCHES, la));
    PG_ASSERT_OK(pg_terrain_psd_log_mean(ws, sur, PATCHES, lb));
    PG_ASSERT_OK(pg_terrain_psd_beta(ws, la, kmin, kmax, &ba));
    PG_ASSERT_OK(pg_terrain_psd_beta(ws, lb, kmin, kmax, &bb));
    printf("\n  source beta %.3f, surrogate beta %.3f, mean |change| %.1f m",
           ba, bb, moved);
    CU_ASSERT_DOUBLE_EQUAL(bb, ba, 0.15);
    pg_terrain_psd_destroy(&ws);
    free(src);
    free(sur);
    pg_rng_destroy(&r);
    pg_terrain_synth_destroy(&s);
}

/* The roughness penalty is zero (with zero gradient) when the reference
 * is the sample's own log PSD. */
static void test_roughness_own_reference(void)
{
    enum { N = 24, NB = 6 };
    pg_terrain_grid g = {N, N + 3, DX_M, DY_M};
    pg_terrain_psd_ws *ws;
    PG_ASSERT_OK(pg_terrain_psd_create(&g, NB, &ws));
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(9, 0, PG_RNG_TEST, &r));
    float z[N * (N + 3)], grad[N * (N + 3)] = {0};
    for (int c = 0; c < N * (N + 3); c++) z[c] = (float)pg_rng_gaussian(r, 5);
    double ref[NB], v = -1;
    PG_ASSERT_OK(pg_terrain_psd_log_mean(ws, z, 1, ref));
    PG_ASSERT_OK(pg_terrain_roughness(ws, ref, z, 1, 1, &v, grad));
    CU_ASSERT_DOUBLE_EQUAL(v, 0, 1e-20);
    for (int c = 0; c < N * (N + 3); c++)
        CU_ASSERT_DOUBLE_EQUAL(grad[c], 0, 1e-12);
    /* A flat patch has no power: finite thanks to the floor. */
    memset(z, 0, sizeof z);
    PG_ASSERT_OK(pg_terrain_roughness(ws, ref, z, 1, 1, &v, NULL));
    CU_ASSERT(isfinite(v) && v > 1);
    pg_rng_destroy(&r);
    pg_terrain_psd_destroy(&ws);
}

/* The trainer's hook: value equals the array function, the gradient is
 * ADDED scaled by weight, shapes are checked. */
static void test_penalty_hook(void)
{
    enum { N = 2, H = 8, W = 10 };
    pg_terrain_grid g = {H, W, DX_M, DY_M};
    pg_tensor x = {0}, gx = {0}, bad = {0};
    PG_ASSERT_OK(pg_tensor_alloc(&x, 4, (int[]){N, 1, H, W}));
    PG_ASSERT_OK(pg_tensor_alloc(&gx, 4, (int[]){N, 1, H, W}));
    PG_ASSERT_OK(pg_tensor_alloc(&bad, 4, (int[]){N, 1, W, H}));
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(10, 0, PG_RNG_TEST, &r));
    pg_rng_fill_gaussian(r, x.data, x.size, 3.0);
    float ref_grad[N * H * W] = {0};
    const double weight = 3.0;

    pg_penalty *slope;
    PG_ASSERT_OK(pg_terrain_slope_penalty_create(&g, 30.0, weight, &slope));
    CU_ASSERT_STRING_EQUAL(slope->name, "terrain.slope");
    for (size_t c = 0; c < gx.size; c++) gx.data[c] = 1.0f;
    double v;
    pg_penalty_input in = {&x, NULL, NULL}, in_bad = {&bad, NULL, NULL};
    PG_ASSERT_OK(pg_penalty_eval(slope, &in, &v, &gx));
    double want = pg_terrain_slope_penalty(&g, x.data, N, TAN_30,
                                           (float)weight, ref_grad);
    CU_ASSERT_DOUBLE_EQUAL(v, want, 1e-9 * want);
    CU_ASSERT(v > 0);
    for (size_t c = 0; c < gx.size; c++)
        CU_ASSERT_DOUBLE_EQUAL(gx.data[c], 1.0f + ref_grad[c], 1e-6);
    CU_ASSERT_EQUAL(pg_penalty_eval(slope, &in_bad, &v, NULL), PG_ERR_SHAPE);
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_penalty_eval(slope, &in, &v, &bad), PG_ERR_SHAPE);
    pg_error_clear();

    pg_terrain_psd_ws *ws;
    double ref[5];
    PG_ASSERT_OK(pg_terrain_psd_create(&g, 5, &ws));
    PG_ASSERT_OK(pg_terrain_psd_log_mean(ws, x.data, 1, ref));
    pg_penalty *rough;
    PG_ASSERT_OK(pg_terrain_roughness_penalty_create(&g, 5, ref, weight,
                                                     &rough));
    memset(gx.data, 0, sizeof(float) * gx.size);
    memset(ref_grad, 0, sizeof ref_grad);
    PG_ASSERT_OK(pg_penalty_eval(rough, &in, &v, &gx));
    PG_ASSERT_OK(pg_terrain_roughness(ws, ref, x.data, N, (float)weight, &want,
                                      ref_grad));
    CU_ASSERT_DOUBLE_EQUAL(v, want, 1e-9 * want);
    CU_ASSERT(v > 0); /* patch 1 differs from patch 0's spectrum */
    for (size_t c = 0; c < gx.size; c++)
        CU_ASSERT_DOUBLE_EQUAL(gx.data[c], ref_grad[c], 1e-6);

    pg_penalty *steep = NULL;
    CU_ASSERT_EQUAL(pg_terrain_slope_penalty_create(&g, 95, 1, &steep),
                    PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(steep);
    pg_error_clear();
    pg_penalty_destroy(&slope);
    pg_penalty_destroy(&rough);
    CU_ASSERT_PTR_NULL(rough);
    pg_penalty_destroy(&rough); /* NULL is fine */
    pg_terrain_psd_destroy(&ws);
    pg_rng_destroy(&r);
    pg_tensor_release(&x);
    pg_tensor_release(&gx);
    pg_tensor_release(&bad);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_terrain");
    PG_TEST(s, test_plane_slope);
    PG_TEST(s, test_slope_penalty_values);
    PG_TEST(s, test_slope_stats);
    PG_TEST(s, test_psd_parseval);
    PG_TEST(s, test_psd_white_noise_level);
    PG_TEST(s, test_beta_recovery);
    PG_TEST(s, test_synth_relief_and_seed);
    PG_TEST(s, test_synth_like);
    PG_TEST(s, test_roughness_own_reference);
    PG_TEST(s, test_penalty_hook);
}
