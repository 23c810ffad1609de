#include "nn/spectral_norm.h"

#include <cblas.h>
#include <math.h>

#include "nn/op_impl.h"

int pg_sn_setup(pg_graph *g, int id, int rows, int cols)
{
    pg_node *n = &g->nodes[id];
    size_t u_off;
    if (pg_graph_claim(g, id, "sn_u", (size_t)rows, 1, PG_INIT_ZERO, 0, 0,
                       &u_off) < 0)
        return -1;
    n = &g->nodes[id];
    n->s_off = u_off;
    n->s_len = (size_t)rows;
    if (n->a.sn_iters <= 0) n->a.sn_iters = 1;
    /* aux: W_sn (rows*cols), v (cols), sigma (1) */
    if (pg_graph_aux(g, id, (size_t)rows * cols + cols + 1) < 0) return -1;
    size_t ws = (size_t)rows * cols;
    if (g->nodes[id].ws_len < ws) g->nodes[id].ws_len = ws;
    return 0;
}

float *pg_sn_weight(pg_node *n) { return n->aux; }

float pg_sn_sigma(const pg_node *n, int rows, int cols)
{
    return n->aux[(size_t)rows * cols + cols];
}

static double normalise(float *x, int len)
{
    double s = 0;
    for (int i = 0; i < len; i++) s += (double)x[i] * x[i];
    double norm = sqrt(s);
    double inv = 1.0 / (norm + 1e-12);
    for (int i = 0; i < len; i++) x[i] = (float)(x[i] * inv);
    return norm;
}

void pg_sn_forward(pg_graph *g, pg_node *n, const float *w, int rows, int cols)
{
    float *u = pg_state(g, n->s_off);
    float *wsn = n->aux;
    float *v = wsn + (size_t)rows * cols;
    float *sigma = v + cols;
    if (g->training && g->update_state) {
        for (int it = 0; it < n->a.sn_iters; it++) {
            cblas_sgemv(CblasRowMajor, CblasTrans, rows, cols, 1.0f, w, cols,
                        u, 1, 0.0f, v, 1);
            normalise(v, cols);
            cblas_sgemv(CblasRowMajor, CblasNoTrans, rows, cols, 1.0f, w,
                        cols, v, 1, 0.0f, u, 1);
            normalise(u, rows);
        }
    }
    cblas_sgemv(CblasRowMajor, CblasTrans, rows, cols, 1.0f, w, cols, u, 1,
                0.0f, v, 1);
    double s = normalise(v, cols);
    *sigma = (float)s;
    float inv = (float)(1.0 / (s + 1e-12));
    size_t total = (size_t)rows * cols;
    for (size_t i = 0; i < total; i++) wsn[i] = w[i] * inv;
}

void pg_sn_backward(pg_graph *g, pg_node *n, const float *gsn, int rows,
                    int cols, float *dw)
{
    const float *u = pg_state(g, n->s_off);
    const float *wsn = n->aux;
    const float *v = wsn + (size_t)rows * cols;
    float sigma = v[cols];
    size_t total = (size_t)rows * cols;
    double dot = 0;
    for (size_t i = 0; i < total; i++) dot += (double)gsn[i] * wsn[i];
    float inv = 1.0f / sigma;
    for (int r = 0; r < rows; r++) {
        float c = (float)(dot * u[r]);
        const float *gr = gsn + (size_t)r * cols;
        float *dr = dw + (size_t)r * cols;
        for (int k = 0; k < cols; k++) dr[k] += (gr[k] - c * v[k]) * inv;
    }
}
