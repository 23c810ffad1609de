/* Convolution (cross-correlation, as in PyTorch) through im2col + sgemm,
 * on (N, C, H, W) images and (N, C, L) sequences (H = 1), plus the pieces
 * the transposed convolution shares (op_conv_transpose.c).
 *
 * Per group of nb samples (see im2col.h):
 *   cols (K, nb*P) = im2col(x),  K = IC*KH*KW,  P = OH*OW
 *   y (OC, nb*P)   = W (OC, K) . cols + b
 *   dW += dy . cols^T,   dx += col2im(W^T . dy),   db += sum dy.
 * A 4x4 stride-2 padding-1 window on even extents (dcgan64's D) gathers
 * dx pixel by pixel from its four taps (pg_conv_col2im_k4s2). */
#include <string.h>

#include "base/gemm.h"
#include "nn/im2col.h"
#include "nn/op_impl.h"
#include "nn/spectral_norm.h"

/* ---- shared with the transposed convolution ----------------------------- */

void pg_conv_plan_finish(pg_conv_plan *p)
{
    const pg_conv_geom *q = &p->q;
    p->k = (size_t)q->c * q->kh * q->kw;
    p->pos = (size_t)q->oh * q->ow;
    p->direct = q->kh == 1 && q->kw == 1 && q->sh == 1 && q->sw == 1 &&
                q->ph == 0 && q->pw == 0;
    p->nb = pg_conv_group(p->batch, p->pos, p->k + (size_t)p->ch);
    p->cols_len = p->direct && p->nb == 1 ? 0 : p->k * p->nb * p->pos;
    p->grp_len = p->nb > 1 ? (size_t)p->ch * p->nb * p->pos : 0;
}

int pg_conv_attr_valid(pg_graph *g, const pg_attr *a, int transposed,
                       const char *who)
{
    const char *bad = NULL;
    if (!a) bad = "no attributes given";
    else if (a->out_ch < 1) bad = "out_ch must be >= 1";
    else if (a->kh < 1 || a->kw < 1) bad = "kernel extents must be >= 1";
    else if (a->sh < 1 || a->sw < 1) bad = "strides must be >= 1";
    else if (a->ph < 0 || a->pw < 0) bad = "padding must be >= 0";
    else if (a->dh < 0 || a->dw < 0) bad = "dilation must be >= 1";
    else if (transposed && (a->dh > 1 || a->dw > 1))
        bad = "dilation is for convolutions only";
    else if (a->flags & ~(PG_NO_BIAS | PG_SPECTRAL_NORM))
        bad = "flags may only be PG_NO_BIAS and PG_SPECTRAL_NORM";
    else if (!transposed && (a->oph || a->opw))
        bad = "output padding is for transposed convolutions only";
    else if (transposed && (a->oph < 0 || a->opw < 0 || a->oph >= a->sh ||
                            a->opw >= a->sw))
        bad = "output padding must be >= 0 and smaller than the stride";
    if (!bad) return 1;
    if (!a)
        pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "%s: %s", who, bad));
    else
        pg_graph_fail(g, PG_FAIL(PG_ERR_ARG,
                                 "%s: %s (got out_ch %d, kernel %dx%d, "
                                 "stride %dx%d, padding %dx%d, output "
                                 "padding %dx%d, dilation %dx%d, flags "
                                 "0x%x)",
                                 who, bad, a->out_ch, a->kh, a->kw, a->sh,
                                 a->sw, a->ph, a->pw, a->oph, a->opw,
                                 pg_conv_dil(a->dh), pg_conv_dil(a->dw),
                                 (unsigned)a->flags));
    return 0;
}

int pg_conv_setup(pg_graph *g, int id, int rows, int cols, int bias_len,
                  int fan_in, int fan_out, const pg_conv_plan *p)
{
    size_t off, wlen = (size_t)rows * cols;
    if (pg_graph_claim(g, id, "weight", wlen, 0, PG_INIT_HE, fan_in, fan_out,
                       &off) < 0)
        return -1;
    g->nodes[id].w_off = off;
    g->nodes[id].w_len = wlen;
    int flags = g->nodes[id].a.flags;
    if (!(flags & PG_NO_BIAS)) {
        if (pg_graph_claim(g, id, "bias", (size_t)bias_len, 0, PG_INIT_ZERO,
                           fan_in, fan_out, &off) < 0)
            return -1;
        g->nodes[id].b_off = off;
        g->nodes[id].b_len = (size_t)bias_len;
    }
    int sn = flags & PG_SPECTRAL_NORM;
    if (sn && pg_sn_setup(g, id, rows, cols) < 0) return -1;
    /* pg_sn_setup may have sized the scratch already: only grow it. */
    size_t ws = p->cols_len + p->grp_len + (sn ? wlen : 0);
    if (g->nodes[id].ws_len < ws) g->nodes[id].ws_len = ws;
    return id;
}

const float *pg_conv_weight_forward(pg_graph *g, pg_node *n, int rows,
                                    int cols)
{
    const float *w = pg_weights(g, n->w_off);
    if (!(n->a.flags & PG_SPECTRAL_NORM)) return w;
    pg_sn_forward(g, n, w, rows, cols);
    return pg_sn_weight(n);
}

const float *pg_conv_weight_used(pg_graph *g, pg_node *n)
{
    return n->a.flags & PG_SPECTRAL_NORM ? pg_sn_weight(n)
                                         : pg_weights(g, n->w_off);
}

float *pg_conv_weight_grad_begin(pg_graph *g, pg_node *n,
                                 const pg_conv_plan *p, int rows, int cols)
{
    if (!(n->a.flags & PG_SPECTRAL_NORM)) return pg_wgrads(g, n->w_off);
    float *gsn = g->ws + p->cols_len + p->grp_len;
    memset(gsn, 0, (size_t)rows * cols * sizeof *gsn);
    return gsn;
}

void pg_conv_weight_grad_finish(pg_graph *g, pg_node *n, const float *dw,
                                int rows, int cols)
{
    if (n->a.flags & PG_SPECTRAL_NORM)
        pg_sn_backward(g, n, dw, rows, cols, pg_wgrads(g, n->w_off));
}

/* ---- convolution ------------------------------------------------------- */

static void conv_plan(const pg_graph *g, const pg_node *n, pg_conv_plan *p)
{
    const pg_tensor *x = &g->nodes[n->in[0]].out;
    const pg_attr *a = &n->a;
    p->q = (pg_conv_geom){.c = x->shape[1], .kh = a->kh, .kw = a->kw,
                          .sh = a->sh, .sw = a->sw, .ph = a->ph, .pw = a->pw,
                          .dh = pg_conv_dil(a->dh), .dw = pg_conv_dil(a->dw)};
    pg_conv_hw(x, &p->q.h, &p->q.w);
    pg_conv_hw(&n->out, &p->q.oh, &p->q.ow);
    p->batch = x->shape[0];
    p->ch = a->out_ch;
    pg_conv_plan_finish(p);
}

/* Shared by conv2d (ndim 4) and conv1d (ndim 3, kh = sh = dh = 1,
 * ph = 0). */
static int conv_build(pg_graph *g, int x, const pg_attr *a, int ndim,
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
    if (!pg_conv_attr_valid(g, a, 0, who)) return -1;
    int h, w;
    pg_conv_hw(xt, &h, &w);
    /* a dilated window of k taps spans d (k - 1) + 1 pixels */
    int span_h = pg_conv_dil(a->dh) * (a->kh - 1) + 1;
    int span_w = pg_conv_dil(a->dw) * (a->kw - 1) + 1;
    int eh = h + 2 * a->ph - span_h, ew = w + 2 * a->pw - span_w;
    if (eh < 0 || ew < 0)
        return pg_graph_fail(
            g, PG_FAIL(PG_ERR_SHAPE,
                       "%s: kernel %dx%d (spanning %dx%d with its dilation) "
                       "is larger than input %s padded by %dx%d (%dx%d): "
                       "the output would be empty", who, a->kh, a->kw,
                       span_h, span_w,
                       pg_tensor_shape_str(xt, sx, sizeof sx), a->ph,
                       a->pw, h + 2 * a->ph, w + 2 * a->pw));
    int oh = eh / a->sh + 1, ow = ew / a->sw + 1;
    int shape[4] = {xt->shape[0], a->out_ch, oh, ow};
    if (ndim == 3) shape[2] = ow;
    int id = pg_graph_add_node(g, PG_OP_CONV2D, 1, &x, ndim, shape, a);
    if (id < 0) return -1;
    pg_conv_plan p;
    conv_plan(g, &g->nodes[id], &p);
    int fan_in = (int)p.k, fan_out = a->out_ch * a->kh * a->kw;
    return pg_conv_setup(g, id, a->out_ch, (int)p.k, a->out_ch, fan_in,
                         fan_out, &p);
}

int pg_op_conv2d_ex(pg_graph *g, int x, const pg_attr *a)
{
    return conv_build(g, x, a, 4, "conv2d");
}

int pg_op_conv2d(pg_graph *g, int x, int out_ch, int k, int stride, int pad,
                 int flags)
{
    pg_attr a = {.out_ch = out_ch, .kh = k, .kw = k, .sh = stride,
                 .sw = stride, .ph = pad, .pw = pad, .flags = flags};
    return conv_build(g, x, &a, 4, "conv2d");
}

int pg_op_conv1d(pg_graph *g, int x, int out_ch, int k, int stride, int pad,
                 int flags)
{
    pg_attr a = {.out_ch = out_ch, .kh = 1, .kw = k, .sh = 1, .sw = stride,
                 .ph = 0, .pw = pad, .flags = flags};
    return conv_build(g, x, &a, 3, "conv1d");
}

int pg_op_conv1d_dilated(pg_graph *g, int x, int out_ch, int k, int dilation,
                         int pad, int flags)
{
    if (dilation < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "conv1d: dilation must "
                                        "be >= 1 (got %d)", dilation));
    pg_attr a = {.out_ch = out_ch, .kh = 1, .kw = k, .sh = 1, .sw = 1,
                 .ph = 0, .pw = pad, .dh = 1, .dw = dilation,
                 .flags = flags};
    return conv_build(g, x, &a, 3, "conv1d");
}

void pg_conv2d_forward(pg_graph *g, pg_node *n)
{
    pg_conv_plan p;
    conv_plan(g, n, &p);
    int oc = p.ch, k = (int)p.k, pos = (int)p.pos;
    const float *w = pg_conv_weight_forward(g, n, oc, k);
    const float *bias = n->b_len ? pg_weights(g, n->b_off) : NULL;
    const float *x = pg_in(g, n, 0)->out.data;
    size_t in_len = pg_tensor_per_sample(&pg_in(g, n, 0)->out);
    size_t out_len = pg_tensor_per_sample(&n->out);
    float *cols = g->ws, *grp = g->ws + p.cols_len;
    for (int s0 = 0; s0 < p.batch; s0 += p.nb) {
        int nb = p.batch - s0 < p.nb ? p.batch - s0 : p.nb;
        int ld = nb * pos;
        const float *xs = x + (size_t)s0 * in_len;
        const float *c = cols;
        if (p.direct && nb == 1)
            c = xs;
        else
            pg_conv_im2col(&p.q, xs, in_len, nb, cols, (size_t)ld);
        float *ys = n->out.data + (size_t)s0 * out_len;
        if (nb == 1) {
            if (bias) pg_conv_fill_bias(ys, oc, p.pos, bias);
            pg_sgemm(CblasNoTrans, CblasNoTrans, oc, pos, k,
                     1.0f, w, k, c, pos, bias ? 1.0f : 0.0f, ys, pos);
        } else {
            pg_sgemm(CblasNoTrans, CblasNoTrans, oc, ld, k,
                     1.0f, w, k, c, ld, 0.0f, grp, ld);
            pg_conv_scatter_bias(grp, nb, oc, p.pos, bias, ys);
        }
    }
}

void pg_conv2d_backward(pg_graph *g, pg_node *n)
{
    pg_conv_plan p;
    conv_plan(g, n, &p);
    int oc = p.ch, k = (int)p.k, pos = (int)p.pos;
    pg_node *xn = pg_in(g, n, 0);
    size_t in_len = pg_tensor_per_sample(&xn->out);
    size_t out_len = pg_tensor_per_sample(&n->out);
    int need_dx = pg_in_needs_grad(g, n, 0), need_dw = pg_param_grads(g, n);
    if (need_dw && n->b_len)
        pg_conv_bias_grad(n->grad.data, p.batch, oc, p.pos,
                          pg_wgrads(g, n->b_off));
    if (!need_dx && !need_dw) return;
    const float *w = pg_conv_weight_used(g, n);
    float *dw = need_dw ? pg_conv_weight_grad_begin(g, n, &p, oc, k) : NULL;
    float *cols = g->ws, *grp = g->ws + p.cols_len;
    int k4s2 = pg_conv_is_k4s2(&p.q);
    /* dx stale (lazy zeroing): every path below stores instead of adding */
    int over = need_dx && pg_in_grad_overwrite(g, n);
    for (int s0 = 0; s0 < p.batch; s0 += p.nb) {
        int nb = p.batch - s0 < p.nb ? p.batch - s0 : p.nb;
        int ld = nb * pos;
        const float *xs = xn->out.data + (size_t)s0 * in_len;
        float *dxs = xn->grad.data + (size_t)s0 * in_len;
        const float *dys = n->grad.data + (size_t)s0 * out_len;
        int lone_direct = p.direct && nb == 1;
        if (nb > 1) {
            pg_conv_gather(dys, nb, oc, p.pos, grp);
            dys = grp;
        }
        if (need_dw) {
            const float *c = cols;
            if (lone_direct)
                c = xs;
            else
                pg_conv_im2col(&p.q, xs, in_len, nb, cols, (size_t)ld);
            pg_sgemm(CblasNoTrans, CblasTrans, oc, k, ld,
                     1.0f, dys, ld, c, ld, 1.0f, dw, k);
        }
        if (!need_dx) continue;
        if (lone_direct) {
            pg_sgemm(CblasTrans, CblasNoTrans, k, pos, oc,
                     1.0f, w, k, dys, pos, over ? 0.0f : 1.0f, dxs, pos);
            continue;
        }
        pg_sgemm(CblasTrans, CblasNoTrans, k, ld, oc, 1.0f,
                 w, k, dys, ld, 0.0f, cols, ld);
        if (k4s2) {
            pg_conv_col2im_k4s2(&p.q, cols, (size_t)ld, nb, dxs, in_len, NULL,
                                !over);
        } else {
            if (over) memset(dxs, 0, (size_t)nb * in_len * sizeof *dxs);
            pg_conv_col2im_add(&p.q, cols, (size_t)ld, nb, dxs, in_len);
        }
    }
    if (need_dw) pg_conv_weight_grad_finish(g, n, dw, oc, k);
}
