/* Lazy zeroing of node gradients (nn/graph.h): pg_graph_zero_grads leaves
 * interior gradients stale, and backward either zeroes one before an op
 * adds into it or lets the first writer overwrite it. The gradients must
 * equal those of eager zeroing exactly, whatever the stale buffers hold
 * (NaN here: an op that added into a stale buffer instead of storing would
 * turn its result into NaN), and a second backward without zero_grads must
 * still add onto every gradient as before. The graph gives every op that overwrites (dense, reshape,
 * conv with the 4x4 stride-2 gather, the 1x1 direct path and the general
 * col2im, transposed conv grouped and alone, batch norm, the activations)
 * an interior input, and one node two consumers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "nn/ops.h"
#include "runner.h"

typedef struct net_graph {
    pg_net *net;
    pg_graph *g;
    int x, y;
} net_graph;

static void build(net_graph *t, int batch)
{
    PG_ASSERT_OK(pg_net_create("T", &t->net));
    PG_ASSERT_OK(pg_graph_create(t->net, &t->g));
    pg_graph *g = t->g;
    t->x = pg_op_input(g, 2, (int[]){batch, 6});
    int h = pg_op_dense(g, t->x, 2 * 4 * 4, 0);
    h = pg_op_reshape(g, h, 4, (int[]){batch, 2, 4, 4});
    h = pg_op_relu(g, pg_op_batchnorm(g, h, 0.1f, 1e-5f));
    int a = pg_op_conv_transpose2d(g, h, 3, 4, 2, 1, 0); /* 8x8, grouped */
    a = pg_op_leaky_relu(g, a, 0.2f);
    int b = pg_op_conv2d(g, a, 3, 3, 1, 1, 0);           /* general col2im */
    b = pg_op_tanh(g, b);
    int c = pg_op_conv2d(g, b, 2, 1, 1, 0, 0);           /* 1x1 direct */
    c = pg_op_sigmoid(g, c);
    int d = pg_op_conv2d(g, c, 4, 4, 2, 1, 0);           /* 4x4 s2 gather */
    int e = pg_op_conv_transpose2d(g, d, 2, 1, 1, 0, 0); /* 1x1, alone */
    /* d feeds e and this add: its second writer must add */
    t->y = pg_op_add(g, pg_op_slice(g, d, 0, 2), e);
    PG_ASSERT_OK(pg_graph_finalize(g));
}

static void destroy(net_graph *t)
{
    pg_graph_destroy(&t->g);
    pg_net_destroy(&t->net);
}

/* One backward from fixed dy; the input and parameter gradients out. */
static void backward(net_graph *t, const float *dy, int zero, int eager,
                     float *dx, float *dw)
{
    pg_graph *g = t->g;
    if (zero) {
        pg_graph_zero_grads(g);
        pg_net_zero_grad(t->net);
    }
    if (eager)
        for (int i = 0; i < g->n_nodes; i++)
            if (g->nodes[i].grad_stale)
                pg_graph_grad_materialize(&g->nodes[i]);
    float *gy = pg_graph_gradv(g, t->y);
    size_t ny = pg_graph_out(g, t->y)->size;
    for (size_t i = 0; i < ny; i++) gy[i] += dy[i];
    PG_ASSERT_OK(pg_graph_backward(g));
    memcpy(dx, pg_graph_gradv(g, t->x),
           pg_graph_out(g, t->x)->size * sizeof *dx);
    memcpy(dw, t->net->g, t->net->nw * sizeof *dw);
}

static int same(const float *a, const float *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!(a[i] == b[i])) return 0;
    return 1;
}

static void check_batch(int batch)
{
    net_graph t;
    build(&t, batch);
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(31, 0, PG_RNG_TEST, &rng));
    PG_ASSERT_OK(pg_net_init(t.net, rng));
    pg_tensor *xt = pg_graph_out(t.g, t.x);
    pg_rng_fill_gaussian(rng, xt->data, xt->size, 1.0);
    PG_ASSERT_OK(pg_graph_forward(t.g));
    size_t ny = pg_graph_out(t.g, t.y)->size, nx = xt->size,
           nw = t.net->nw;
    float *dy = malloc(ny * sizeof *dy);
    pg_rng_fill_gaussian(rng, dy, ny, 1.0);
    float *dx[4], *dw[4];
    for (int k = 0; k < 4; k++) {
        dx[k] = malloc(nx * sizeof *dx[k]);
        dw[k] = malloc(nw * sizeof *dw[k]);
    }
    /* eager reference, then lazy over poisoned stale buffers */
    backward(&t, dy, 1, 1, dx[0], dw[0]);
    for (int i = 0; i < t.g->n_nodes; i++) {
        pg_node *n = &t.g->nodes[i];
        if (n->op == PG_OP_INPUT || n->grad_exposed) continue;
        for (size_t j = 0; j < n->grad.size; j++) n->grad.data[j] = NAN;
    }
    backward(&t, dy, 1, 0, dx[1], dw[1]);
    CU_ASSERT(same(dx[0], dx[1], nx));
    CU_ASSERT(same(dw[0], dw[1], nw));
    /* the lazy path did leave interior gradients stale */
    int stale = 0;
    pg_graph_zero_grads(t.g);
    for (int i = 0; i < t.g->n_nodes; i++) stale += t.g->nodes[i].grad_stale;
    CU_ASSERT(stale > 5);
    /* without zero_grads a second backward adds onto every gradient, as
     * with eager zeroing (backward's old contract) */
    backward(&t, dy, 1, 1, dx[2], dw[2]);
    backward(&t, dy, 0, 0, dx[2], dw[2]);
    backward(&t, dy, 1, 0, dx[3], dw[3]);
    backward(&t, dy, 0, 0, dx[3], dw[3]);
    CU_ASSERT(same(dx[2], dx[3], nx));
    CU_ASSERT(same(dw[2], dw[3], nw));
    CU_ASSERT(!same(dx[2], dx[0], nx));
    for (int k = 0; k < 4; k++) {
        free(dx[k]);
        free(dw[k]);
    }
    free(dy);
    pg_rng_destroy(&rng);
    destroy(&t);
}

/* Batch 3 groups samples in the GEMMs (scatter/gather paths); batch 1
 * runs one sample per GEMM (beta = 0 directly into dx). */
static void test_lazy_equals_eager(void)
{
    check_batch(3);
    check_batch(1);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_grad_zeroing");
    PG_TEST(s, test_lazy_equals_eager);
}
