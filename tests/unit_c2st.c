/* train/c2st: the two-sample classifier test stays near chance on two
 * samples of one distribution, sees a faint checkerboard and a relief
 * difference, and refuses sets too small to split. */
#include <math.h>
#include <stdlib.h>

#include "base/rng.h"
#include "runner.h"
#include "train/c2st.h"

enum { S = 16, HW = S * S, N = 120 };

/* n smooth random fields (white noise box-blurred over 3 x 3) of standard
 * deviation about sigma, plus amp x (-1)^(i + j), plus a per-patch offset
 * (which the test must ignore). */
static float *fields(pg_rng *r, size_t n, double sigma, double amp)
{
    float *x = malloc(n * HW * sizeof *x), noise[HW];
    for (size_t p = 0; p < n; p++) {
        pg_rng_fill_gaussian(r, noise, HW, sigma * 3);
        double offset = 500 * pg_rng_uniform(r);
        for (int i = 0; i < S; i++)
            for (int j = 0; j < S; j++) {
                double s = 0;
                for (int di = -1; di <= 1; di++)
                    for (int dj = -1; dj <= 1; dj++)
                        s += noise[((i + di + S) % S) * S + (j + dj + S) % S];
                x[p * HW + i * S + j] =
                    (float)(offset + s / 9 + amp * (((i + j) & 1) ? 1 : -1));
            }
    }
    return x;
}

static pg_c2st_params quick(void)
{
    pg_c2st_params p = pg_c2st_defaults();
    p.seeds = 2;
    p.epochs = 40;
    p.batch = 16;
    return p;
}

static double run(const float *a, const float *b)
{
    pg_c2st_params p = quick();
    pg_c2st_result res;
    PG_ASSERT_OK(pg_c2st_run(a, N, b, N, S, S, &p, &res));
    CU_ASSERT_EQUAL(res.seeds, 2);
    CU_ASSERT_EQUAL(res.per_class, N);
    CU_ASSERT_EQUAL(res.train_per_class, 84);
    CU_ASSERT_EQUAL(res.test_per_class, 36);
    return res.accuracy;
}

/* Same distribution: the held-out accuracy of 72 patches has a standard
 * deviation of about 0.06 around 0.5; a classifier that memorised the
 * training set stays inside [0.3, 0.7] on fresh patches. */
static void test_same_distribution_is_chance(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    float *a = fields(r, N, 1.0, 0), *b = fields(r, N, 1.0, 0);
    double acc = run(a, b);
    CU_ASSERT(acc > 0.3 && acc < 0.7);
    /* One set against itself: two disjoint halves of N / 2 patches. */
    pg_c2st_params p = quick();
    pg_c2st_result res;
    PG_ASSERT_OK(pg_c2st_run(a, N, a, N, S, S, &p, &res));
    CU_ASSERT_EQUAL(res.per_class, N / 2);
    CU_ASSERT(res.accuracy > 0.25 && res.accuracy < 0.75);
    free(a);
    free(b);
    pg_rng_destroy(&r);
}

/* A checkerboard of a quarter of the fields' standard deviation (what a
 * stride-2 transposed convolution leaves), and fields with 1.5 x the
 * relief: both are seen. */
static void test_differences_are_seen(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(12, 0, PG_RNG_TEST, &r));
    float *a = fields(r, N, 1.0, 0), *b = fields(r, N, 1.0, 0.25);
    CU_ASSERT(run(a, b) > 0.9);
    free(b);
    b = fields(r, N, 1.5, 0);
    CU_ASSERT(run(a, b) > 0.8);
    free(a);
    free(b);
    pg_rng_destroy(&r);
}

static void test_errors(void)
{
    float x[4 * HW] = {0};
    pg_c2st_params p = quick();
    pg_c2st_result res;
    CU_ASSERT_EQUAL(pg_c2st_run(x, 1, x, 4, S, S, &p, &res), PG_ERR_ARG);
    p.seeds = 0;
    CU_ASSERT_EQUAL(pg_c2st_run(x, 4, x, 4, S, S, &p, &res), PG_ERR_ARG);
    p = quick();
    x[HW + 3] = NAN;
    CU_ASSERT_EQUAL(pg_c2st_run(x, 4, x, 4, S, S, &p, &res), PG_ERR_NUMERIC);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("c2st");
    PG_TEST(s, test_same_distribution_is_chance);
    PG_TEST(s, test_differences_are_seen);
    PG_TEST(s, test_errors);
}
