/* The masked set mean (pg_op_set_mean): gradient checks w.r.t. the
 * features and the weights (plain and complement), hand values, padding
 * ignored, invariance under a permutation of the slots, build errors. */
#include <math.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"

enum { N = 2, C = 3, A = 5 };

static pg_graph *build(int flags, int *h, int *m, int *y)
{
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_graph_create(NULL, &g));
    *h = pg_op_input(g, 3, (int[]){N, C, A});
    *m = pg_op_input(g, 3, (int[]){N, 1, A});
    pg_graph_set_requires_grad(g, *h, 1);
    pg_graph_set_requires_grad(g, *m, 1);
    *y = pg_op_set_mean(g, *h, *m, flags);
    PG_ASSERT_OK(pg_graph_finalize(g));
    return g;
}

static void test_gradcheck(void)
{
    for (int flags = 0; flags <= PG_SET_COMPLEMENT; flags++) {
        int h, m, y;
        pg_graph *g = build(flags, &h, &m, &y);
        pg_rng *rng = NULL;
        PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &rng));
        pg_rng_fill_gaussian(rng, pg_graph_data(g, h), N * C * A, 1.0);
        float *w = pg_graph_data(g, m);
        for (int i = 0; i < N * A; i++)   /* soft weights inside (0.1, 0.9) */
            w[i] = (float)(0.1 + 0.8 * pg_rng_uniform(rng));
        CU_ASSERT_EQUAL(gc_check_graph(g, y, 1, NULL,
                                       flags ? "set_mean complement"
                                             : "set_mean"), 0);
        pg_rng_destroy(&rng);
        pg_graph_destroy(&g);
    }
}

/* Weights 1, 1, 0, 0, 0 (two atoms, three padded slots): y is the mean
 * of the two; padding values do not matter; a permutation of the slots
 * (features and weights together) gives the same y. */
static void test_values_and_permutation(void)
{
    int h, m, y;
    pg_graph *g = build(0, &h, &m, &y);
    float *x = pg_graph_data(g, h), *w = pg_graph_data(g, m);
    for (int k = 0; k < N * C * A; k++) x[k] = (float)(k % 7) - 2.0f;
    for (int i = 0; i < N; i++)
        for (int a = 0; a < A; a++) w[i * A + a] = a < 2 ? 1.0f : 0.0f;
    PG_ASSERT_OK(pg_graph_forward(g));
    float y0[N * C];
    memcpy(y0, pg_graph_data(g, y), sizeof y0);
    for (int i = 0; i < N; i++)
        for (int c = 0; c < C; c++) {
            const float *r = x + ((size_t)i * C + c) * A;
            CU_ASSERT_DOUBLE_EQUAL(y0[i * C + c], (r[0] + r[1]) / 2.0, 1e-5);
        }
    /* padding changed: same y */
    for (int i = 0; i < N; i++)
        for (int c = 0; c < C; c++) x[((size_t)i * C + c) * A + 4] = 1e3f;
    PG_ASSERT_OK(pg_graph_forward(g));
    for (int k = 0; k < N * C; k++)
        CU_ASSERT_DOUBLE_EQUAL(pg_graph_data(g, y)[k], y0[k], 1e-5);
    /* slots reversed: same y */
    for (int i = 0; i < N; i++) {
        for (int c = 0; c < C; c++) {
            float *r = x + ((size_t)i * C + c) * A;
            for (int a = 0; a < A / 2; a++) {
                float t = r[a]; r[a] = r[A - 1 - a]; r[A - 1 - a] = t;
            }
        }
        float *r = w + (size_t)i * A;
        for (int a = 0; a < A / 2; a++) {
            float t = r[a]; r[a] = r[A - 1 - a]; r[A - 1 - a] = t;
        }
    }
    PG_ASSERT_OK(pg_graph_forward(g));
    for (int k = 0; k < N * C; k++)
        CU_ASSERT_DOUBLE_EQUAL(pg_graph_data(g, y)[k], y0[k], 1e-5);
    pg_graph_destroy(&g);
}

static void test_build_errors(void)
{
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_graph_create(NULL, &g));
    int h = pg_op_input(g, 3, (int[]){N, C, A});
    int bad = pg_op_input(g, 3, (int[]){N, 2, A});
    CU_ASSERT_EQUAL(pg_op_set_mean(g, h, bad, 0), -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "set_mean"));
    CU_ASSERT_EQUAL(pg_graph_finalize(g), PG_ERR_SHAPE);
    pg_error_clear();
    pg_graph_destroy(&g);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_set_mean");
    PG_TEST(s, test_gradcheck);
    PG_TEST(s, test_values_and_permutation);
    PG_TEST(s, test_build_errors);
}
