/* physics/terrain/terrain_eval: the exact two-sample KS distance, slope mean and
 * share over theta_max on planes, beta on synthesised terrain, relief. */
#include <math.h>
#include <stdlib.h>

#include "base/rng.h"
#include "physics/terrain/terrain_synth.h"
#include "physics/terrain/terrain_eval.h"
#include "runner.h"

static void test_ks_identical_and_disjoint(void)
{
    const double a[] = {0.5, 1, 1, 2, 7}, b[] = {8, 9, 10};
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_ks_distance(a, 5, a, 5), 0, 0);
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_ks_distance(a, 5, b, 3), 1, 0);
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_ks_distance(b, 3, a, 5), 1, 0);
}

/* By hand: a = {1, 2, 3}, b = {2.5, 4}: after 2, F_a = 2/3 and F_b = 0;
 * after 2.5, 2/3 - 1/2; after 3, 1 - 1/2: D = 2/3. With ties across the
 * samples, a = {1, 2, 2}, b = {2, 3}: after 1, 1/3 - 0; after 2, 1 - 1/2;
 * D = 1/2 (not 2/3, which stepping one sample at a time through the tie
 * would give). */
static void test_ks_hand_examples(void)
{
    const double a[] = {1, 2, 3}, b[] = {2.5, 4};
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_ks_distance(a, 3, b, 2), 2.0 / 3, 1e-15);
    const double c[] = {1, 2, 2}, d[] = {2, 3};
    CU_ASSERT_DOUBLE_EQUAL(pg_terrain_ks_distance(c, 3, d, 2), 0.5, 1e-15);
}

/* A plane rising tan(20 deg) along y on non-square cells: every cell's
 * slope is 20 degrees (one-sided borders are exact on a plane), so the
 * mean is 20, the share over 15 degrees is 1 and over 25 degrees 0, and
 * its relief is tan(20 deg) (H - 1) dy. */
static void test_plane_slope(void)
{
    enum { H = 16, W = 24 };
    const double dx = 10, dy = 30, t = tan(20 * M_PI / 180);
    pg_terrain_grid g = {H, W, dx, dy};
    float z[H * W];
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++) z[i * W + j] = (float)(t * i * dy);
    double limits[2] = {15, 25}, want_over[2] = {1, 0};
    for (int k = 0; k < 2; k++) {
        pg_terrain_eval *e;
        pg_terrain_eval_summary s;
        PG_ASSERT_OK(pg_terrain_eval_create(&g, limits[k], &e));
        PG_ASSERT_OK(pg_terrain_eval_add(e, z, 1));
        PG_ASSERT_OK(pg_terrain_eval_summarize(e, &s));
        CU_ASSERT_EQUAL(s.cells, (size_t)H * W);
        CU_ASSERT_DOUBLE_EQUAL(s.slope_mean_deg, 20, 1e-4);
        CU_ASSERT_DOUBLE_EQUAL(s.slope_max_deg, 20, 1e-4);
        CU_ASSERT_DOUBLE_EQUAL(s.frac_over_max, want_over[k], 0);
        CU_ASSERT_DOUBLE_EQUAL(s.relief_mean_m, t * (H - 1) * dy, 1e-3);
        CU_ASSERT_DOUBLE_EQUAL(s.relief_std_m, 0, 0);
        size_t n;
        const double *sl = pg_terrain_eval_sorted_slopes(e, &n);
        CU_ASSERT_EQUAL(n, (size_t)H * W);
        CU_ASSERT_DOUBLE_EQUAL(sl[0], 20, 1e-4);
        pg_terrain_eval_destroy(&e);
        CU_ASSERT_PTR_NULL(e);
    }
}

/* Synthesised terrain of known beta: the evaluator's beta (fit to the mean
 * log PSD over patches) within 0.15, as unit_terrain checks the fit
 * itself; the share over theta_max equals the histogram's cells above it
 * counted from the sorted slopes; two sets of the same process are close
 * in KS and far from a steeper set. */
static void test_synth_beta_and_ks(void)
{
    enum { N = 64, PATCHES = 8 };
    const double cell = 30, theta = 20;
    pg_terrain_grid g = {N, N, cell, cell};
    float *z = malloc(sizeof(float) * N * N * PATCHES);
    CU_ASSERT_FATAL(z != NULL);
    pg_terrain_eval *e[3];
    pg_terrain_eval_summary s[3];
    const double beta[3] = {2.5, 2.5, 2.5}, relief[3] = {300, 300, 900};
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    for (int k = 0; k < 3; k++) {
        pg_terrain_synth_params sp = {N, beta[k], cell, relief[k]};
        pg_terrain_synth *syn;
        PG_ASSERT_OK(pg_terrain_synth_create(&sp, &syn));
        for (int p = 0; p < PATCHES; p++)
            pg_terrain_synth_patch(syn, r, z + (size_t)p * N * N);
        pg_terrain_synth_destroy(&syn);
        PG_ASSERT_OK(pg_terrain_eval_create(&g, theta, &e[k]));
        /* Two calls: accumulation across blocks. */
        PG_ASSERT_OK(pg_terrain_eval_add(e[k], z, 3));
        PG_ASSERT_OK(pg_terrain_eval_add(e[k], z + (size_t)3 * N * N,
                                         PATCHES - 3));
        PG_ASSERT_OK(pg_terrain_eval_summarize(e[k], &s[k]));
        printf("\n  beta %.1f relief %.0f -> beta %.3f, slope mean %.2f deg, "
               "over %.0f deg %.4f", beta[k], relief[k], s[k].psd_beta,
               s[k].slope_mean_deg, theta, s[k].frac_over_max);
        CU_ASSERT_DOUBLE_EQUAL(s[k].psd_beta, beta[k], 0.15);
        CU_ASSERT_DOUBLE_EQUAL(s[k].relief_mean_m, relief[k], 1e-3 * relief[k]);
        size_t n, over = 0;
        const double *sl = pg_terrain_eval_sorted_slopes(e[k], &n);
        for (size_t i = 0; i < n; i++) {
            over += sl[i] > theta;
            if (i) CU_ASSERT_FATAL(sl[i - 1] <= sl[i]);
        }
        CU_ASSERT_DOUBLE_EQUAL(s[k].frac_over_max, (double)over / (double)n,
                               1e-15);
    }
    pg_rng_destroy(&r);
    size_t n0, n1, n2;
    const double *a = pg_terrain_eval_sorted_slopes(e[0], &n0);
    const double *b = pg_terrain_eval_sorted_slopes(e[1], &n1);
    const double *c = pg_terrain_eval_sorted_slopes(e[2], &n2);
    double same = pg_terrain_ks_distance(a, n0, b, n1);
    double steeper = pg_terrain_ks_distance(a, n0, c, n2);
    printf("\n  KS same process %.4f, 3x relief %.4f", same, steeper);
    CU_ASSERT(same < 0.1);
    CU_ASSERT(steeper > 0.5);
    CU_ASSERT(s[2].frac_over_max > s[0].frac_over_max);
    for (int k = 0; k < 3; k++) pg_terrain_eval_destroy(&e[k]);
    free(z);
}

static void test_bad_input(void)
{
    pg_terrain_grid g = {8, 8, 1, 1};
    pg_terrain_eval *e = NULL;
    pg_terrain_eval_summary s;
    CU_ASSERT_EQUAL(pg_terrain_eval_create(&g, 90, &e), PG_ERR_ARG);
    pg_error_clear();
    PG_ASSERT_OK(pg_terrain_eval_create(&g, 30, &e));
    CU_ASSERT_EQUAL(pg_terrain_eval_summarize(e, &s), PG_ERR_ARG);
    pg_error_clear();
    float z[64] = {0};
    z[9] = NAN;
    CU_ASSERT_EQUAL(pg_terrain_eval_add(e, z, 1), PG_ERR_NUMERIC);
    pg_error_clear();
    pg_terrain_eval_destroy(&e);
    pg_terrain_eval_destroy(&e); /* NULL accepted */
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("terrain_eval");
    PG_TEST(s, test_ks_identical_and_disjoint);
    PG_TEST(s, test_ks_hand_examples);
    PG_TEST(s, test_plane_slope);
    PG_TEST(s, test_synth_beta_and_ks);
    PG_TEST(s, test_bad_input);
}
