/* Batch-norm running statistics: PyTorch-style momentum updates with the
 * unbiased variance, their use in eval mode (also from a second graph on
 * the same net), and no updates when state updates or training are off. */
#include <math.h>
#include <string.h>

#include "nn/ops.h"
#include "runner.h"

#define MOMENTUM 0.2
#define EPS 1e-5

typedef struct bn {
    pg_net *net;
    pg_graph *g;
    pg_rng *rng;
    int x, y;
    int n, c, s; /* (N, C, S) view of the input */
} bn;

static void bn_setup(bn *b, int ndim, const int *shape, uint64_t seed)
{
    memset(b, 0, sizeof *b);
    PG_ASSERT_OK(pg_net_create("T", &b->net));
    PG_ASSERT_OK(pg_graph_create(b->net, &b->g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &b->rng));
    b->x = pg_op_input(b->g, ndim, shape);
    b->y = pg_op_batchnorm(b->g, b->x, (float)MOMENTUM, (float)EPS);
    PG_ASSERT_OK(pg_graph_finalize(b->g));
    PG_ASSERT_OK(pg_net_init(b->net, b->rng));
    b->n = shape[0];
    b->c = shape[1];
    b->s = 1;
    for (int d = 2; d < ndim; d++) b->s *= shape[d];
}

static void bn_teardown(bn *b)
{
    pg_graph_destroy(&b->g);
    pg_net_destroy(&b->net);
    pg_rng_destroy(&b->rng);
}

static float xval(const bn *b, const float *x, int i, int c, int k)
{
    return x[((size_t)i * b->c + c) * b->s + k];
}

/* Batch mean and unbiased variance of channel c, in double. */
static void hand_stats(const bn *b, const float *x, int c, double *mean,
                       double *uvar)
{
    double m = 0, q = 0, cnt = (double)b->n * b->s;
    for (int i = 0; i < b->n; i++)
        for (int k = 0; k < b->s; k++) m += xval(b, x, i, c, k);
    m /= cnt;
    for (int i = 0; i < b->n; i++)
        for (int k = 0; k < b->s; k++) {
            double d = xval(b, x, i, c, k) - m;
            q += d * d;
        }
    *mean = m;
    *uvar = q / (cnt - 1);
}

static void fill_input(bn *b, double shift, double scale)
{
    pg_tensor *x = pg_graph_out(b->g, b->x);
    for (size_t i = 0; i < x->size; i++)
        x->data[i] = (float)(shift + pg_rng_gaussian(b->rng, scale));
}

/* Three training forwards on different batches move the running stats
 * exactly as the hand-computed recurrence does; then eval mode normalises
 * with them. */
static void check_running_stats(int ndim, const int *shape)
{
    bn b;
    bn_setup(&b, ndim, shape, 7);
    double rm[8], rv[8];
    for (int c = 0; c < b.c; c++) {
        rm[c] = 0.0; /* pg_net_init: running_mean 0, running_var 1 */
        rv[c] = 1.0;
    }
    const float *rmean = b.net->s + b.g->nodes[b.y].s_off, *rvar = rmean + b.c;
    for (int step = 0; step < 3; step++) {
        fill_input(&b, 1.0 + step, 0.5 + step);
        PG_ASSERT_OK(pg_graph_forward(b.g));
        const float *x = pg_graph_data(b.g, b.x);
        for (int c = 0; c < b.c; c++) {
            double m, uv;
            hand_stats(&b, x, c, &m, &uv);
            rm[c] = (1 - MOMENTUM) * rm[c] + MOMENTUM * m;
            rv[c] = (1 - MOMENTUM) * rv[c] + MOMENTUM * uv;
            CU_ASSERT_DOUBLE_EQUAL(rmean[c], rm[c], 1e-5 * (1 + fabs(rm[c])));
            CU_ASSERT_DOUBLE_EQUAL(rvar[c], rv[c], 1e-5 * (1 + fabs(rv[c])));
        }
    }
    /* Eval output with random gamma/beta uses the running stats. */
    for (size_t i = 0; i < b.net->nw; i++)
        b.net->w[i] = (float)pg_rng_gaussian(b.rng, 1.0);
    const float *gamma = b.net->w + b.g->nodes[b.y].w_off;
    const float *beta = b.net->w + b.g->nodes[b.y].b_off;
    pg_graph_set_training(b.g, 0, 1);
    fill_input(&b, 0.0, 2.0);
    PG_ASSERT_OK(pg_graph_forward(b.g));
    const float *x = pg_graph_data(b.g, b.x), *y = pg_graph_data(b.g, b.y);
    for (int i = 0; i < b.n; i++)
        for (int c = 0; c < b.c; c++)
            for (int k = 0; k < b.s; k++) {
                double want = gamma[c] * (xval(&b, x, i, c, k) - rm[c]) /
                                  sqrt(rv[c] + EPS) + beta[c];
                CU_ASSERT_DOUBLE_EQUAL(xval(&b, y, i, c, k), want,
                                       1e-4 * (1 + fabs(want)));
            }
    /* Eval forwards never touch the running stats. */
    for (int c = 0; c < b.c; c++) {
        CU_ASSERT_DOUBLE_EQUAL(rmean[c], rm[c], 1e-5 * (1 + fabs(rm[c])));
        CU_ASSERT_DOUBLE_EQUAL(rvar[c], rv[c], 1e-5 * (1 + fabs(rv[c])));
    }
    bn_teardown(&b);
}

static void test_running_stats_4d(void)
{
    check_running_stats(4, (int[]){3, 2, 2, 3});
}
static void test_running_stats_3d(void) { check_running_stats(3, (int[]){4, 3, 5}); }
static void test_running_stats_2d(void) { check_running_stats(2, (int[]){6, 4}); }

/* Training mode with update_state = 0 normalises with batch statistics
 * and leaves running stats untouched. */
static void test_no_update_when_state_off(void)
{
    bn b;
    bn_setup(&b, 4, (int[]){2, 3, 3, 2}, 8);
    float *s = b.net->s;
    for (size_t i = 0; i < b.net->ns; i++) s[i] = (float)(0.5 + 0.1 * i);
    float before[6];
    memcpy(before, s, sizeof before);
    pg_graph_set_training(b.g, 1, 0);
    fill_input(&b, 4.0, 3.0);
    PG_ASSERT_OK(pg_graph_forward(b.g));
    CU_ASSERT_EQUAL(memcmp(before, s, sizeof before), 0);
    /* gamma 1, beta 0: each channel of the output has mean 0, variance
     * var / (var + eps) ~ 1. */
    const float *y = pg_graph_data(b.g, b.y);
    for (int c = 0; c < b.c; c++) {
        double m, uv;
        hand_stats(&b, y, c, &m, &uv);
        double biased = uv * (b.n * b.s - 1) / (b.n * b.s);
        CU_ASSERT_DOUBLE_EQUAL(m, 0.0, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(biased, 1.0, 1e-4);
    }
    bn_teardown(&b);
}

/* A batch-1 eval graph built on the same net shares the running stats. */
static void test_second_graph_shares_stats(void)
{
    bn b;
    bn_setup(&b, 2, (int[]){5, 3}, 9);
    fill_input(&b, 2.0, 1.0);
    PG_ASSERT_OK(pg_graph_forward(b.g));
    pg_graph *g1 = NULL;
    PG_ASSERT_OK(pg_graph_create(b.net, &g1));
    int x1 = pg_op_input(g1, 2, (int[]){1, 3});
    int y1 = pg_op_batchnorm(g1, x1, (float)MOMENTUM, (float)EPS);
    PG_ASSERT_OK(pg_graph_finalize(g1));
    CU_ASSERT_EQUAL(g1->nodes[y1].s_off, b.g->nodes[b.y].s_off);
    pg_graph_set_training(g1, 0, 1);
    float *x = pg_graph_data(g1, x1);
    x[0] = 1.0f, x[1] = -2.0f, x[2] = 0.5f;
    PG_ASSERT_OK(pg_graph_forward(g1));
    const float *rmean = b.net->s + b.g->nodes[b.y].s_off, *rvar = rmean + 3;
    for (int c = 0; c < 3; c++) {
        double want = (x[c] - rmean[c]) / sqrt(rvar[c] + EPS);
        CU_ASSERT_DOUBLE_EQUAL(pg_graph_data(g1, y1)[c], want, 1e-5);
    }
    pg_graph_destroy(&g1);
    bn_teardown(&b);
}

/* One value per channel: the mean still updates; the unbiased variance is
 * undefined, so running_var keeps its value. */
static void test_single_value_per_channel(void)
{
    bn b;
    bn_setup(&b, 2, (int[]){1, 2}, 10);
    float *x = pg_graph_data(b.g, b.x);
    x[0] = 3.0f, x[1] = -1.0f;
    PG_ASSERT_OK(pg_graph_forward(b.g));
    const float *rmean = b.net->s + b.g->nodes[b.y].s_off, *rvar = rmean + 2;
    CU_ASSERT_DOUBLE_EQUAL(rmean[0], MOMENTUM * 3.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(rmean[1], MOMENTUM * -1.0, 1e-6);
    CU_ASSERT_EQUAL(rvar[0], 1.0f);
    CU_ASSERT_EQUAL(rvar[1], 1.0f);
    bn_teardown(&b);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_norm_stats");
    PG_TEST(s, test_running_stats_4d);
    PG_TEST(s, test_running_stats_3d);
    PG_TEST(s, test_running_stats_2d);
    PG_TEST(s, test_no_update_when_state_off);
    PG_TEST(s, test_second_graph_shares_stats);
    PG_TEST(s, test_single_value_per_channel);
}
