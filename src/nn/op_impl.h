/* For op kernels only: accessors shared by the op_*.c files. */
#ifndef PG_NN_OP_IMPL_H
#define PG_NN_OP_IMPL_H

#include "nn/graph.h"
#include "nn/ops.h"

/* Loops shorter than this run on one thread. */
#define PG_OMP_MIN 32768

static inline pg_node *pg_in(pg_graph *g, const pg_node *n, int i)
{
    return &g->nodes[n->in[i]];
}
/* Whether input i of n needs d loss / d input. */
static inline int pg_in_needs_grad(const pg_graph *g, const pg_node *n, int i)
{
    return g->nodes[n->in[i]].need_grad;
}
/* For ops with overwrites_dx: whether input 0's gradient is stale, so
 * that backward must store dx instead of adding it (beta = 0 for a GEMM). */
static inline int pg_in_grad_overwrite(const pg_graph *g, const pg_node *n)
{
    return g->nodes[n->in[0]].grad_stale;
}
/* Whether this node should accumulate into the net's gradients. */
static inline int pg_param_grads(const pg_graph *g, const pg_node *n)
{
    return g->param_grads && n->w_len > 0;
}
static inline float *pg_weights(pg_graph *g, size_t off) { return g->net->w + off; }
static inline float *pg_wgrads(pg_graph *g, size_t off) { return g->net->g + off; }
static inline float *pg_state(pg_graph *g, size_t off) { return g->net->s + off; }

/* len standard Gumbel draws from g's RNG into noise (zeros when not
 * training or without an RNG); gumbel_softmax and gumbel_assign. */
void pg_gumbel_noise(pg_graph *g, float *noise, size_t len);

/* y = softmax(scale * (x + noise)) along one row of ch values stride
 * apart (noise may be NULL); its backward dx += scale * y * (dy - <y, dy>)
 * (op_softmax.c, shared with op_gumbel_assign.c). */
void pg_softmax_row(const float *x, const float *noise, float scale,
                    float *y, int ch, size_t stride);
void pg_softmax_row_backward(const float *y, const float *dy, float scale,
                             float *dx, int ch, size_t stride);

/* Kernels, one pair per op, defined in the op_*.c files. */
#define PG_DECLARE_OP(name)                                    \
    void pg_##name##_forward(pg_graph *g, pg_node *n);         \
    void pg_##name##_backward(pg_graph *g, pg_node *n)

PG_DECLARE_OP(dense);
PG_DECLARE_OP(conv2d);
PG_DECLARE_OP(convt2d);
PG_DECLARE_OP(batchnorm);
PG_DECLARE_OP(instancenorm);
PG_DECLARE_OP(relu);
PG_DECLARE_OP(lrelu);
PG_DECLARE_OP(tanh);
PG_DECLARE_OP(sigmoid);
PG_DECLARE_OP(softmax);
PG_DECLARE_OP(gumbel_softmax);
PG_DECLARE_OP(concat);
PG_DECLARE_OP(add);
PG_DECLARE_OP(reshape);
PG_DECLARE_OP(upsample);
PG_DECLARE_OP(upsample_bilinear);
PG_DECLARE_OP(avgpool);
PG_DECLARE_OP(dropout);
PG_DECLARE_OP(mbstd);
PG_DECLARE_OP(reparam);
PG_DECLARE_OP(slice);
PG_DECLARE_OP(block_match);
PG_DECLARE_OP(crop);
PG_DECLARE_OP(set_mean);
PG_DECLARE_OP(gumbel_assign);

#endif
