/* Transposed convolution (PyTorch's ConvTranspose2d/1d): the adjoint of a
 * convolution from the output image to the input grid. Weight (IC, OC, KH,
 * KW) viewed as W (IC, K), K = OC*KH*KW; P = H*W input positions. Per
 * group of nb samples:
 *   cols (K, nb*P) = W^T . x,    y = col2im(cols) + b
 *   dcols = im2col(dy),   dx += W . dcols,   dW += x . dcols^T.
 * The 4x4 stride-2 padding-1 case (dcgan64, the U-Net) gathers each output
 * pixel from its four taps instead (pg_conv_col2im_k4s2), bias included.
 *
 * He initialisation uses fan_in = IC*KH*KW / (SH*SW) (at least 1): each
 * output pixel receives on average that many input taps, where the plain
 * IC*KH*KW would count taps that stride skips. */

#include "base/gemm.h"
#include "nn/im2col.h"
#include "nn/op_impl.h"

static void convt_plan(const pg_graph *g, const pg_node *n, pg_conv_plan *p)
{
    const pg_tensor *x = &g->nodes[n->in[0]].out;
    const pg_attr *a = &n->a;
    p->q = (pg_conv_geom){.c = a->out_ch, .kh = a->kh, .kw = a->kw,
                          .sh = a->sh, .sw = a->sw, .ph = a->ph, .pw = a->pw};
    pg_conv_hw(&n->out, &p->q.h, &p->q.w);
    pg_conv_hw(x, &p->q.oh, &p->q.ow);
    p->batch = x->shape[0];
    p->ch = x->shape[1];
    pg_conv_plan_finish(p);
}

/* Shared by the 2D (ndim 4) and 1D (ndim 3, kh = sh = 1, ph = oph = 0)
 * builders. */
static int convt_build(pg_graph *g, int x, const pg_attr *a, int ndim,
                       const char *who)
{
    if (!pg_graph_valid(g, x, who)) return -1;
    const pg_tensor *xt = &g->nodes[x].out;
    char sx[64];
    if (xt->ndim != ndim)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "%s: input %s, expected "
                                        "%s", who,
                                        pg_tensor_shape_str(xt, sx, sizeof sx),
                                        ndim == 4 ? "(N, C, H, W)"
                                                  : "(N, C, L)"));
    if (!pg_conv_attr_valid(g, a, 1, who)) return -1;
    int h, w;
    pg_conv_hw(xt, &h, &w);
    int oh = (h - 1) * a->sh - 2 * a->ph + a->kh + a->oph;
    int ow = (w - 1) * a->sw - 2 * a->pw + a->kw + a->opw;
    if (oh < 1 || ow < 1)
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_SHAPE,
                       "%s: input %s with kernel %dx%d, stride %dx%d, padding "
                       "%dx%d, output padding %dx%d gives an empty output "
                       "(%dx%d); reduce the padding", who,
                       pg_tensor_shape_str(xt, sx, sizeof sx), a->kh, a->kw,
                       a->sh, a->sw, a->ph, a->pw, a->oph, a->opw, oh, ow));
    int shape[4] = {xt->shape[0], a->out_ch, oh, ow};
    if (ndim == 3) shape[2] = ow;
    int id = pg_graph_add_node(g, PG_OP_CONVT2D, 1, &x, ndim, shape, a);
    if (id < 0) return -1;
    pg_conv_plan p;
    convt_plan(g, &g->nodes[id], &p);
    int ic = xt->shape[1];
    int fan_in = ic * a->kh * a->kw / (a->sh * a->sw);
    if (fan_in < 1) fan_in = 1;
    return pg_conv_setup(g, id, ic, (int)p.k, a->out_ch, fan_in, (int)p.k,
                         &p);
}

int pg_op_conv_transpose2d_ex(pg_graph *g, int x, const pg_attr *a)
{
    return convt_build(g, x, a, 4, "conv_transpose2d");
}

int pg_op_conv_transpose2d(pg_graph *g, int x, int out_ch, int k, int stride,
                           int pad, int flags)
{
    pg_attr a = {.out_ch = out_ch, .kh = k, .kw = k, .sh = stride,
                 .sw = stride, .ph = pad, .pw = pad, .flags = flags};
    return convt_build(g, x, &a, 4, "conv_transpose2d");
}

int pg_op_conv_transpose1d(pg_graph *g, int x, int out_ch, int k, int stride,
                           int pad, int flags)
{
    pg_attr a = {.out_ch = out_ch, .kh = 1, .kw = k, .sh = 1, .sw = stride,
                 .ph = 0, .pw = pad, .flags = flags};
    return convt_build(g, x, &a, 3, "conv_transpose1d");
}

void pg_convt2d_forward(pg_graph *g, pg_node *n)
{
    pg_conv_plan p;
    convt_plan(g, n, &p);
    int ic = p.ch, k = (int)p.k, pos = (int)p.pos, oc = p.q.c;
    const float *w = pg_conv_weight_forward(g, n, ic, k);
    const float *bias = n->b_len ? pg_weights(g, n->b_off) : NULL;
    const float *x = pg_in(g, n, 0)->out.data;
    size_t in_len = pg_tensor_per_sample(&pg_in(g, n, 0)->out);
    size_t out_len = pg_tensor_per_sample(&n->out);
    float *cols = g->ws, *grp = g->ws + p.cols_len;
    int k4s2 = pg_conv_is_k4s2(&p.q);
    for (int s0 = 0; s0 < p.batch; s0 += p.nb) {
        int nb = p.batch - s0 < p.nb ? p.batch - s0 : p.nb;
        int ld = nb * pos;
        const float *xs = x + (size_t)s0 * in_len;
        float *ys = n->out.data + (size_t)s0 * out_len;
        if (p.direct && nb == 1) {
            /* The columns are the output itself. */
            if (bias) pg_conv_fill_bias(ys, oc, out_len / oc, bias);
            pg_sgemm(CblasTrans, CblasNoTrans, k, pos, ic,
                     1.0f, w, k, xs, pos, bias ? 1.0f : 0.0f, ys, pos);
            continue;
        }
        if (nb > 1) {
            pg_conv_gather(xs, nb, ic, p.pos, grp);
            xs = grp;
        }
        pg_sgemm(CblasTrans, CblasNoTrans, k, ld, ic, 1.0f,
                 w, k, xs, ld, 0.0f, cols, ld);
        if (k4s2) { /* each output pixel written once, bias included */
            pg_conv_col2im_k4s2(&p.q, cols, (size_t)ld, nb, ys, out_len, bias,
                                0);
            continue;
        }
        for (int b = 0; b < nb; b++)
            pg_conv_fill_bias(ys + (size_t)b * out_len, oc, out_len / oc,
                              bias);
        pg_conv_col2im_add(&p.q, cols, (size_t)ld, nb, ys, out_len);
    }
}

void pg_convt2d_backward(pg_graph *g, pg_node *n)
{
    pg_conv_plan p;
    convt_plan(g, n, &p);
    int ic = p.ch, k = (int)p.k, pos = (int)p.pos, oc = p.q.c;
    pg_node *xn = pg_in(g, n, 0);
    size_t in_len = pg_tensor_per_sample(&xn->out);
    size_t out_len = pg_tensor_per_sample(&n->out);
    int need_dx = pg_in_needs_grad(g, n, 0), need_dw = pg_param_grads(g, n);
    if (need_dw && n->b_len)
        pg_conv_bias_grad(n->grad.data, p.batch, oc, out_len / oc,
                          pg_wgrads(g, n->b_off));
    if (!need_dx && !need_dw) return;
    const float *w = pg_conv_weight_used(g, n);
    float *dw = need_dw ? pg_conv_weight_grad_begin(g, n, &p, ic, k) : NULL;
    float *cols = g->ws, *grp = g->ws + p.cols_len;
    /* dx stale (lazy zeroing): store it instead of adding */
    int over = need_dx && pg_in_grad_overwrite(g, n);
    for (int s0 = 0; s0 < p.batch; s0 += p.nb) {
        int nb = p.batch - s0 < p.nb ? p.batch - s0 : p.nb;
        int ld = nb * pos;
        const float *dys = n->grad.data + (size_t)s0 * out_len;
        const float *dcols = cols;
        if (p.direct && nb == 1)
            dcols = dys;
        else
            pg_conv_im2col(&p.q, dys, out_len, nb, cols, (size_t)ld);
        if (need_dw) {
            const float *xs = xn->out.data + (size_t)s0 * in_len;
            if (nb > 1) {
                pg_conv_gather(xs, nb, ic, p.pos, grp);
                xs = grp;
            }
            pg_sgemm(CblasNoTrans, CblasTrans, ic, k, ld,
                     1.0f, xs, ld, dcols, ld, 1.0f, dw, k);
        }
        if (!need_dx) continue;
        float *dxs = xn->grad.data + (size_t)s0 * in_len;
        if (nb == 1) {
            pg_sgemm(CblasNoTrans, CblasNoTrans, ic, pos, k,
                     1.0f, w, k, dcols, pos, over ? 0.0f : 1.0f, dxs, pos);
            continue;
        }
        pg_sgemm(CblasNoTrans, CblasNoTrans, ic, ld, k, 1.0f,
                 w, k, dcols, ld, 0.0f, grp, ld);
        if (over)
            pg_conv_scatter_bias(grp, nb, ic, p.pos, NULL, dxs);
        else
            pg_conv_scatter_add(grp, nb, ic, p.pos, dxs);
    }
    if (need_dw) pg_conv_weight_grad_finish(g, n, dw, ic, k);
}
