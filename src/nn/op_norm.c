/* Batch normalisation (Ioffe & Szegedy 2015) and instance normalisation
 * (Ulyanov et al. 2016). A tensor (N, C, ...) is viewed as (N, C, S) with
 * S the positions per channel (1 for (N, F) features). Statistics are
 * accumulated in double; variances are biased (divide by the count), as in
 * PyTorch, except the running variance, which takes the unbiased one.
 *
 * With xhat = (x - mean) * istd and y = gamma * xhat + beta, the gradient
 * through batch statistics over M values is
 *   dx = gamma * istd * (dy - mean(dy) - xhat * mean(dy * xhat)),
 * and with fixed statistics (eval mode) simply dx = gamma * istd * dy. */
#include <math.h>
#include <string.h>

#include "nn/op_impl.h"

/* (N, C, S) view of a tensor. */
typedef struct ncs {
    long n, c;
    size_t s;
} ncs;

static ncs ncs_of(const pg_tensor *t)
{
    ncs v = {.n = t->shape[0], .c = t->shape[1], .s = 1};
    for (int d = 2; d < t->ndim; d++) v.s *= (size_t)t->shape[d];
    return v;
}

static int check_eps(pg_graph *g, float eps, const char *who)
{
    if (eps > 0 && isfinite(eps)) return 1;
    pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                             "%s: eps = %g, expected a finite eps > 0 (1e-5 "
                             "is usual)", who, eps));
    return 0;
}

/* Claim per-channel gamma ("weight") and beta ("bias") for node id. */
static int claim_affine(pg_graph *g, int id, int ch)
{
    size_t off;
    pg_node *n;
    if (pg_graph_claim(g, id, "weight", (size_t)ch, 0, PG_INIT_ONE, ch, ch,
                       &off) < 0)
        return -1;
    n = &g->nodes[id];
    n->w_off = off;
    n->w_len = (size_t)ch;
    if (pg_graph_claim(g, id, "bias", (size_t)ch, 0, PG_INIT_ZERO, ch, ch,
                       &off) < 0)
        return -1;
    n = &g->nodes[id];
    n->b_off = off;
    n->b_len = (size_t)ch;
    return 0;
}

/* ---- batch norm -------------------------------------------------------- */

/* State: running_mean (C) then running_var (C) from s_off. aux: the mean
 * and inverse std used by the last forward (C each), then 1 when they were
 * batch statistics (training) or 0 when running ones (eval). */
int pg_op_batchnorm(pg_graph *g, int x, float momentum, float eps)
{
    if (!pg_graph_valid(g, x, "batchnorm")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    char sx[64];
    if (t->ndim < 2)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE,
                                        "batchnorm: input %s, expected (N, F), "
                                        "(N, C, L) or (N, C, H, W)",
                                        pg_tensor_shape_str(t, sx, sizeof sx)));
    if (!(momentum >= 0 && momentum <= 1))
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "batchnorm: momentum %g, expected "
                                        "0 <= momentum <= 1 (PyTorch: 0.1)",
                                        momentum));
    if (!check_eps(g, eps, "batchnorm")) return -1;
    int ch = t->shape[1];
    pg_attr a = {.alpha = momentum, .eps = eps};
    int id = pg_graph_add_node(g, PG_OP_BATCHNORM, 1, &x, t->ndim, t->shape, &a);
    if (id < 0 || claim_affine(g, id, ch) < 0) return -1;
    size_t mean_off, var_off;
    if (pg_graph_claim(g, id, "running_mean", (size_t)ch, 1, PG_INIT_ZERO, 0,
                       0, &mean_off) < 0 ||
        pg_graph_claim(g, id, "running_var", (size_t)ch, 1, PG_INIT_ONE, 0, 0,
                       &var_off) < 0)
        return -1;
    if (var_off != mean_off + (size_t)ch)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_INTERNAL,
                                        "batchnorm: running stats not adjacent "
                                        "(%zu, %zu)", mean_off, var_off));
    g->nodes[id].s_off = mean_off;
    g->nodes[id].s_len = 2 * (size_t)ch;
    if (pg_graph_aux(g, id, 2 * (size_t)ch + 1) < 0) return -1;
    return id;
}

/* Batch mean and biased variance of channel c. */
static void channel_stats(const float *x, ncs v, long c, double *mean,
                          double *var)
{
    double m = 0, q = 0;
    for (long i = 0; i < v.n; i++) {
        const float *p = x + ((size_t)i * v.c + c) * v.s;
        for (size_t k = 0; k < v.s; k++) m += p[k];
    }
    m /= (double)v.n * v.s;
    for (long i = 0; i < v.n; i++) {
        const float *p = x + ((size_t)i * v.c + c) * v.s;
        for (size_t k = 0; k < v.s; k++) q += (p[k] - m) * (p[k] - m);
    }
    *mean = m;
    *var = q / ((double)v.n * v.s);
}

void pg_batchnorm_forward(pg_graph *g, pg_node *n)
{
    const float *x = pg_in(g, n, 0)->out.data;
    ncs v = ncs_of(&n->out);
    const float *gamma = pg_weights(g, n->w_off), *beta = pg_weights(g, n->b_off);
    float *rmean = pg_state(g, n->s_off), *rvar = rmean + v.c;
    float *mean = n->aux, *istd = n->aux + v.c;
    int batch_stats = g->training;
    int update = g->training && g->update_state;
    double count = (double)v.n * v.s, mom = n->a.alpha, eps = n->a.eps;
    n->aux[2 * v.c] = (float)batch_stats;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long c = 0; c < v.c; c++) {
        double m, var;
        if (batch_stats) {
            channel_stats(x, v, c, &m, &var);
            if (update) {
                rmean[c] = (float)((1 - mom) * rmean[c] + mom * m);
                /* One value per channel has no unbiased variance. */
                if (count > 1)
                    rvar[c] = (float)((1 - mom) * rvar[c] +
                                      mom * var * count / (count - 1));
            }
        } else {
            m = rmean[c];
            var = rvar[c];
        }
        mean[c] = (float)m;
        istd[c] = (float)(1.0 / sqrt(var + eps));
        float scale = gamma[c] * istd[c], shift = beta[c] - scale * mean[c];
        for (long i = 0; i < v.n; i++) {
            size_t o = ((size_t)i * v.c + c) * v.s;
            for (size_t k = 0; k < v.s; k++)
                n->out.data[o + k] = scale * x[o + k] + shift;
        }
    }
}

void pg_batchnorm_backward(pg_graph *g, pg_node *n)
{
    pg_node *xn = pg_in(g, n, 0);
    const float *x = xn->out.data, *dy = n->grad.data;
    ncs v = ncs_of(&n->out);
    const float *gamma = pg_weights(g, n->w_off);
    const float *mean = n->aux, *istd = n->aux + v.c;
    int batch_stats = n->aux[2 * v.c] != 0.0f;
    int want_dx = pg_in_needs_grad(g, n, 0), want_dw = pg_param_grads(g, n);
    float *dgamma = want_dw ? pg_wgrads(g, n->w_off) : NULL;
    float *dbeta = want_dw ? pg_wgrads(g, n->b_off) : NULL;
    double count = (double)v.n * v.s;
    int over = want_dx && pg_in_grad_overwrite(g, n); /* dx stale: store */
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long c = 0; c < v.c; c++) {
        double sdy = 0, sdyx = 0;
        for (long i = 0; i < v.n; i++) {
            size_t o = ((size_t)i * v.c + c) * v.s;
            for (size_t k = 0; k < v.s; k++) {
                sdy += dy[o + k];
                sdyx += dy[o + k] * (x[o + k] - mean[c]) * istd[c];
            }
        }
        if (want_dw) {
            dgamma[c] += (float)sdyx;
            dbeta[c] += (float)sdy;
        }
        if (!want_dx) continue;
        float scale = gamma[c] * istd[c];
        float mdy = batch_stats ? (float)(sdy / count) : 0.0f;
        float mdyx = batch_stats ? (float)(sdyx / count) : 0.0f;
        float *dx = xn->grad.data;
        for (long i = 0; i < v.n; i++) {
            size_t o = ((size_t)i * v.c + c) * v.s;
            for (size_t k = 0; k < v.s; k++) {
                float xh = (x[o + k] - mean[c]) * istd[c];
                float d = scale * (dy[o + k] - mdy - xh * mdyx);
                dx[o + k] = over ? d : dx[o + k] + d;
            }
        }
    }
}

/* ---- instance norm ----------------------------------------------------- */

/* aux: mean and inverse std per (sample, channel), N*C each. */
int pg_op_instancenorm(pg_graph *g, int x, float eps, int flags)
{
    if (!pg_graph_valid(g, x, "instancenorm")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    char sx[64];
    ncs v = ncs_of(t);
    if (t->ndim < 3 || v.s < 2)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE,
                                        "instancenorm: input %s, expected "
                                        "(N, C, L) or (N, C, H, W) with more "
                                        "than one position per channel",
                                        pg_tensor_shape_str(t, sx, sizeof sx)));
    if (flags & ~PG_AFFINE)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                        "instancenorm: flags 0x%x, expected 0 "
                                        "or PG_AFFINE", flags));
    if (!check_eps(g, eps, "instancenorm")) return -1;
    pg_attr a = {.eps = eps, .flags = flags};
    int id = pg_graph_add_node(g, PG_OP_INSTANCENORM, 1, &x, t->ndim, t->shape,
                               &a);
    if (id < 0) return -1;
    if ((flags & PG_AFFINE) && claim_affine(g, id, (int)v.c) < 0) return -1;
    if (pg_graph_aux(g, id, 2 * (size_t)v.n * v.c) < 0) return -1;
    return id;
}

void pg_instancenorm_forward(pg_graph *g, pg_node *n)
{
    const float *x = pg_in(g, n, 0)->out.data;
    ncs v = ncs_of(&n->out);
    int affine = n->w_len > 0;
    const float *gamma = affine ? pg_weights(g, n->w_off) : NULL;
    const float *beta = affine ? pg_weights(g, n->b_off) : NULL;
    long rows = v.n * v.c;
    float *mean = n->aux, *istd = n->aux + rows;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long r = 0; r < rows; r++) {
        const float *p = x + (size_t)r * v.s;
        double m = 0, q = 0;
        for (size_t k = 0; k < v.s; k++) m += p[k];
        m /= (double)v.s;
        for (size_t k = 0; k < v.s; k++) q += (p[k] - m) * (p[k] - m);
        mean[r] = (float)m;
        istd[r] = (float)(1.0 / sqrt(q / (double)v.s + n->a.eps));
        long c = r % v.c;
        float scale = (affine ? gamma[c] : 1.0f) * istd[r];
        float shift = (affine ? beta[c] : 0.0f) - scale * mean[r];
        float *y = n->out.data + (size_t)r * v.s;
        for (size_t k = 0; k < v.s; k++) y[k] = scale * p[k] + shift;
    }
}

/* Parallel over channels so each thread owns its gamma/beta gradients. */
void pg_instancenorm_backward(pg_graph *g, pg_node *n)
{
    pg_node *xn = pg_in(g, n, 0);
    const float *x = xn->out.data, *dy = n->grad.data;
    ncs v = ncs_of(&n->out);
    int affine = n->w_len > 0;
    const float *gamma = affine ? pg_weights(g, n->w_off) : NULL;
    long rows = v.n * v.c;
    const float *mean = n->aux, *istd = n->aux + rows;
    int want_dx = pg_in_needs_grad(g, n, 0), want_dw = pg_param_grads(g, n);
    float *dgamma = want_dw ? pg_wgrads(g, n->w_off) : NULL;
    float *dbeta = want_dw ? pg_wgrads(g, n->b_off) : NULL;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long c = 0; c < v.c; c++) {
        double gsum = 0, bsum = 0;
        for (long i = 0; i < v.n; i++) {
            long r = i * v.c + c;
            size_t o = (size_t)r * v.s;
            double sdy = 0, sdyx = 0;
            for (size_t k = 0; k < v.s; k++) {
                sdy += dy[o + k];
                sdyx += dy[o + k] * (x[o + k] - mean[r]) * istd[r];
            }
            gsum += sdyx;
            bsum += sdy;
            if (!want_dx) continue;
            float scale = (affine ? gamma[c] : 1.0f) * istd[r];
            float mdy = (float)(sdy / v.s), mdyx = (float)(sdyx / v.s);
            float *dx = xn->grad.data;
            for (size_t k = 0; k < v.s; k++) {
                float xh = (x[o + k] - mean[r]) * istd[r];
                dx[o + k] += scale * (dy[o + k] - mdy - xh * mdyx);
            }
        }
        if (want_dw) {
            dgamma[c] += (float)gsum;
            dbeta[c] += (float)bsum;
        }
    }
}
