/* RNG streams: reproducible per (seed, rank, stream), independent across
 * ranks and streams, exact state save/restore, and the distributions. */
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_statistics_float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "runner.h"

enum { N = 1000 };

static void draw(uint64_t seed, int rank, int stream, double *out)
{
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(seed, rank, stream, &r));
    for (int i = 0; i < N; i++) out[i] = pg_rng_uniform(r);
    pg_rng_destroy(&r);
    CU_ASSERT_PTR_NULL(r);
}

static int same(const double *a, const double *b)
{
    return memcmp(a, b, N * sizeof *a) == 0;
}

/* Equal draws out of N: two independent streams of 32-bit uniforms agree
 * on a draw with probability 2^-32, so even one is suspicious. */
static int coincidences(const double *a, const double *b)
{
    int n = 0;
    for (int i = 0; i < N; i++) n += a[i] == b[i];
    return n;
}

static void test_same_triple_same_sequence(void)
{
    double a[N], b[N];
    draw(42, 3, PG_RNG_NOISE, a);
    draw(42, 3, PG_RNG_NOISE, b);
    CU_ASSERT_TRUE(same(a, b));
}

static void test_other_rank_stream_or_seed_differs(void)
{
    double base[N], other[N];
    draw(42, 0, PG_RNG_NOISE, base);
    draw(42, 1, PG_RNG_NOISE, other);
    CU_ASSERT_EQUAL(coincidences(base, other), 0);
    draw(42, 0, PG_RNG_DATA, other);
    CU_ASSERT_EQUAL(coincidences(base, other), 0);
    draw(43, 0, PG_RNG_NOISE, other);
    CU_ASSERT_EQUAL(coincidences(base, other), 0);
    /* Rank and stream are not interchangeable. */
    double r1s2[N], r2s1[N];
    draw(42, 1, 2, r1s2);
    draw(42, 2, 1, r2s1);
    CU_ASSERT_EQUAL(coincidences(r1s2, r2s1), 0);
}

static void test_state_save_restore(void)
{
    pg_rng *r = NULL, *q = NULL;
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &r));
    for (int i = 0; i < 123; i++) pg_rng_uniform(r); /* mid-sequence */
    size_t n = pg_rng_state_size(r);
    CU_ASSERT_TRUE_FATAL(n > 0);
    void *state = malloc(n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(state);
    pg_rng_state_save(r, state);
    double first[N], again[N], elsewhere[N];
    for (int i = 0; i < N; i++) first[i] = pg_rng_uniform(r);
    PG_ASSERT_OK(pg_rng_state_load(r, state, n));
    for (int i = 0; i < N; i++) again[i] = pg_rng_uniform(r);
    CU_ASSERT_TRUE(same(first, again));
    /* The state carries to another generator (a resumed run). */
    PG_ASSERT_OK(pg_rng_create(999, 5, PG_RNG_DATA, &q));
    PG_ASSERT_OK(pg_rng_state_load(q, state, n));
    for (int i = 0; i < N; i++) elsewhere[i] = pg_rng_uniform(q);
    CU_ASSERT_TRUE(same(first, elsewhere));

    /* A state of the wrong size is refused and changes nothing. */
    pg_rng_state_load(r, state, n);
    CU_ASSERT_EQUAL(pg_rng_state_load(r, state, n - 1), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "state"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_rng_uniform(r), first[0]);
    free(state);
    pg_rng_destroy(&r);
    pg_rng_destroy(&q);
    pg_rng_destroy(&q); /* NULL is accepted */
}

static void test_bad_arguments(void)
{
    pg_rng *r = NULL;
    CU_ASSERT_EQUAL(pg_rng_create(1, -1, PG_RNG_TEST, &r), PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(r);
    CU_ASSERT_EQUAL(pg_rng_create(1, 0, -2, &r), PG_ERR_ARG);
    pg_error_clear();
}

/* A sample mean or variance within 5 standard errors of the truth: a
 * correct generator fails this with probability below 1e-6. */
static void test_gaussian_fill_moments(void)
{
    enum { M = 1000000 };
    const double sigma = 2.5;
    float *x = malloc(M * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    pg_rng_fill_gaussian(r, x, M, sigma);
    double mean = gsl_stats_float_mean(x, 1, M);
    double var = gsl_stats_float_variance_m(x, 1, M, mean);
    /* SE(mean) = sigma / sqrt(M); SE(var) = sigma^2 sqrt(2 / (M - 1)). */
    double se_mean = sigma / sqrt((double)M);
    double se_var = sigma * sigma * sqrt(2.0 / (M - 1));
    CU_ASSERT_TRUE(fabs(mean) < 5 * se_mean);
    CU_ASSERT_TRUE(fabs(var - sigma * sigma) < 5 * se_var);
    /* Kurtosis of a Gaussian is 0 (GSL reports excess kurtosis); SE is
     * sqrt(24 / M). A uniform with the right variance would give -1.2. */
    double kurt = gsl_stats_float_kurtosis(x, 1, M);
    CU_ASSERT_TRUE(fabs(kurt) < 5 * sqrt(24.0 / M));
    free(x);
    pg_rng_destroy(&r);
}

static void test_uniform_ranges_and_moments(void)
{
    enum { M = 200000 };
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(12, 0, PG_RNG_TEST, &r));
    double *u = malloc(M * sizeof *u);
    float *f = malloc(M * sizeof *f);
    CU_ASSERT_PTR_NOT_NULL_FATAL(u);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    int in_range = 1;
    long counts[7] = {0};
    for (int i = 0; i < M; i++) {
        u[i] = pg_rng_uniform(r);
        double p = pg_rng_uniform_pos(r);
        unsigned long k = pg_rng_uniform_int(r, 7);
        in_range &= u[i] >= 0 && u[i] < 1 && p > 0 && p < 1 && k < 7;
        if (k < 7) counts[k]++;
    }
    CU_ASSERT_TRUE(in_range);
    /* Uniform on [0, 1): mean 1/2, SE sqrt(1/12 / M). */
    CU_ASSERT_TRUE(fabs(gsl_stats_mean(u, 1, M) - 0.5) <
                   5 * sqrt(1.0 / 12 / M));
    /* Each of 7 values: count ~ Binomial(M, 1/7). */
    double expect = M / 7.0, sd = sqrt(M * (1.0 / 7) * (6.0 / 7));
    for (int k = 0; k < 7; k++)
        CU_ASSERT_TRUE(fabs((double)counts[k] - expect) < 5 * sd);
    pg_rng_fill_uniform(r, f, M, -3.0, 2.0);
    int in_box = 1;
    for (int i = 0; i < M; i++) in_box &= f[i] >= -3.0f && f[i] <= 2.0f;
    CU_ASSERT_TRUE(in_box);
    /* Mean -0.5, SE = 5 sqrt(1/12 / M). */
    CU_ASSERT_TRUE(fabs(gsl_stats_float_mean(f, 1, M) + 0.5) <
                   5 * 5 * sqrt(1.0 / 12 / M));
    free(u);
    free(f);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("rng");
    PG_TEST(s, test_same_triple_same_sequence);
    PG_TEST(s, test_other_rank_stream_or_seed_differs);
    PG_TEST(s, test_state_save_restore);
    PG_TEST(s, test_bad_arguments);
    PG_TEST(s, test_gaussian_fill_moments);
    PG_TEST(s, test_uniform_ranges_and_moments);
}
