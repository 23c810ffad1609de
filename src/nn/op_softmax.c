/* Softmax over dim 1 and Gumbel-softmax (Jang et al. 2017; Maddison et al.
 * 2017). A tensor (N, C, ...) is treated as N * S rows of C values with
 * stride S, S the number of positions per channel. */
#include <math.h>
#include <string.h>

#include "nn/op_impl.h"

/* Layout of dim 1 within a tensor: rows of `ch` values, `stride` apart. */
typedef struct rows {
    long count;    /* N * S */
    size_t s;      /* positions per channel (stride between channels) */
    int ch;        /* channels */
} rows;

static rows rows_of(const pg_tensor *t)
{
    rows r = {.s = 1, .ch = t->shape[1]};
    for (int d = 2; d < t->ndim; d++) r.s *= (size_t)t->shape[d];
    r.count = (long)(t->shape[0] * r.s);
    return r;
}

/* Offset of row k's first element. */
static inline size_t row_base(const rows *r, long k)
{
    size_t i = (size_t)k / r->s, p = (size_t)k % r->s;
    return i * (size_t)r->ch * r->s + p;
}

/* (op_impl.h) */
void pg_softmax_row(const float *x, const float *noise, float scale,
                    float *y, int ch, size_t stride)
{
    float mx = -INFINITY;
    for (int c = 0; c < ch; c++) {
        float v = scale * (x[c * stride] + (noise ? noise[c * stride] : 0));
        y[c * stride] = v;
        if (v > mx) mx = v;
    }
    double sum = 0;
    for (int c = 0; c < ch; c++) {
        float e = expf(y[c * stride] - mx);
        y[c * stride] = e;
        sum += e;
    }
    float inv = (float)(1.0 / sum);
    for (int c = 0; c < ch; c++) y[c * stride] *= inv;
}

/* (op_impl.h) */
void pg_softmax_row_backward(const float *y, const float *dy, float scale,
                             float *dx, int ch, size_t stride)
{
    double dot = 0;
    for (int c = 0; c < ch; c++) dot += (double)y[c * stride] * dy[c * stride];
    for (int c = 0; c < ch; c++)
        dx[c * stride] += scale * y[c * stride] * (float)(dy[c * stride] - dot);
}

static int check_rank(pg_graph *g, int x, const char *who)
{
    if (!pg_graph_valid(g, x, who)) return 0;
    const pg_tensor *t = &g->nodes[x].out;
    if (t->ndim >= 2) return 1;
    char sx[64];
    pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE,
                             "%s: input %s has no dim 1 to normalise over "
                             "(expected (N, F), (N, C, L) or (N, C, H, W))",
                             who, pg_tensor_shape_str(t, sx, sizeof sx)));
    return 0;
}

int pg_op_softmax(pg_graph *g, int x)
{
    if (!check_rank(g, x, "softmax")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    return pg_graph_add_node(g, PG_OP_SOFTMAX, 1, &x, t->ndim, t->shape, NULL);
}

void pg_softmax_forward(pg_graph *g, pg_node *n)
{
    const float *x = pg_in(g, n, 0)->out.data;
    rows r = rows_of(&n->out);
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long k = 0; k < r.count; k++) {
        size_t b = row_base(&r, k);
        pg_softmax_row(x + b, NULL, 1.0f, n->out.data + b, r.ch, r.s);
    }
}

void pg_softmax_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    float *dx = pg_in(g, n, 0)->grad.data;
    rows r = rows_of(&n->out);
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long k = 0; k < r.count; k++) {
        size_t b = row_base(&r, k);
        pg_softmax_row_backward(n->out.data + b, n->grad.data + b, 1.0f,
                                dx + b, r.ch, r.s);
    }
}

/* aux: the Gumbel noise (zeros in eval mode), then with PG_HARD the soft
 * sample the straight-through backward differentiates. */
int pg_op_gumbel_softmax(pg_graph *g, int x, float tau, int flags)
{
    if (!check_rank(g, x, "gumbel_softmax")) return -1;
    if (!(tau > 0) || !isfinite(tau))
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "gumbel_softmax: temperature tau = %g, "
                                        "expected a finite tau > 0", tau));
    if (flags & ~PG_HARD)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "gumbel_softmax: flags 0x%x, expected "
                                        "0 or PG_HARD", flags));
    if (!g->rng)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_STATE,
                                        "gumbel_softmax: the graph has no RNG "
                                        "for its noise; call pg_graph_set_rng "
                                        "before adding the node"));
    const pg_tensor *t = &g->nodes[x].out;
    pg_attr a = {.alpha = tau, .flags = flags};
    int id = pg_graph_add_node(g, PG_OP_GUMBEL_SOFTMAX, 1, &x, t->ndim,
                               t->shape, &a);
    if (id < 0) return -1;
    if (pg_graph_aux(g, id, (flags & PG_HARD) ? 2 * t->size : t->size) < 0)
        return -1;
    return id;
}

static float *gumbel_soft(pg_node *n)
{
    return (n->a.flags & PG_HARD) ? n->aux + n->out.size : n->out.data;
}

void pg_gumbel_noise(pg_graph *g, float *noise, size_t len)
{
    /* Without an RNG (reset after building) the sample is noise-free. */
    if (g->training && g->rng) {
        for (size_t i = 0; i < len; i++)
            noise[i] = (float)-log(-log(pg_rng_uniform_pos(g->rng)));
    } else {
        memset(noise, 0, len * sizeof *noise);
    }
}

void pg_gumbel_softmax_forward(pg_graph *g, pg_node *n)
{
    const float *x = pg_in(g, n, 0)->out.data;
    float *noise = n->aux, *soft = gumbel_soft(n);
    size_t len = n->out.size;
    pg_gumbel_noise(g, noise, len);
    rows r = rows_of(&n->out);
    float inv_tau = 1.0f / n->a.alpha;
    int hard = n->a.flags & PG_HARD;
    #pragma omp parallel for if (len > PG_OMP_MIN)
    for (long k = 0; k < r.count; k++) {
        size_t b = row_base(&r, k);
        pg_softmax_row(x + b, noise + b, inv_tau, soft + b, r.ch, r.s);
        if (!hard) continue;
        int best = 0;
        for (int c = 1; c < r.ch; c++)
            if (soft[b + c * r.s] > soft[b + best * r.s]) best = c;
        for (int c = 0; c < r.ch; c++)
            n->out.data[b + c * r.s] = c == best ? 1.0f : 0.0f;
    }
}

void pg_gumbel_softmax_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    float *dx = pg_in(g, n, 0)->grad.data;
    const float *soft = gumbel_soft(n);
    rows r = rows_of(&n->out);
    float inv_tau = 1.0f / n->a.alpha;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long k = 0; k < r.count; k++) {
        size_t b = row_base(&r, k);
        pg_softmax_row_backward(soft + b, n->grad.data + b, inv_tau,
                                dx + b, r.ch, r.s);
    }
}
