/* Pointwise activations. Backward uses the saved output where the
 * derivative is a function of it (tanh, sigmoid, ReLU). */
#include <math.h>

#include "nn/op_impl.h"

static int unary(pg_graph *g, pg_op op, int x, float alpha, const char *who)
{
    if (!pg_graph_valid(g, x, who)) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    pg_attr a = {.alpha = alpha};
    return pg_graph_add_node(g, op, 1, &x, t->ndim, t->shape, &a);
}

int pg_op_relu(pg_graph *g, int x) { return unary(g, PG_OP_RELU, x, 0, "relu"); }
int pg_op_tanh(pg_graph *g, int x) { return unary(g, PG_OP_TANH, x, 0, "tanh"); }
int pg_op_sigmoid(pg_graph *g, int x)
{
    return unary(g, PG_OP_SIGMOID, x, 0, "sigmoid");
}
int pg_op_leaky_relu(pg_graph *g, int x, float slope)
{
    if (!(slope >= 0 && slope < 1))
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "leaky_relu: slope %g not in [0, 1)",
                                        slope));
    return unary(g, PG_OP_LRELU, x, slope, "leaky_relu");
}

/* Loop over the node's elements with x = input, y = output. */
#define FORWARD_LOOP(expr)                                                 \
    const float *x = pg_in(g, n, 0)->out.data;                             \
    float *y = n->out.data;                                                \
    long len = (long)n->out.size;                                          \
    _Pragma("omp parallel for if (len > PG_OMP_MIN)")                      \
    for (long i = 0; i < len; i++) y[i] = (expr)

/* dx += dy * f'(...), with y the output and x the input; dx = ... when
 * dx is stale (lazy zeroing, nn/graph.h). */
#define BACKWARD_LOOP(deriv)                                               \
    pg_node *xn = pg_in(g, n, 0);                                          \
    if (!pg_in_needs_grad(g, n, 0)) return;                                \
    const float *x = xn->out.data, *y = n->out.data, *dy = n->grad.data;   \
    float *dx = xn->grad.data;                                             \
    long len = (long)n->out.size;                                          \
    (void)x; (void)y;                                                      \
    if (pg_in_grad_overwrite(g, n)) {                                      \
        _Pragma("omp parallel for if (len > PG_OMP_MIN)")                  \
        for (long i = 0; i < len; i++) dx[i] = dy[i] * (deriv);            \
        return;                                                            \
    }                                                                      \
    _Pragma("omp parallel for if (len > PG_OMP_MIN)")                      \
    for (long i = 0; i < len; i++) dx[i] += dy[i] * (deriv)

void pg_relu_forward(pg_graph *g, pg_node *n) { FORWARD_LOOP(x[i] > 0 ? x[i] : 0.0f); }
void pg_relu_backward(pg_graph *g, pg_node *n) { BACKWARD_LOOP(x[i] > 0 ? 1.0f : 0.0f); }

void pg_lrelu_forward(pg_graph *g, pg_node *n)
{
    const float s = n->a.alpha;
    FORWARD_LOOP(x[i] > 0 ? x[i] : s * x[i]);
}
void pg_lrelu_backward(pg_graph *g, pg_node *n)
{
    const float s = n->a.alpha;
    BACKWARD_LOOP(x[i] > 0 ? 1.0f : s);
}

/* tanh from one expf: glibc's tanhf goes through expm1f, several times
 * slower, and a U-Net's full-resolution tanh output was a quarter of a
 * foam rollout's time. Below |v| = 0.1, where 1 - e^(-2|v|) would cancel,
 * the odd Taylor series to v^7 (truncation < 1e-9 relative); above, the
 * error is a few float ulps. */
static inline float tanh_fast(float v)
{
    float a = fabsf(v), r;
    if (a < 0.1f) {
        float s = a * a;
        r = a * (1.0f + s * (-1.0f / 3 + s * (2.0f / 15 + s * (-17.0f / 315))));
    } else {
        float t = expf(-2.0f * a);
        r = (1.0f - t) / (1.0f + t);
    }
    return copysignf(r, v);
}
void pg_tanh_forward(pg_graph *g, pg_node *n) { FORWARD_LOOP(tanh_fast(x[i])); }
void pg_tanh_backward(pg_graph *g, pg_node *n) { BACKWARD_LOOP(1.0f - y[i] * y[i]); }

/* Written to stay finite for large |x|. */
static inline float sigmoidf(float v)
{
    if (v >= 0) return 1.0f / (1.0f + expf(-v));
    float e = expf(v);
    return e / (1.0f + e);
}
void pg_sigmoid_forward(pg_graph *g, pg_node *n) { FORWARD_LOOP(sigmoidf(x[i])); }
void pg_sigmoid_backward(pg_graph *g, pg_node *n) { BACKWARD_LOOP(y[i] * (1.0f - y[i])); }
