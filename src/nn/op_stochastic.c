/* Stochastic ops: inverted dropout and the VAE reparameterisation. Their
 * random numbers come from the graph's RNG in training mode and are kept
 * in aux, so backward differentiates exactly the function forward drew. */
#include <math.h>
#include <string.h>

#include "nn/op_impl.h"

static int need_rng(pg_graph *g, const char *who)
{
    if (g->status != PG_OK || g->rng) return 1;
    pg_graph_fail(g, PG_FAIL(PG_ERR_STATE,
                             "%s: the graph has no RNG for its noise; call "
                             "pg_graph_set_rng before adding the node", who));
    return 0;
}

/* aux: the per-element factor, 0 or 1/(1-p) (1 in eval mode). */
int pg_op_dropout(pg_graph *g, int x, float p)
{
    if (!pg_graph_valid(g, x, "dropout")) return -1;
    if (!(p >= 0 && p < 1))
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "dropout: drop probability %g, "
                                        "expected 0 <= p < 1", p));
    if (!need_rng(g, "dropout")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    pg_attr a = {.alpha = p};
    int id = pg_graph_add_node(g, PG_OP_DROPOUT, 1, &x, t->ndim, t->shape, &a);
    if (id < 0 || pg_graph_aux(g, id, t->size) < 0) return -1;
    return id;
}

void pg_dropout_forward(pg_graph *g, pg_node *n)
{
    const float *x = pg_in(g, n, 0)->out.data;
    float *y = n->out.data, *mask = n->aux;
    long len = (long)n->out.size;
    double p = n->a.alpha;
    /* Without an RNG (reset after building) dropout is off. */
    if (g->training && g->rng && p > 0) {
        float keep = (float)(1.0 / (1.0 - p));
        for (long i = 0; i < len; i++)
            mask[i] = pg_rng_uniform(g->rng) < p ? 0.0f : keep;
    } else {
        #pragma omp parallel for if (len > PG_OMP_MIN)
        for (long i = 0; i < len; i++) mask[i] = 1.0f;
    }
    #pragma omp parallel for if (len > PG_OMP_MIN)
    for (long i = 0; i < len; i++) y[i] = x[i] * mask[i];
}

void pg_dropout_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    float *dx = pg_in(g, n, 0)->grad.data;
    const float *dy = n->grad.data, *mask = n->aux;
    long len = (long)n->out.size;
    #pragma omp parallel for if (len > PG_OMP_MIN)
    for (long i = 0; i < len; i++) dx[i] += dy[i] * mask[i];
}

/* aux: the standard normal draws e (zeros in eval mode). */
int pg_op_reparam(pg_graph *g, int mu, int logvar)
{
    if (!pg_graph_valid(g, mu, "reparam") ||
        !pg_graph_valid(g, logvar, "reparam"))
        return -1;
    const pg_tensor *tm = &g->nodes[mu].out, *tv = &g->nodes[logvar].out;
    char sm[64], sv[64];
    if (!pg_tensor_same_shape(tm, tv))
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_SHAPE,
                       "reparam: mu %s and logvar %s must have the same shape",
                       pg_tensor_shape_str(tm, sm, sizeof sm),
                       pg_tensor_shape_str(tv, sv, sizeof sv)));
    if (!need_rng(g, "reparam")) return -1;
    int id = pg_graph_add_node(g, PG_OP_REPARAM, 2, (int[]){mu, logvar},
                               tm->ndim, tm->shape, NULL);
    if (id < 0 || pg_graph_aux(g, id, tm->size) < 0) return -1;
    return id;
}

void pg_reparam_forward(pg_graph *g, pg_node *n)
{
    const float *mu = pg_in(g, n, 0)->out.data;
    const float *lv = pg_in(g, n, 1)->out.data;
    float *z = n->out.data, *e = n->aux;
    long len = (long)n->out.size;
    if (g->training && g->rng)
        pg_rng_fill_gaussian(g->rng, e, (size_t)len, 1.0);
    else
        memset(e, 0, (size_t)len * sizeof *e);
    #pragma omp parallel for if (len > PG_OMP_MIN)
    for (long i = 0; i < len; i++) z[i] = mu[i] + expf(0.5f * lv[i]) * e[i];
}

void pg_reparam_backward(pg_graph *g, pg_node *n)
{
    const float *dz = n->grad.data, *e = n->aux;
    long len = (long)n->out.size;
    if (pg_in_needs_grad(g, n, 0)) {
        float *dmu = pg_in(g, n, 0)->grad.data;
        #pragma omp parallel for if (len > PG_OMP_MIN)
        for (long i = 0; i < len; i++) dmu[i] += dz[i];
    }
    if (pg_in_needs_grad(g, n, 1)) {
        const float *lv = pg_in(g, n, 1)->out.data;
        float *dlv = pg_in(g, n, 1)->grad.data;
        #pragma omp parallel for if (len > PG_OMP_MIN)
        for (long i = 0; i < len; i++)
            dlv[i] += dz[i] * 0.5f * expf(0.5f * lv[i]) * e[i];
    }
}
