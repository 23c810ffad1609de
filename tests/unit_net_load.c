/* Restoring a network from a checkpoint (train/net_load.h): parameters
 * and batch-norm state both arrive, the EMA weights when asked, and a
 * missing or mis-sized array is an error naming it. */
#include <string.h>

#include "io/checkpoint.h"
#include "nn/graph.h"
#include "nn/net.h"
#include "nn/ops.h"
#include "runner.h"
#include "train/net_load.h"

/* A dense layer and a batch norm: parameters and running statistics. */
static void build(pg_net **net, pg_graph **g)
{
    PG_ASSERT_OK(pg_net_create("G", net));
    PG_ASSERT_OK(pg_graph_create(*net, g));
    int x = pg_op_input(*g, 2, (int[]){4, 3});
    pg_op_batchnorm(*g, pg_op_dense(*g, x, 5, 0), 0.1f, 1e-5f);
    PG_ASSERT_OK(pg_graph_finalize(*g));
    CU_ASSERT_FATAL((*net)->nw > 0 && (*net)->ns > 0);
}

static void fill(float *x, size_t n, float base)
{
    for (size_t i = 0; i < n; i++) x[i] = base + 0.25f * (float)i;
}

static void test_params_and_state(void)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    build(&net, &g);
    size_t nw = net->nw, ns = net->ns;
    float w[64], s[64], e[64];
    CU_ASSERT_FATAL(nw <= 64 && ns <= 64);
    fill(w, nw, 1);
    fill(s, ns, -2);
    fill(e, nw, 7);
    pg_checkpoint *c = NULL;
    PG_ASSERT_OK(pg_checkpoint_create(&c));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G/params", w, nw));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G/state", s, ns));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G_ema/params", e, nw));
    PG_ASSERT_OK(pg_net_load(c, "ck.h5", "G", 0, net));
    CU_ASSERT_EQUAL(memcmp(net->w, w, nw * sizeof *w), 0);
    CU_ASSERT_EQUAL(memcmp(net->s, s, ns * sizeof *s), 0);
    PG_ASSERT_OK(pg_net_load(c, "ck.h5", "G", 1, net));
    CU_ASSERT_EQUAL(memcmp(net->w, e, nw * sizeof *e), 0);
    CU_ASSERT_EQUAL(memcmp(net->s, s, ns * sizeof *s), 0);
    /* Another net's arrays do not exist; another model's do not fit. */
    CU_ASSERT_EQUAL(pg_net_load(c, "ck.h5", "D", 0, net), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(pg_error_message(), "ck.h5 has no /D/params"));
    pg_error_clear();
    pg_checkpoint_destroy(&c);
    PG_ASSERT_OK(pg_checkpoint_create(&c));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G/params", w, nw - 1));
    CU_ASSERT_EQUAL(pg_net_load(c, "ck.h5", "G", 0, net), PG_ERR_SHAPE);
    pg_error_clear();
    pg_checkpoint_destroy(&c);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
}

static void test_stateful_net_needs_state(void)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    build(&net, &g);
    float w[64];
    fill(w, net->nw, 1);
    pg_checkpoint *c = NULL;
    PG_ASSERT_OK(pg_checkpoint_create(&c));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G/params", w, net->nw));
    CU_ASSERT_EQUAL(pg_net_load(c, "ck.h5", "G", 0, net), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "/G/state"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_net_load(c, "ck.h5", "G", 1, net), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "leave out --ema"));
    pg_error_clear();
    pg_checkpoint_destroy(&c);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("net_load");
    PG_TEST(s, test_params_and_state);
    PG_TEST(s, test_stateful_net_needs_state);
}
