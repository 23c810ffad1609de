/* Minibatch standard deviation (Karras et al., ProGAN 2018): one scalar,
 * the mean over features of each feature's standard deviation across the
 * batch, appended to every sample as an extra constant channel. It lets the
 * discriminator see the diversity of a batch and so penalise mode collapse.
 *
 * With F features per sample (C * positions) and batch N:
 *   m_f = mean_n x[n,f],  s_f = sqrt(mean_n (x[n,f] - m_f)^2 + eps),
 *   stat = mean_f s_f,    d stat / d x[n,f] = (x[n,f] - m_f) / (F N s_f)
 * (the m_f term drops out because deviations from the mean sum to zero). */
#include <math.h>
#include <omp.h>
#include <string.h>

#include "nn/op_impl.h"

/* Added to the variance so the root stays differentiable at zero spread. */
#define PG_MBSTD_EPS 1e-8

/* aux: m_f (F floats), s_f (F floats). */
int pg_op_mbstd(pg_graph *g, int x)
{
    if (!pg_graph_valid(g, x, "mbstd")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    char sx[64];
    if (t->ndim < 2)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE,
                                        "mbstd: input %s, expected (N, F), "
                                        "(N, C, L) or (N, C, H, W)",
                                        pg_tensor_shape_str(t, sx, sizeof sx)));
    int shape[PG_MAX_DIMS];
    memcpy(shape, t->shape, sizeof shape);
    shape[1] += 1;
    int id = pg_graph_add_node(g, PG_OP_MBSTD, 1, &x, t->ndim, shape, NULL);
    if (id < 0 || pg_graph_aux(g, id, 2 * pg_tensor_per_sample(t)) < 0)
        return -1;
    return id;
}

void pg_mbstd_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *xt = &pg_in(g, n, 0)->out;
    const float *x = xt->data;
    long batch = xt->shape[0], feat = (long)pg_tensor_per_sample(xt);
    size_t lo = pg_tensor_per_sample(&n->out), pos = lo - (size_t)feat;
    float *mean = n->aux, *sd = n->aux + feat;
    /* The sum of s_f in a fixed order whatever the thread count: each
     * thread sums a contiguous run of features, the runs are added in
     * order (an OpenMP reduction adds its partial sums in the order the
     * threads finish, which changes the last bits from run to run). On one
     * thread this is the plain serial sum. */
    enum { MAX_PARTS = 64 };
    int parts = xt->size > PG_OMP_MIN ? omp_get_max_threads() : 1;
    if (parts > MAX_PARTS) parts = MAX_PARTS;
    double part[MAX_PARTS] = {0};
    #pragma omp parallel num_threads(parts) if (parts > 1)
    {
        int t = omp_get_thread_num(), nt = omp_get_num_threads();
        long f0 = feat * t / nt, f1 = feat * (t + 1) / nt;
        double run = 0;
        for (long f = f0; f < f1; f++) {
            double m = 0, v = 0;
            for (long i = 0; i < batch; i++) m += x[i * feat + f];
            m /= (double)batch;
            for (long i = 0; i < batch; i++) {
                double d = x[i * feat + f] - m;
                v += d * d;
            }
            double s = sqrt(v / (double)batch + PG_MBSTD_EPS);
            mean[f] = (float)m;
            sd[f] = (float)s;
            run += s;
        }
        part[t] = run;
    }
    double acc = 0;
    for (int t = 0; t < parts; t++) acc += part[t];
    float stat = (float)(acc / (double)feat);
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < batch; i++) {
        float *y = n->out.data + (size_t)i * lo;
        memcpy(y, x + (size_t)i * (size_t)feat, (size_t)feat * sizeof *y);
        for (size_t p = 0; p < pos; p++) y[feat + p] = stat;
    }
}

void pg_mbstd_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    pg_node *xn = pg_in(g, n, 0);
    const float *x = xn->out.data, *dy = n->grad.data;
    float *dx = xn->grad.data;
    long batch = xn->out.shape[0], feat = (long)pg_tensor_per_sample(&xn->out);
    size_t lo = pg_tensor_per_sample(&n->out), pos = lo - (size_t)feat;
    const float *mean = n->aux, *sd = n->aux + feat;
    double dstat = 0;
    for (long i = 0; i < batch; i++)
        for (size_t p = 0; p < pos; p++) dstat += dy[(size_t)i * lo + feat + p];
    double scale = dstat / ((double)feat * (double)batch);
    #pragma omp parallel for if (xn->out.size > PG_OMP_MIN)
    for (long i = 0; i < batch; i++)
        for (long f = 0; f < feat; f++) {
            size_t k = (size_t)i * (size_t)feat + (size_t)f;
            dx[k] += dy[(size_t)i * lo + f] +
                     (float)(scale * (x[k] - mean[f]) / sd[f]);
        }
}
