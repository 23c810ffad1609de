/* Dense (fully connected) layer: y = x W^T + b, through CBLAS sgemm. */
#include <string.h>

#include "base/gemm.h"
#include "nn/op_impl.h"
#include "nn/spectral_norm.h"

int pg_op_dense(pg_graph *g, int x, int out, int flags)
{
    if (!pg_graph_valid(g, x, "dense")) return -1;
    const pg_tensor *xt = &g->nodes[x].out;
    int batch = xt->shape[0];
    int in = (int)pg_tensor_per_sample(xt);
    if (out < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "dense: %d outputs", out));
    pg_attr a = {.out_ch = out, .flags = flags};
    int id = pg_graph_add_node(g, PG_OP_DENSE, 1, &x, 2, (int[]){batch, out}, &a);
    if (id < 0) return -1;
    size_t off;
    if (pg_graph_claim(g, id, "weight", (size_t)out * in, 0, PG_INIT_HE, in,
                       out, &off) < 0)
        return -1;
    g->nodes[id].w_off = off;
    g->nodes[id].w_len = (size_t)out * in;
    if (!(flags & PG_NO_BIAS)) {
        if (pg_graph_claim(g, id, "bias", (size_t)out, 0, PG_INIT_ZERO, in,
                           out, &off) < 0)
            return -1;
        g->nodes[id].b_off = off;
        g->nodes[id].b_len = (size_t)out;
    }
    if ((flags & PG_SPECTRAL_NORM) && pg_sn_setup(g, id, out, in) < 0)
        return -1;
    return id;
}

void pg_dense_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *x = &pg_in(g, n, 0)->out;
    int batch = x->shape[0], in = (int)pg_tensor_per_sample(x),
        out = n->a.out_ch;
    const float *w = pg_weights(g, n->w_off);
    if (n->a.flags & PG_SPECTRAL_NORM) {
        pg_sn_forward(g, n, w, out, in);
        w = pg_sn_weight(n);
    }
    float *y = n->out.data;
    if (n->b_len) {
        const float *b = pg_weights(g, n->b_off);
        for (int i = 0; i < batch; i++)
            memcpy(y + (size_t)i * out, b, (size_t)out * sizeof *y);
    }
    pg_sgemm(CblasNoTrans, CblasTrans, batch, out, in, 1.0f,
             x->data, in, w, in, n->b_len ? 1.0f : 0.0f, y, out);
}

void pg_dense_backward(pg_graph *g, pg_node *n)
{
    pg_node *xn = pg_in(g, n, 0);
    int batch = xn->out.shape[0], in = (int)pg_tensor_per_sample(&xn->out),
        out = n->a.out_ch;
    const float *dy = n->grad.data;
    int sn = n->a.flags & PG_SPECTRAL_NORM;
    const float *w = sn ? pg_sn_weight(n) : pg_weights(g, n->w_off);
    if (pg_in_needs_grad(g, n, 0)) /* beta 0 overwrites a stale dx */
        pg_sgemm(CblasNoTrans, CblasNoTrans, batch, in, out,
                 1.0f, dy, out, w, in,
                 pg_in_grad_overwrite(g, n) ? 0.0f : 1.0f, xn->grad.data,
                 in);
    if (!pg_param_grads(g, n)) return;
    float *dw = pg_wgrads(g, n->w_off);
    if (sn) {
        float *gsn = g->ws;
        pg_sgemm(CblasTrans, CblasNoTrans, out, in, batch,
                 1.0f, dy, out, xn->out.data, in, 0.0f, gsn, in);
        pg_sn_backward(g, n, gsn, out, in, dw);
    } else {
        pg_sgemm(CblasTrans, CblasNoTrans, out, in, batch,
                 1.0f, dy, out, xn->out.data, in, 1.0f, dw, in);
    }
    if (n->b_len) {
        float *db = pg_wgrads(g, n->b_off);
        for (int i = 0; i < batch; i++)
            for (int o = 0; o < out; o++) db[o] += dy[(size_t)i * out + o];
    }
}
