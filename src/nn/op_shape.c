/* Shape ops: concatenation along channels, elementwise sum, reshape and
 * channel slices. All are copies (reshape too: a copy forward and back is
 * simpler than aliasing a node's storage and costs one pass). */
#include <string.h>

#include "nn/op_impl.h"

/* Positions per channel: the product of the extents after dim 1. */
static size_t inner_size(const pg_tensor *t)
{
    size_t s = 1;
    for (int d = 2; d < t->ndim; d++) s *= (size_t)t->shape[d];
    return s;
}

int pg_op_concat(pg_graph *g, int a, int b)
{
    if (!pg_graph_valid(g, a, "concat") || !pg_graph_valid(g, b, "concat"))
        return -1;
    const pg_tensor *ta = &g->nodes[a].out, *tb = &g->nodes[b].out;
    char sa[64], sb[64];
    int ok = ta->ndim == tb->ndim && ta->ndim >= 2;
    for (int d = 0; ok && d < ta->ndim; d++)
        if (d != 1 && ta->shape[d] != tb->shape[d]) ok = 0;
    if (!ok)
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_SHAPE,
                       "concat: %s and %s must have the same rank (>= 2) and "
                       "agree in every dimension except dim 1",
                       pg_tensor_shape_str(ta, sa, sizeof sa),
                       pg_tensor_shape_str(tb, sb, sizeof sb)));
    int shape[PG_MAX_DIMS];
    memcpy(shape, ta->shape, sizeof shape);
    shape[1] = ta->shape[1] + tb->shape[1];
    return pg_graph_add_node(g, PG_OP_CONCAT, 2, (int[]){a, b}, ta->ndim,
                             shape, NULL);
}

/* Per sample the output is a's block followed by b's block. */
void pg_concat_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *ta = &pg_in(g, n, 0)->out, *tb = &pg_in(g, n, 1)->out;
    size_t la = pg_tensor_per_sample(ta), lb = pg_tensor_per_sample(tb);
    long batch = n->out.shape[0];
    float *y = n->out.data;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < batch; i++) {
        float *yi = y + (size_t)i * (la + lb);
        memcpy(yi, ta->data + (size_t)i * la, la * sizeof *y);
        memcpy(yi + la, tb->data + (size_t)i * lb, lb * sizeof *y);
    }
}

void pg_concat_backward(pg_graph *g, pg_node *n)
{
    pg_node *in[2] = {pg_in(g, n, 0), pg_in(g, n, 1)};
    size_t len[2] = {pg_tensor_per_sample(&in[0]->out),
                     pg_tensor_per_sample(&in[1]->out)};
    long batch = n->out.shape[0];
    const float *dy = n->grad.data;
    for (int k = 0; k < 2; k++) {
        if (!pg_in_needs_grad(g, n, k)) continue;
        size_t skip = k == 0 ? 0 : len[0];
        float *dx = in[k]->grad.data;
        #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
        for (long i = 0; i < batch; i++) {
            const float *src = dy + (size_t)i * (len[0] + len[1]) + skip;
            float *dst = dx + (size_t)i * len[k];
            for (size_t j = 0; j < len[k]; j++) dst[j] += src[j];
        }
    }
}

int pg_op_add(pg_graph *g, int a, int b)
{
    if (!pg_graph_valid(g, a, "add") || !pg_graph_valid(g, b, "add"))
        return -1;
    const pg_tensor *ta = &g->nodes[a].out, *tb = &g->nodes[b].out;
    char sa[64], sb[64];
    if (!pg_tensor_same_shape(ta, tb))
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_SHAPE, "add: shapes %s and %s differ (no "
                                     "broadcasting; they must be equal)",
                       pg_tensor_shape_str(ta, sa, sizeof sa),
                       pg_tensor_shape_str(tb, sb, sizeof sb)));
    return pg_graph_add_node(g, PG_OP_ADD, 2, (int[]){a, b}, ta->ndim,
                             ta->shape, NULL);
}

void pg_add_forward(pg_graph *g, pg_node *n)
{
    const float *a = pg_in(g, n, 0)->out.data, *b = pg_in(g, n, 1)->out.data;
    float *y = n->out.data;
    long len = (long)n->out.size;
    #pragma omp parallel for if (len > PG_OMP_MIN)
    for (long i = 0; i < len; i++) y[i] = a[i] + b[i];
}

void pg_add_backward(pg_graph *g, pg_node *n)
{
    const float *dy = n->grad.data;
    long len = (long)n->out.size;
    for (int k = 0; k < 2; k++) {
        if (!pg_in_needs_grad(g, n, k)) continue;
        float *dx = pg_in(g, n, k)->grad.data;
        #pragma omp parallel for if (len > PG_OMP_MIN)
        for (long i = 0; i < len; i++) dx[i] += dy[i];
    }
}

int pg_op_reshape(pg_graph *g, int x, int ndim, const int *shape)
{
    if (!pg_graph_valid(g, x, "reshape")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    char sx[64];
    if (ndim < 1 || ndim > PG_MAX_DIMS || !shape)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "reshape: rank %d, expected 1 to %d",
                                        ndim, PG_MAX_DIMS));
    size_t size = 1;
    for (int d = 0; d < ndim; d++) {
        if (shape[d] < 1)
            return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                            "reshape: extent %d of dim %d, "
                                            "expected >= 1", shape[d], d));
        size *= (size_t)shape[d];
    }
    if (shape[0] != t->shape[0] || size != t->size)
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_SHAPE,
                       "reshape: %s holds %zu elements with batch %d; the new "
                       "shape has %zu elements with batch %d (both must match)",
                       pg_tensor_shape_str(t, sx, sizeof sx), t->size,
                       t->shape[0], size, shape[0]));
    return pg_graph_add_node(g, PG_OP_RESHAPE, 1, &x, ndim, shape, NULL);
}

void pg_reshape_forward(pg_graph *g, pg_node *n)
{
    memcpy(n->out.data, pg_in(g, n, 0)->out.data,
           n->out.size * sizeof(float));
}

void pg_reshape_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    float *dx = pg_in(g, n, 0)->grad.data;
    const float *dy = n->grad.data;
    long len = (long)n->out.size;
    if (pg_in_grad_overwrite(g, n)) {
        memcpy(dx, dy, (size_t)len * sizeof *dx);
        return;
    }
    #pragma omp parallel for if (len > PG_OMP_MIN)
    for (long i = 0; i < len; i++) dx[i] += dy[i];
}

int pg_op_slice(pg_graph *g, int x, int begin, int end)
{
    if (!pg_graph_valid(g, x, "slice")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    char sx[64];
    if (t->ndim < 2)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE,
                                        "slice: input %s has no channel dim",
                                        pg_tensor_shape_str(t, sx, sizeof sx)));
    if (begin < 0 || end > t->shape[1] || begin >= end)
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_ARG,
                       "slice: channels [%d, %d) of %s; expected "
                       "0 <= begin < end <= %d",
                       begin, end, pg_tensor_shape_str(t, sx, sizeof sx),
                       t->shape[1]));
    int shape[PG_MAX_DIMS];
    memcpy(shape, t->shape, sizeof shape);
    shape[1] = end - begin;
    pg_attr a = {.begin = begin, .end = end};
    return pg_graph_add_node(g, PG_OP_SLICE, 1, &x, t->ndim, shape, &a);
}

void pg_slice_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *x = &pg_in(g, n, 0)->out;
    size_t s = inner_size(x), lx = pg_tensor_per_sample(x);
    size_t ly = pg_tensor_per_sample(&n->out), skip = (size_t)n->a.begin * s;
    long batch = n->out.shape[0];
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < batch; i++)
        memcpy(n->out.data + (size_t)i * ly, x->data + (size_t)i * lx + skip,
               ly * sizeof(float));
}

void pg_slice_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    pg_node *xn = pg_in(g, n, 0);
    size_t s = inner_size(&xn->out), lx = pg_tensor_per_sample(&xn->out);
    size_t ly = pg_tensor_per_sample(&n->out), skip = (size_t)n->a.begin * s;
    long batch = n->out.shape[0];
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < batch; i++) {
        float *dx = xn->grad.data + (size_t)i * lx + skip;
        const float *dy = n->grad.data + (size_t)i * ly;
        for (size_t j = 0; j < ly; j++) dx[j] += dy[j];
    }
}
