/* Gumbel-softmax constrained to a multiset (ops.h, pg_op_gumbel_assign):
 * the crystal VAE-GAN's composition conditioning gives the decoder a
 * composition, and its slots must hold exactly those atoms. Per sample
 * the multiset's A members (class labels) are assigned to the A slots by
 * minimum cost, -log of the soft sample's probability of the member's
 * class at the slot; the forward value is that one-hot table, the
 * backward the soft sample's (straight-through). */
#include <math.h>
#include <string.h>

#include "base/assignment.h"
#include "nn/op_impl.h"

/* The per-sample assignment workspace inside aux, after the noise and the
 * soft sample (2 x size floats, an even count, so the doubles that follow
 * stay 8-byte aligned on pg_alloc's aligned base). */
typedef struct assign_ws {
    double *cost;   /* A x A: member j (row) to slot a (column) */
    double *lse;    /* A: log-sum-exp of each slot's scaled logits */
    double *work;   /* pg_assign_work_doubles(A) */
    int *iwork;     /* pg_assign_work_ints(A) */
    int *col;       /* A: member j's slot */
    int *label;     /* A: member j's class */
} assign_ws;

static size_t ws_floats(int A)
{
    size_t doubles = (size_t)A * A + (size_t)A +
                     (size_t)pg_assign_work_doubles(A);
    size_t ints = (size_t)pg_assign_work_ints(A) + 2 * (size_t)A;
    return 2 * doubles + ints;   /* int and float are both 4 bytes */
}

static assign_ws ws_of(pg_node *n, int A)
{
    assign_ws w;
    w.cost = (double *)(void *)(n->aux + 2 * n->out.size);
    w.lse = w.cost + (size_t)A * A;
    w.work = w.lse + A;
    w.iwork = (int *)(void *)(w.work + pg_assign_work_doubles(A));
    w.col = w.iwork + pg_assign_work_ints(A);
    w.label = w.col + A;
    return w;
}

_Static_assert(sizeof(int) == sizeof(float), "ints share aux's floats");

int pg_op_gumbel_assign(pg_graph *g, int x, int frac, float tau)
{
    if (!pg_graph_valid(g, x, "gumbel_assign") ||
        !pg_graph_valid(g, frac, "gumbel_assign"))
        return -1;
    const pg_tensor *tx = &g->nodes[x].out, *tf = &g->nodes[frac].out;
    char sx[64], sf[64];
    if (tx->ndim != 3 || tf->ndim != 2 || tf->shape[0] != tx->shape[0] ||
        tf->shape[1] != tx->shape[1])
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_SHAPE,
                       "gumbel_assign: logits %s and shares %s, expected "
                       "(N, C, A) and (N, C)",
                       pg_tensor_shape_str(tx, sx, sizeof sx),
                       pg_tensor_shape_str(tf, sf, sizeof sf)));
    if (!(tau > 0) || !isfinite(tau))
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "gumbel_assign: temperature tau = %g, "
                                        "expected a finite tau > 0", tau));
    if (!g->rng)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_STATE,
                                        "gumbel_assign: the graph has no RNG "
                                        "for its noise; call pg_graph_set_rng "
                                        "before adding the node"));
    pg_attr a = {.alpha = tau};
    int id = pg_graph_add_node(g, PG_OP_GUMBEL_ASSIGN, 2, (int[]){x, frac},
                               tx->ndim, tx->shape, &a);
    if (id < 0) return -1;
    if (pg_graph_aux(g, id, 2 * tx->size + ws_floats(tx->shape[2])) < 0)
        return -1;
    return id;
}

/* The A class labels of one sample's multiset, from its shares f (C). */
static void members(const float *f, int C, int A, int *label)
{
    int j = 0;
    for (int c = 0; c < C && j < A; c++) {
        long k = lroundf(f[c] * (float)A);
        for (long m = 0; m < k && j < A; m++) label[j++] = c;
    }
    while (j < A) label[j++] = 0;
}

/* One sample: x, noise, soft and y are (C, A) blocks. */
static void assign_one(const float *x, const float *noise, float inv_tau,
                       const float *f, float *soft, float *y, int C, int A,
                       assign_ws *w)
{
    for (int a = 0; a < A; a++) {
        pg_softmax_row(x + a, noise + a, inv_tau, soft + a, C, (size_t)A);
        double mx = -INFINITY, s = 0;
        for (int c = 0; c < C; c++)
            mx = fmax(mx, inv_tau * ((double)x[c * A + a] + noise[c * A + a]));
        for (int c = 0; c < C; c++)
            s += exp(inv_tau * ((double)x[c * A + a] + noise[c * A + a]) - mx);
        w->lse[a] = mx + log(s);
    }
    members(f, C, A, w->label);
    for (int j = 0; j < A; j++) {
        int c = w->label[j];
        for (int a = 0; a < A; a++)
            w->cost[(size_t)j * A + a] =
                w->lse[a] -
                inv_tau * ((double)x[c * A + a] + noise[c * A + a]);
    }
    pg_assign_min_cost(w->cost, A, w->col, w->work, w->iwork);
    memset(y, 0, (size_t)C * A * sizeof *y);
    for (int j = 0; j < A; j++) y[w->label[j] * A + w->col[j]] = 1.0f;
}

void pg_gumbel_assign_forward(pg_graph *g, pg_node *n)
{
    const float *x = pg_in(g, n, 0)->out.data;
    const float *f = pg_in(g, n, 1)->out.data;
    int N = n->out.shape[0], C = n->out.shape[1], A = n->out.shape[2];
    size_t len = n->out.size, per = (size_t)C * A;
    float *noise = n->aux, *soft = n->aux + len;
    pg_gumbel_noise(g, noise, len);
    assign_ws w = ws_of(n, A);
    for (int i = 0; i < N; i++)
        assign_one(x + i * per, noise + i * per, 1.0f / n->a.alpha,
                   f + (size_t)i * C, soft + i * per, n->out.data + i * per,
                   C, A, &w);
}

void pg_gumbel_assign_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    float *dx = pg_in(g, n, 0)->grad.data;
    const float *soft = n->aux + n->out.size;
    int N = n->out.shape[0], C = n->out.shape[1], A = n->out.shape[2];
    float inv_tau = 1.0f / n->a.alpha;
    for (int i = 0; i < N; i++)
        for (int a = 0; a < A; a++) {
            size_t b = (size_t)i * C * A + (size_t)a;
            pg_softmax_row_backward(soft + b, n->grad.data + b, inv_tau,
                                    dx + b, C, (size_t)A);
        }
}
