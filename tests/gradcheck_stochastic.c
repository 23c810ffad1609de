/* Dropout, reparameterisation and minibatch stddev: gradient checks,
 * statistics of the noise, eval-mode behaviour, hand-computed values,
 * build errors. */
#include <math.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"

typedef struct fixture {
    pg_graph *g;
    pg_rng *rng;   /* the graph's noise */
    pg_rng *data;  /* test inputs */
} fixture;

static void setup(fixture *f, uint64_t seed)
{
    PG_ASSERT_OK(pg_graph_create(NULL, &f->g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_DROPOUT, &f->rng));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &f->data));
    pg_graph_set_rng(f->g, f->rng);
}

static void fill(fixture *f, int node, double shift, double sigma)
{
    pg_tensor *t = pg_graph_out(f->g, node);
    pg_rng_fill_gaussian(f->data, t->data, t->size, sigma);
    for (size_t i = 0; i < t->size; i++) t->data[i] += (float)shift;
}

static void teardown(fixture *f)
{
    pg_graph_destroy(&f->g);
    pg_rng_destroy(&f->rng);
    pg_rng_destroy(&f->data);
}

/* ---- dropout ------------------------------------------------------------ */

static void test_dropout_gradcheck(void)
{
    fixture f;
    setup(&f, 1);
    int x = pg_op_input(f.g, 3, (int[]){4, 5, 3});
    int y = pg_op_dropout(f.g, x, 0.3f);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    fill(&f, x, 0.0, 1.0);
    CU_ASSERT_EQUAL(gc_check_graph(f.g, y, 1, NULL, "dropout_train"), 0);
    CU_ASSERT_EQUAL(gc_check_graph(f.g, y, 0, NULL, "dropout_eval"), 0);
    teardown(&f);
}

/* Over M elements of value 1 with p = 0.3: the kept fraction has standard
 * deviation sqrt(p(1-p)/M) ~ 0.0014 and the output mean sqrt(p/((1-p)M))
 * ~ 0.0021 for M = 100000; 5-sigma bands. Kept values are exactly
 * 1/(1-p); two forwards draw different masks. */
static void test_dropout_statistics(void)
{
    enum { M = 100000 };
    const double p = 0.3;
    fixture f;
    setup(&f, 2);
    int x = pg_op_input(f.g, 2, (int[]){100, M / 100});
    int y = pg_op_dropout(f.g, x, (float)p);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    float *in = pg_graph_data(f.g, x);
    for (int i = 0; i < M; i++) in[i] = 1.0f;
    PG_ASSERT_OK(pg_graph_forward(f.g));
    const float *out = pg_graph_data(f.g, y);
    float keep = (float)(1.0 / (1.0 - p));
    double kept = 0, sum = 0;
    int exact = 1;
    for (int i = 0; i < M; i++) {
        kept += out[i] != 0.0f;
        sum += out[i];
        if (out[i] != 0.0f && out[i] != keep) exact = 0;
    }
    CU_ASSERT(exact);
    CU_ASSERT(fabs(kept / M - (1 - p)) <= 5 * sqrt(p * (1 - p) / M));
    CU_ASSERT(fabs(sum / M - 1.0) <= 5 * sqrt(p / ((1 - p) * M)));
    float first[64];
    memcpy(first, out, sizeof first);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    CU_ASSERT_NOT_EQUAL(memcmp(first, out, sizeof first), 0);
    teardown(&f);
}

/* Eval mode and p = 0 are the identity, forward and backward. */
static void test_dropout_identity(void)
{
    for (int k = 0; k < 2; k++) {
        fixture f;
        setup(&f, 3);
        int x = pg_op_input(f.g, 4, (int[]){2, 3, 2, 2});
        int y = pg_op_dropout(f.g, x, k == 0 ? 0.5f : 0.0f);
        PG_ASSERT_OK(pg_graph_finalize(f.g));
        pg_graph_set_training(f.g, k == 1, 1);
        fill(&f, x, 0.0, 1.0);
        PG_ASSERT_OK(pg_graph_forward(f.g));
        CU_ASSERT_EQUAL(memcmp(pg_graph_data(f.g, x), pg_graph_data(f.g, y),
                               24 * sizeof(float)), 0);
        pg_graph_zero_grads(f.g);
        for (int i = 0; i < 24; i++) pg_graph_gradv(f.g, y)[i] = (float)i;
        PG_ASSERT_OK(pg_graph_backward(f.g));
        for (int i = 0; i < 24; i++)
            CU_ASSERT_EQUAL(pg_graph_gradv(f.g, x)[i], (float)i);
        teardown(&f);
    }
}

/* ---- reparameterisation --------------------------------------------------- */

static void test_reparam_gradcheck(void)
{
    fixture f;
    setup(&f, 4);
    int mu = pg_op_input(f.g, 2, (int[]){4, 6});
    int lv = pg_op_input(f.g, 2, (int[]){4, 6});
    int z = pg_op_reparam(f.g, mu, lv);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    fill(&f, mu, 0.0, 1.0);
    fill(&f, lv, -0.5, 0.7);
    CU_ASSERT_EQUAL(gc_check_graph(f.g, z, 1, NULL, "reparam"), 0);
    /* The check is not vacuous: d z / d logvar is non-zero in training. */
    double norm = 0;
    for (int i = 0; i < 24; i++) norm += fabs(pg_graph_gradv(f.g, lv)[i]);
    CU_ASSERT(norm > 1e-2);
    teardown(&f);
}

/* In training (z - mu) / exp(logvar / 2) is standard normal: over M draws
 * its mean has standard deviation 1/sqrt(M) and its variance sqrt(2/M)
 * (5-sigma bands). In eval z = mu and no gradient reaches logvar. */
static void test_reparam_noise_and_eval(void)
{
    enum { M = 40000 };
    fixture f;
    setup(&f, 5);
    int mu = pg_op_input(f.g, 3, (int[]){40, 10, M / 400});
    int lv = pg_op_input(f.g, 3, (int[]){40, 10, M / 400});
    int z = pg_op_reparam(f.g, mu, lv);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    fill(&f, mu, 0.5, 1.0);
    fill(&f, lv, 0.0, 1.0);
    const float *m = pg_graph_data(f.g, mu), *v = pg_graph_data(f.g, lv),
                *out = pg_graph_data(f.g, z);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    double s1 = 0, s2 = 0;
    for (int i = 0; i < M; i++) {
        double e = (out[i] - m[i]) / exp(0.5 * v[i]);
        s1 += e;
        s2 += e * e;
    }
    double mean = s1 / M, var = s2 / M - mean * mean;
    CU_ASSERT(fabs(mean) <= 5 / sqrt(M));
    CU_ASSERT(fabs(var - 1) <= 5 * sqrt(2.0 / M));

    pg_graph_set_training(f.g, 0, 1);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    CU_ASSERT_EQUAL(memcmp(out, m, M * sizeof(float)), 0);
    pg_graph_zero_grads(f.g);
    for (int i = 0; i < M; i++) pg_graph_gradv(f.g, z)[i] = 1.0f;
    PG_ASSERT_OK(pg_graph_backward(f.g));
    int ok = 1;
    for (int i = 0; i < M; i++)
        if (pg_graph_gradv(f.g, mu)[i] != 1.0f || pg_graph_gradv(f.g, lv)[i] != 0.0f)
            ok = 0;
    CU_ASSERT(ok);
    teardown(&f);
}

/* ---- minibatch stddev ----------------------------------------------------- */

static void test_mbstd_gradcheck(void)
{
    const struct {
        const char *name;
        int ndim, shape[4];
    } cases[] = {
        {"mbstd_2d", 2, {5, 4}},
        {"mbstd_3d", 3, {3, 2, 5}},
        {"mbstd_4d", 4, {3, 2, 3, 2}},
    };
    for (int c = 0; c < 3; c++) {
        fixture f;
        setup(&f, 10 + c);
        int x = pg_op_input(f.g, cases[c].ndim, cases[c].shape);
        /* tanh after mbstd so the stat's gradient meets varying weights */
        int y = pg_op_tanh(f.g, pg_op_mbstd(f.g, x));
        PG_ASSERT_OK(pg_graph_finalize(f.g));
        CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[1], cases[c].shape[1] + 1);
        fill(&f, x, 0.3, 1.0);
        CU_ASSERT_EQUAL(gc_check_graph(f.g, y, 1, NULL, cases[c].name), 0);
        teardown(&f);
    }
}

/* (2, 1, 1, 2) by hand: features (a, b) = (1, 2) and (3, 6); biased
 * stds 1 and 2 (plus 1e-8 under the root), mean 1.5. */
static void test_mbstd_values(void)
{
    fixture f;
    setup(&f, 20);
    int x = pg_op_input(f.g, 4, (int[]){2, 1, 1, 2});
    int y = pg_op_mbstd(f.g, x);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    const float in[4] = {1, 2, 3, 6};
    memcpy(pg_graph_data(f.g, x), in, sizeof in);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    const float *o = pg_graph_data(f.g, y);
    const float want[8] = {1, 2, 1.5f, 1.5f, 3, 6, 1.5f, 1.5f};
    for (int i = 0; i < 8; i++) CU_ASSERT_DOUBLE_EQUAL(o[i], want[i], 1e-6);
    teardown(&f);
}

/* A larger case against a double-precision hand computation. */
static void test_mbstd_matches_hand(void)
{
    enum { N = 4, C = 3, H = 2, W = 3, F = C * H * W };
    fixture f;
    setup(&f, 21);
    int x = pg_op_input(f.g, 4, (int[]){N, C, H, W});
    int y = pg_op_mbstd(f.g, x);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    fill(&f, x, 1.0, 2.0);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    const float *in = pg_graph_data(f.g, x), *o = pg_graph_data(f.g, y);
    double stat = 0;
    for (int k = 0; k < F; k++) {
        double m = 0, v = 0;
        for (int i = 0; i < N; i++) m += in[i * F + k];
        m /= N;
        for (int i = 0; i < N; i++) v += (in[i * F + k] - m) * (in[i * F + k] - m);
        stat += sqrt(v / N + 1e-8);
    }
    stat /= F;
    for (int i = 0; i < N; i++) {
        CU_ASSERT_EQUAL(memcmp(o + i * (F + H * W), in + i * F, F * sizeof(float)), 0);
        for (int p = 0; p < H * W; p++)
            CU_ASSERT_DOUBLE_EQUAL(o[i * (F + H * W) + F + p], stat, 1e-5);
    }
    teardown(&f);
}

/* ---- build errors ---------------------------------------------------------- */

static void expect_build_error(pg_graph *g, int id, pg_status want,
                               const char *who)
{
    CU_ASSERT_EQUAL(id, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), who));
    CU_ASSERT_EQUAL(pg_graph_finalize(g), want);
    pg_error_clear();
}

static void test_build_errors(void)
{
    for (int k = 0; k < 7; k++) {
        fixture f;
        setup(&f, 30);
        int a = pg_op_input(f.g, 2, (int[]){3, 4});
        int b = pg_op_input(f.g, 2, (int[]){3, 5});
        int v = pg_op_input(f.g, 1, (int[]){3});
        switch (k) {
        case 0: expect_build_error(f.g, pg_op_dropout(f.g, a, 1.0f), PG_ERR_ARG, "0 <= p < 1"); break;
        case 1: expect_build_error(f.g, pg_op_dropout(f.g, a, -0.1f), PG_ERR_ARG, "0 <= p < 1"); break;
        case 2: expect_build_error(f.g, pg_op_dropout(f.g, a, NAN), PG_ERR_ARG, "0 <= p < 1"); break;
        case 3:
            pg_graph_set_rng(f.g, NULL);
            expect_build_error(f.g, pg_op_dropout(f.g, a, 0.5f), PG_ERR_STATE,
                               "pg_graph_set_rng");
            break;
        case 4: expect_build_error(f.g, pg_op_reparam(f.g, a, b), PG_ERR_SHAPE, "same shape"); break;
        case 5:
            pg_graph_set_rng(f.g, NULL);
            expect_build_error(f.g, pg_op_reparam(f.g, a, a), PG_ERR_STATE,
                               "pg_graph_set_rng");
            break;
        case 6: expect_build_error(f.g, pg_op_mbstd(f.g, v), PG_ERR_SHAPE, "mbstd"); break;
        }
        teardown(&f);
    }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_stochastic");
    PG_TEST(s, test_dropout_gradcheck);
    PG_TEST(s, test_dropout_statistics);
    PG_TEST(s, test_dropout_identity);
    PG_TEST(s, test_reparam_gradcheck);
    PG_TEST(s, test_reparam_noise_and_eval);
    PG_TEST(s, test_mbstd_gradcheck);
    PG_TEST(s, test_mbstd_values);
    PG_TEST(s, test_mbstd_matches_hand);
    PG_TEST(s, test_build_errors);
}
