/* Softmax and Gumbel-softmax: gradient checks, values, the straight-through
 * hard variant, the Gumbel-max sampling distribution, build errors. */
#include <math.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"

typedef struct fixture {
    pg_graph *g;
    pg_rng *rng;   /* the graph's noise */
    pg_rng *data;  /* test inputs */
    int x;
} fixture;

static void setup(fixture *f, int ndim, const int *shape, uint64_t seed)
{
    PG_ASSERT_OK(pg_graph_create(NULL, &f->g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_DROPOUT, &f->rng));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &f->data));
    pg_graph_set_rng(f->g, f->rng);
    f->x = pg_op_input(f->g, ndim, shape);
}

static void fill(fixture *f, double sigma)
{
    pg_tensor *x = pg_graph_out(f->g, f->x);
    pg_rng_fill_gaussian(f->data, x->data, x->size, sigma);
}

static void teardown(fixture *f)
{
    pg_graph_destroy(&f->g);
    pg_rng_destroy(&f->rng);
    pg_rng_destroy(&f->data);
}

/* Rows along dim 1 of y sum to one and are positive. */
static void check_rows(const pg_tensor *y)
{
    size_t s = pg_tensor_per_sample(y) / (size_t)y->shape[1];
    for (int i = 0; i < y->shape[0]; i++)
        for (size_t p = 0; p < s; p++) {
            double sum = 0;
            for (int c = 0; c < y->shape[1]; c++) {
                float v = y->data[((size_t)i * y->shape[1] + c) * s + p];
                CU_ASSERT(v > 0.0f && v <= 1.0f);
                sum += v;
            }
            CU_ASSERT_DOUBLE_EQUAL(sum, 1.0, 1e-5);
        }
}

static const struct {
    const char *name;
    int ndim, shape[4];
} shapes[] = {
    {"2d", 2, {3, 5}},
    {"3d", 3, {2, 4, 3}},
    {"4d", 4, {2, 3, 2, 3}},
};

static void test_softmax(void)
{
    for (int c = 0; c < 3; c++) {
        fixture f;
        char label[48];
        snprintf(label, sizeof label, "softmax_%s", shapes[c].name);
        setup(&f, shapes[c].ndim, shapes[c].shape, 1 + c);
        int y = pg_op_softmax(f.g, f.x);
        PG_ASSERT_OK(pg_graph_finalize(f.g));
        fill(&f, 1.5);
        PG_ASSERT_OK(pg_graph_forward(f.g));
        check_rows(pg_graph_out(f.g, y));
        CU_ASSERT_EQUAL(gc_check_graph(f.g, y, 1, NULL, label), 0);
        teardown(&f);
    }
}

/* Values on a hand example, and large logits stay finite (max subtracted). */
static void test_softmax_values(void)
{
    fixture f;
    setup(&f, 2, (int[]){2, 3}, 9);
    int y = pg_op_softmax(f.g, f.x);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    float *x = pg_graph_data(f.g, f.x);
    const float in[6] = {1.0f, 2.0f, 3.0f, 1000.0f, 1001.0f, -1000.0f};
    memcpy(x, in, sizeof in);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    const float *o = pg_graph_data(f.g, y);
    double z = exp(1.0) + exp(2.0) + exp(3.0);
    for (int c = 0; c < 3; c++) CU_ASSERT_DOUBLE_EQUAL(o[c], exp(1.0 + c) / z, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(o[3], 1.0 / (1.0 + exp(1.0)), 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(o[4], exp(1.0) / (1.0 + exp(1.0)), 1e-6);
    CU_ASSERT_EQUAL(o[5], 0.0f);
    teardown(&f);
}

static void test_gumbel_soft_gradcheck(void)
{
    for (int c = 0; c < 3; c++) {
        fixture f;
        char label[48];
        snprintf(label, sizeof label, "gumbel_soft_%s", shapes[c].name);
        setup(&f, shapes[c].ndim, shapes[c].shape, 20 + c);
        int y = pg_op_gumbel_softmax(f.g, f.x, 0.7f, 0);
        PG_ASSERT_OK(pg_graph_finalize(f.g));
        fill(&f, 1.0);
        PG_ASSERT_OK(pg_graph_forward(f.g));
        check_rows(pg_graph_out(f.g, y));
        CU_ASSERT_EQUAL(gc_check_graph(f.g, y, 1, NULL, label), 0);
        teardown(&f);
    }
}

/* Training mode adds noise; eval mode is exactly softmax(x / tau). */
static void test_gumbel_noise_and_eval(void)
{
    const float tau = 0.5f;
    fixture f;
    setup(&f, 2, (int[]){4, 6}, 30);
    int y = pg_op_gumbel_softmax(f.g, f.x, tau, 0);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    fill(&f, 1.0);
    const float *x = pg_graph_data(f.g, f.x), *o = pg_graph_data(f.g, y);
    for (int training = 1; training >= 0; training--) {
        pg_graph_set_training(f.g, training, 0);
        PG_ASSERT_OK(pg_graph_forward(f.g));
        double max_diff = 0;
        for (int i = 0; i < 4; i++) {
            double z = 0;
            for (int c = 0; c < 6; c++) z += exp(x[i * 6 + c] / tau);
            for (int c = 0; c < 6; c++)
                max_diff = fmax(max_diff,
                                fabs(o[i * 6 + c] - exp(x[i * 6 + c] / tau) / z));
        }
        CU_ASSERT(training ? max_diff > 1e-2 : max_diff < 1e-6);
    }
    teardown(&f);
}

/* Hard forward is the one-hot argmax of the soft sample drawn with the same
 * noise; its backward equals the soft sample's analytic backward. */
static void test_gumbel_hard_straight_through(void)
{
    const int shape[3] = {3, 5, 4};
    fixture f[2];
    int y[2];
    float r[60], dx[2][60];
    for (int i = 0; i < 60; i++) r[i] = (float)sin(1.0 + i); /* dL/dy */
    for (int k = 0; k < 2; k++) {
        setup(&f[k], 3, shape, 40); /* same seeds: same inputs and noise */
        y[k] = pg_op_gumbel_softmax(f[k].g, f[k].x, 0.8f, k ? PG_HARD : 0);
        PG_ASSERT_OK(pg_graph_finalize(f[k].g));
        fill(&f[k], 1.0);
        PG_ASSERT_OK(pg_graph_forward(f[k].g));
        pg_graph_zero_grads(f[k].g);
        memcpy(pg_graph_gradv(f[k].g, y[k]), r, sizeof r);
        PG_ASSERT_OK(pg_graph_backward(f[k].g));
        memcpy(dx[k], pg_graph_gradv(f[k].g, f[k].x), sizeof dx[k]);
    }
    const float *soft = pg_graph_data(f[0].g, y[0]);
    const float *hard = pg_graph_data(f[1].g, y[1]);
    for (int i = 0; i < 3; i++)
        for (int p = 0; p < 4; p++) {
            int best = 0, ones = 0;
            for (int c = 0; c < 5; c++) {
                float h = hard[(i * 5 + c) * 4 + p];
                CU_ASSERT(h == 0.0f || h == 1.0f);
                ones += h == 1.0f;
                if (soft[(i * 5 + c) * 4 + p] > soft[(i * 5 + best) * 4 + p])
                    best = c;
            }
            CU_ASSERT_EQUAL(ones, 1);
            CU_ASSERT_EQUAL(hard[(i * 5 + best) * 4 + p], 1.0f);
        }
    double norm = 0;
    for (int i = 0; i < 60; i++) {
        CU_ASSERT_DOUBLE_EQUAL(dx[1][i], dx[0][i], 1e-6);
        norm += fabs(dx[0][i]);
    }
    CU_ASSERT(norm > 1e-3); /* the comparison is not between zeros */
    teardown(&f[0]);
    teardown(&f[1]);
}

/* Gumbel-max: the argmax of x + G is distributed as softmax(x), whatever
 * tau. With T samples the frequency of class k has standard deviation
 * sqrt(p(1-p)/T) <= 0.0035 for T = 20000; a 5-sigma band gives a false
 * alarm probability below 1e-6 per class, while a wrong noise (Gumbel
 * with the wrong sign, or Gaussian of the same variance) shifts some
 * frequency by 1 to 7 percent (about 6 to 20 sigma for these logits). */
static void test_gumbel_max_distribution(void)
{
    enum { K = 4, ROWS = 5000, DRAWS = 4 };
    const float logits[K] = {1.0f, 0.0f, -0.5f, 0.3f};
    fixture f;
    setup(&f, 2, (int[]){ROWS, K}, 50);
    int y = pg_op_gumbel_softmax(f.g, f.x, 0.5f, PG_HARD);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    float *x = pg_graph_data(f.g, f.x);
    for (int i = 0; i < ROWS; i++) memcpy(x + i * K, logits, sizeof logits);
    double count[K] = {0};
    for (int d = 0; d < DRAWS; d++) {
        PG_ASSERT_OK(pg_graph_forward(f.g));
        const float *o = pg_graph_data(f.g, y);
        for (int i = 0; i < ROWS * K; i++) count[i % K] += o[i];
    }
    double z = 0, total = (double)ROWS * DRAWS;
    for (int k = 0; k < K; k++) z += exp(logits[k]);
    for (int k = 0; k < K; k++) {
        double p = exp(logits[k]) / z, freq = count[k] / total;
        double sigma = sqrt(p * (1 - p) / total);
        if (fabs(freq - p) > 5 * sigma)
            fprintf(stderr, "class %d: frequency %.4f, softmax %.4f\n", k,
                    freq, p);
        CU_ASSERT(fabs(freq - p) <= 5 * sigma);
    }
    teardown(&f);
}

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
    for (int k = 0; k < 6; k++) {
        fixture f;
        setup(&f, 2, (int[]){2, 3}, 60);
        int x1 = pg_op_input(f.g, 1, (int[]){4});
        switch (k) {
        case 0:
            expect_build_error(f.g, pg_op_gumbel_softmax(f.g, f.x, 0.0f, 0),
                               PG_ERR_ARG, "tau");
            break;
        case 1:
            expect_build_error(f.g, pg_op_gumbel_softmax(f.g, f.x, NAN, 0),
                               PG_ERR_ARG, "tau");
            break;
        case 2:
            expect_build_error(f.g, pg_op_gumbel_softmax(f.g, f.x, 1.0f, PG_AFFINE),
                               PG_ERR_ARG, "PG_HARD");
            break;
        case 3:
            pg_graph_set_rng(f.g, NULL);
            expect_build_error(f.g, pg_op_gumbel_softmax(f.g, f.x, 1.0f, 0),
                               PG_ERR_STATE, "pg_graph_set_rng");
            break;
        case 4:
            expect_build_error(f.g, pg_op_softmax(f.g, x1), PG_ERR_SHAPE,
                               "softmax");
            break;
        case 5:
            expect_build_error(f.g, pg_op_softmax(f.g, 17), PG_ERR_ARG,
                               "no node 17");
            break;
        }
        teardown(&f);
    }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_softmax");
    PG_TEST(s, test_softmax);
    PG_TEST(s, test_softmax_values);
    PG_TEST(s, test_gumbel_soft_gradcheck);
    PG_TEST(s, test_gumbel_noise_and_eval);
    PG_TEST(s, test_gumbel_hard_straight_through);
    PG_TEST(s, test_gumbel_max_distribution);
    PG_TEST(s, test_build_errors);
}
