/* Masked set mean: permutation-invariant pooling of a padded set.
 * h (N, C, A) holds one feature column per set element (atom slot), m
 * (N, 1, A) each element's weight in [0, 1] (1 - m with PG_SET_COMPLEMENT:
 * a generator's probability of an empty slot is what it emits). Then
 *   y_nc = sum_a w_na h_nca / (sum_a w_na + eps),   eps = 1e-6
 * so padded slots (w = 0) do not count, a soft weight counts in part, and
 * reordering the slots leaves y unchanged. Both inputs get gradients:
 *   dh_nca = w_na / W_n dy_nc,
 *   dw_na  = sum_c dy_nc (h_nca - y_nc) / W_n      (W_n = sum_a w_na + eps)
 * (negated for the complement). */
#include "nn/op_impl.h"

#define SET_EPS 1e-6

int pg_op_set_mean(pg_graph *g, int h, int m, int flags)
{
    if (!pg_graph_valid(g, h, "set_mean") || !pg_graph_valid(g, m, "set_mean"))
        return -1;
    const pg_tensor *ht = &g->nodes[h].out, *mt = &g->nodes[m].out;
    char s1[64], s2[64];
    if (ht->ndim != 3 || mt->ndim != 3 || mt->shape[0] != ht->shape[0] ||
        mt->shape[1] != 1 || mt->shape[2] != ht->shape[2])
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "set_mean: features %s "
                                        "must be (N, C, A) and weights %s "
                                        "(N, 1, A)",
                                        pg_tensor_shape_str(ht, s1, sizeof s1),
                                        pg_tensor_shape_str(mt, s2, sizeof s2)));
    pg_attr a = {.flags = flags};
    int shape[PG_MAX_DIMS] = {ht->shape[0], ht->shape[1]};
    return pg_graph_add_node(g, PG_OP_SET_MEAN, 2, (int[]){h, m}, 2, shape,
                             &a);
}

static double weight(const pg_node *n, float m)
{
    return (n->a.flags & PG_SET_COMPLEMENT) ? 1.0 - m : m;
}

/* W_n = sum_a w_na + eps. */
static double total(const pg_node *n, const float *m, int A)
{
    double w = SET_EPS;
    for (int a = 0; a < A; a++) w += weight(n, m[a]);
    return w;
}

void pg_set_mean_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *ht = &pg_in(g, n, 0)->out, *mt = &pg_in(g, n, 1)->out;
    int N = ht->shape[0], C = ht->shape[1], A = ht->shape[2];
    for (int i = 0; i < N; i++) {
        const float *m = mt->data + (size_t)i * A;
        double W = total(n, m, A);
        for (int c = 0; c < C; c++) {
            const float *h = ht->data + ((size_t)i * C + c) * A;
            double s = 0;
            for (int a = 0; a < A; a++) s += weight(n, m[a]) * h[a];
            n->out.data[(size_t)i * C + c] = (float)(s / W);
        }
    }
}

void pg_set_mean_backward(pg_graph *g, pg_node *n)
{
    pg_node *hn = pg_in(g, n, 0), *mn = pg_in(g, n, 1);
    int N = hn->out.shape[0], C = hn->out.shape[1], A = hn->out.shape[2];
    int want_h = pg_in_needs_grad(g, n, 0), want_m = pg_in_needs_grad(g, n, 1);
    double sign = (n->a.flags & PG_SET_COMPLEMENT) ? -1.0 : 1.0;
    for (int i = 0; i < N; i++) {
        const float *m = mn->out.data + (size_t)i * A;
        const float *dy = n->grad.data + (size_t)i * C;
        const float *y = n->out.data + (size_t)i * C;
        double W = total(n, m, A);
        for (int c = 0; c < C; c++) {
            const float *h = hn->out.data + ((size_t)i * C + c) * A;
            if (want_h) {
                float *dh = hn->grad.data + ((size_t)i * C + c) * A;
                for (int a = 0; a < A; a++)
                    dh[a] += (float)(weight(n, m[a]) / W * dy[c]);
            }
            if (want_m) {
                float *dm = mn->grad.data + (size_t)i * A;
                for (int a = 0; a < A; a++)
                    dm[a] += (float)(sign * dy[c] * (h[a] - y[c]) / W);
            }
        }
    }
}
