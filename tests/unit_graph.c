/* The graph: skip connections, frozen networks, nets shared between graphs,
 * gradient pruning, sticky build errors, and no allocation in a step. */
#include <malloc.h>
#include <math.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"

static pg_rng *test_rng(uint64_t seed)
{
    pg_rng *r = NULL;
    pg_rng_create(seed, 0, PG_RNG_TEST, &r);
    return r;
}

/* y = tanh(dense(x)) + x: the gradient reaching x is the sum of both paths. */
static void test_skip_connection_gradcheck(void)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    pg_rng *r = test_rng(1);
    PG_ASSERT_OK(pg_net_create("T", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int x = pg_op_input(g, 2, (int[]){3, 4});
    int h = pg_op_tanh(g, pg_op_dense(g, x, 4, 0));
    int y = pg_op_add(g, h, x);
    PG_ASSERT_OK(pg_graph_finalize(g));
    PG_ASSERT_OK(pg_net_init(net, r));
    pg_rng_fill_gaussian(r, pg_graph_data(g, x), 12, 1.0);
    CU_ASSERT_EQUAL(gc_check_graph(g, y, 1, NULL, "skip"), 0);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&r);
}

/* D frozen: its parameter gradients stay zero while the gradient with
 * respect to its input equals the one computed with D unfrozen. */
static void test_frozen_network_delivers_input_grad(void)
{
    pg_net *dnet = NULL;
    pg_graph *d = NULL;
    pg_rng *r = test_rng(2);
    PG_ASSERT_OK(pg_net_create("D", &dnet));
    PG_ASSERT_OK(pg_graph_create(dnet, &d));
    int x = pg_op_input(d, 2, (int[]){5, 3});
    int y = pg_op_dense(d, pg_op_leaky_relu(d, pg_op_dense(d, x, 6, 0), 0.2f), 1, 0);
    PG_ASSERT_OK(pg_graph_finalize(d));
    PG_ASSERT_OK(pg_net_init(dnet, r));
    pg_rng_fill_gaussian(r, pg_graph_data(d, x), 15, 1.0);

    float unfrozen[15], frozen[15];
    for (int pass = 0; pass < 2; pass++) {
        pg_graph_set_param_grads(d, pass == 0);
        pg_net_zero_grad(dnet);
        PG_ASSERT_OK(pg_graph_forward(d));
        pg_graph_zero_grads(d);
        for (int i = 0; i < 5; i++) pg_graph_gradv(d, y)[i] = 1.0f;
        PG_ASSERT_OK(pg_graph_backward(d));
        memcpy(pass == 0 ? unfrozen : frozen, pg_graph_gradv(d, x), sizeof frozen);
        double gnorm = pg_net_grad_norm(dnet);
        if (pass == 0) CU_ASSERT(gnorm > 0);
        if (pass == 1) CU_ASSERT_EQUAL(gnorm, 0.0);
    }
    double diff = 0, norm = 0;
    for (int i = 0; i < 15; i++) {
        diff += fabs(unfrozen[i] - frozen[i]);
        norm += fabs(frozen[i]);
    }
    CU_ASSERT(norm > 0);
    CU_ASSERT_EQUAL(diff, 0.0);
    pg_graph_destroy(&d);
    pg_net_destroy(&dnet);
    pg_rng_destroy(&r);
}

static int build_mlp(pg_graph *g, int batch, int *x)
{
    *x = pg_op_input(g, 2, (int[]){batch, 3});
    return pg_op_dense(g, pg_op_tanh(g, pg_op_dense(g, *x, 8, 0)), 2, 0);
}

/* Two graphs with different batch sizes share the net: same rows, same
 * outputs; a different model on the sealed net is refused. */
static void test_shared_net_and_layout_check(void)
{
    pg_net *net = NULL;
    pg_graph *a = NULL, *b = NULL, *bad = NULL;
    pg_rng *r = test_rng(3);
    int xa, xb;
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &a));
    int ya = build_mlp(a, 3, &xa);
    PG_ASSERT_OK(pg_graph_finalize(a));
    size_t nw = net->nw;
    PG_ASSERT_OK(pg_graph_create(net, &b));
    int yb = build_mlp(b, 5, &xb);
    PG_ASSERT_OK(pg_graph_finalize(b));
    CU_ASSERT_EQUAL(net->nw, nw);
    PG_ASSERT_OK(pg_net_init(net, r));
    pg_rng_fill_gaussian(r, pg_graph_data(b, xb), 15, 1.0);
    memcpy(pg_graph_data(a, xa), pg_graph_data(b, xb), 9 * sizeof(float));
    PG_ASSERT_OK(pg_graph_forward(a));
    PG_ASSERT_OK(pg_graph_forward(b));
    CU_ASSERT_EQUAL(memcmp(pg_graph_data(a, ya), pg_graph_data(b, yb),
                           6 * sizeof(float)), 0);

    PG_ASSERT_OK(pg_graph_create(net, &bad));
    int x = pg_op_input(bad, 2, (int[]){2, 3});
    pg_op_dense(bad, x, 9, 0); /* 9 outputs where the layout has 8 */
    pg_status s = pg_graph_finalize(bad);
    CU_ASSERT_EQUAL(s, PG_ERR_SHAPE);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "dense.weight"));
    pg_error_clear();
    pg_graph_destroy(&bad);
    pg_graph_destroy(&a);
    pg_graph_destroy(&b);
    pg_net_destroy(&net);
    pg_rng_destroy(&r);
}

/* An input that asks for no gradient gets none, and the first layer skips
 * computing it. */
static void test_input_grad_pruned(void)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    pg_rng *r = test_rng(4);
    int x;
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int y = build_mlp(g, 4, &x);
    PG_ASSERT_OK(pg_graph_finalize(g));
    pg_graph_set_requires_grad(g, x, 0);
    PG_ASSERT_OK(pg_net_init(net, r));
    pg_rng_fill_gaussian(r, pg_graph_data(g, x), 12, 1.0);
    PG_ASSERT_OK(pg_graph_forward(g));
    pg_graph_zero_grads(g);
    pg_graph_gradv(g, y)[0] = 1.0f;
    PG_ASSERT_OK(pg_graph_backward(g));
    CU_ASSERT_FALSE(g->nodes[x].need_grad);
    CU_ASSERT(pg_net_grad_norm(net) > 0);
    for (int i = 0; i < 12; i++) CU_ASSERT_EQUAL(pg_graph_gradv(g, x)[i], 0.0f);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&r);
}

/* A bad node id makes every later builder return -1, and finalize reports
 * the first failure. */
static void test_sticky_build_error(void)
{
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_graph_create(NULL, &g));
    int x = pg_op_input(g, 2, (int[]){2, 2});
    CU_ASSERT_EQUAL(pg_op_tanh(g, 42), -1);
    CU_ASSERT_EQUAL(pg_op_tanh(g, x), -1);
    pg_status s = pg_graph_finalize(g);
    CU_ASSERT_NOT_EQUAL(s, PG_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no node 42"));
    pg_error_clear();
    pg_graph_destroy(&g);
}

/* Forward and backward allocate nothing: heap usage is identical before and
 * after further steps (after one warm-up step, in which the BLAS may set
 * up its own buffers). */
static void test_step_does_not_allocate(void)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    pg_rng *r = test_rng(5);
    int x;
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int y = build_mlp(g, 16, &x);
    PG_ASSERT_OK(pg_graph_finalize(g));
    PG_ASSERT_OK(pg_net_init(net, r));
    size_t before = 0;
    for (int step = 0; step < 4; step++) {
        if (step == 1) before = mallinfo2().uordblks;
        pg_rng_fill_gaussian(r, pg_graph_data(g, x), 48, 1.0);
        PG_ASSERT_OK(pg_graph_forward(g));
        pg_graph_zero_grads(g);
        pg_net_zero_grad(net);
        for (int i = 0; i < 32; i++) pg_graph_gradv(g, y)[i] = 0.1f;
        PG_ASSERT_OK(pg_graph_backward(g));
    }
    CU_ASSERT_EQUAL(mallinfo2().uordblks, before);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("graph");
    PG_TEST(s, test_skip_connection_gradcheck);
    PG_TEST(s, test_frozen_network_delivers_input_grad);
    PG_TEST(s, test_shared_net_and_layout_check);
    PG_TEST(s, test_input_grad_pruned);
    PG_TEST(s, test_sticky_build_error);
    PG_TEST(s, test_step_does_not_allocate);
}
