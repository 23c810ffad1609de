/* Nearest-neighbour and bilinear upsampling and average pooling on
 * (N, C, H, W) images
 * and (N, C, L) sequences (H = 1, only L is scaled or pooled). Both work
 * plane by plane: one (n, c) plane per loop iteration, so the backward
 * scatter (overlapping pooling windows included) needs no atomics. */
#include "nn/im2col.h"
#include "nn/op_impl.h"

static int check_rank(pg_graph *g, int x, const char *who)
{
    if (!pg_graph_valid(g, x, who)) return 0;
    const pg_tensor *t = &g->nodes[x].out;
    if (t->ndim == 3 || t->ndim == 4) return 1;
    char s[64];
    pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE,
                             "%s: input %s, expected (N, C, H, W) or (N, C, L)",
                             who, pg_tensor_shape_str(t, s, sizeof s)));
    return 0;
}

/* ---- upsample ---------------------------------------------------------- */

/* The node of an upsampling op of either kind. */
static int upsample_node(pg_graph *g, int x, int factor, pg_op op,
                         const char *who)
{
    if (!check_rank(g, x, who)) return -1;
    if (factor < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "%s: factor %d, "
                                        "expected an integer >= 1", who,
                                        factor));
    const pg_tensor *t = &g->nodes[x].out;
    int shape[PG_MAX_DIMS] = {t->shape[0], t->shape[1], 0, 0};
    for (int d = 2; d < t->ndim; d++) {
        long e = (long)t->shape[d] * factor;
        if (e > 1 << 30)
            return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "%s: extent %d "
                                            "times factor %d is too large",
                                            who, t->shape[d], factor));
        shape[d] = (int)e;
    }
    pg_attr a = {.factor = factor};
    return pg_graph_add_node(g, op, 1, &x, t->ndim, shape, &a);
}

int pg_op_upsample(pg_graph *g, int x, int factor)
{
    return upsample_node(g, x, factor, PG_OP_UPSAMPLE, "upsample");
}

int pg_op_upsample_bilinear(pg_graph *g, int x, int factor)
{
    return upsample_node(g, x, factor, PG_OP_UPSAMPLE_BILINEAR,
                         "upsample_bilinear");
}

/* Per plane: input h x w, output (h*fh) x (w*fw); fh = 1 on sequences. */
typedef struct plane_geom {
    long planes;
    int h, w, oh, ow;
} plane_geom;

static plane_geom plane_geom_of(const pg_tensor *x, const pg_tensor *y)
{
    plane_geom p = {.planes = (long)x->shape[0] * x->shape[1]};
    pg_conv_hw(x, &p.h, &p.w);
    pg_conv_hw(y, &p.oh, &p.ow);
    return p;
}

void pg_upsample_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *xt = &pg_in(g, n, 0)->out;
    plane_geom p = plane_geom_of(xt, &n->out);
    int fh = p.oh / p.h, fw = p.ow / p.w;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < p.planes; i++) {
        const float *x = xt->data + (size_t)i * p.h * p.w;
        float *y = n->out.data + (size_t)i * p.oh * p.ow;
        for (int oy = 0; oy < p.oh; oy++) {
            const float *xr = x + (size_t)(oy / fh) * p.w;
            float *yr = y + (size_t)oy * p.ow;
            for (int ox = 0; ox < p.ow; ox++) yr[ox] = xr[ox / fw];
        }
    }
}

void pg_upsample_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    pg_node *xn = pg_in(g, n, 0);
    plane_geom p = plane_geom_of(&xn->out, &n->out);
    int fh = p.oh / p.h, fw = p.ow / p.w;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < p.planes; i++) {
        float *dx = xn->grad.data + (size_t)i * p.h * p.w;
        const float *dy = n->grad.data + (size_t)i * p.oh * p.ow;
        for (int oy = 0; oy < p.oh; oy++) {
            float *dxr = dx + (size_t)(oy / fh) * p.w;
            const float *dyr = dy + (size_t)oy * p.ow;
            for (int ox = 0; ox < p.ow; ox++) dxr[ox / fw] += dyr[ox];
        }
    }
}

/* ---- bilinear upsample --------------------------------------------------- */

/* Output index o of a factor-f axis of n inputs reads inputs i0 and i1
 * with weights 1 - t and t (half-pixel centres, clamped at the edges). */
typedef struct lerp {
    int i0, i1;
    float t;
} lerp;

static lerp lerp_at(int o, int f, int n)
{
    double s = (o + 0.5) / f - 0.5;
    if (s < 0) s = 0;
    int i0 = (int)s;
    if (i0 > n - 1) i0 = n - 1;
    int i1 = i0 + 1 < n ? i0 + 1 : n - 1;
    return (lerp){i0, i1, (float)(s - i0)};
}

void pg_upsample_bilinear_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *xt = &pg_in(g, n, 0)->out;
    plane_geom p = plane_geom_of(xt, &n->out);
    int fh = p.oh / p.h, fw = p.ow / p.w;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < p.planes; i++) {
        const float *x = xt->data + (size_t)i * p.h * p.w;
        float *y = n->out.data + (size_t)i * p.oh * p.ow;
        for (int oy = 0; oy < p.oh; oy++) {
            lerp ly = lerp_at(oy, fh, p.h);
            const float *r0 = x + (size_t)ly.i0 * p.w,
                        *r1 = x + (size_t)ly.i1 * p.w;
            float *yr = y + (size_t)oy * p.ow;
            for (int ox = 0; ox < p.ow; ox++) {
                lerp lx = lerp_at(ox, fw, p.w);
                float a = r0[lx.i0] + lx.t * (r0[lx.i1] - r0[lx.i0]);
                float b = r1[lx.i0] + lx.t * (r1[lx.i1] - r1[lx.i0]);
                yr[ox] = a + ly.t * (b - a);
            }
        }
    }
}

void pg_upsample_bilinear_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    pg_node *xn = pg_in(g, n, 0);
    plane_geom p = plane_geom_of(&xn->out, &n->out);
    int fh = p.oh / p.h, fw = p.ow / p.w;
    #pragma omp parallel for if (n->out.size > PG_OMP_MIN)
    for (long i = 0; i < p.planes; i++) {
        float *dx = xn->grad.data + (size_t)i * p.h * p.w;
        const float *dy = n->grad.data + (size_t)i * p.oh * p.ow;
        for (int oy = 0; oy < p.oh; oy++) {
            lerp ly = lerp_at(oy, fh, p.h);
            float *r0 = dx + (size_t)ly.i0 * p.w, *r1 = dx + (size_t)ly.i1 * p.w;
            const float *dyr = dy + (size_t)oy * p.ow;
            for (int ox = 0; ox < p.ow; ox++) {
                lerp lx = lerp_at(ox, fw, p.w);
                float d0 = (1 - ly.t) * dyr[ox], d1 = ly.t * dyr[ox];
                r0[lx.i0] += (1 - lx.t) * d0;
                r0[lx.i1] += lx.t * d0;
                r1[lx.i0] += (1 - lx.t) * d1;
                r1[lx.i1] += lx.t * d1;
            }
        }
    }
}

/* ---- average pooling --------------------------------------------------- */

int pg_op_avgpool(pg_graph *g, int x, int k, int stride)
{
    if (!check_rank(g, x, "avgpool")) return -1;
    const pg_tensor *t = &g->nodes[x].out;
    char s[64];
    if (k < 1 || stride < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "avgpool: window %d, "
                                        "stride %d; expected both >= 1",
                                        k, stride));
    int image = t->ndim == 4;
    pg_attr a = {.kh = image ? k : 1, .kw = k, .sh = image ? stride : 1,
                 .sw = stride};
    int h, w;
    pg_conv_hw(t, &h, &w);
    if (h < a.kh || w < a.kw)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "avgpool: window %d is "
                                        "larger than input %s (no padding)",
                                        k, pg_tensor_shape_str(t, s, sizeof s)));
    int shape[PG_MAX_DIMS] = {t->shape[0], t->shape[1],
                              (h - a.kh) / a.sh + 1, (w - a.kw) / a.sw + 1};
    if (!image) shape[2] = shape[3];
    return pg_graph_add_node(g, PG_OP_AVGPOOL, 1, &x, t->ndim, shape, &a);
}

void pg_avgpool_forward(pg_graph *g, pg_node *n)
{
    const pg_tensor *xt = &pg_in(g, n, 0)->out;
    plane_geom p = plane_geom_of(xt, &n->out);
    const pg_attr *a = &n->a;
    float inv = 1.0f / (float)(a->kh * a->kw);
    #pragma omp parallel for if (xt->size > PG_OMP_MIN)
    for (long i = 0; i < p.planes; i++) {
        const float *x = xt->data + (size_t)i * p.h * p.w;
        float *y = n->out.data + (size_t)i * p.oh * p.ow;
        for (int oy = 0; oy < p.oh; oy++)
            for (int ox = 0; ox < p.ow; ox++) {
                const float *win = x + (size_t)oy * a->sh * p.w +
                                   (size_t)ox * a->sw;
                float s = 0.0f;
                for (int u = 0; u < a->kh; u++)
                    for (int v = 0; v < a->kw; v++) s += win[(size_t)u * p.w + v];
                y[(size_t)oy * p.ow + ox] = s * inv;
            }
    }
}

void pg_avgpool_backward(pg_graph *g, pg_node *n)
{
    if (!pg_in_needs_grad(g, n, 0)) return;
    pg_node *xn = pg_in(g, n, 0);
    plane_geom p = plane_geom_of(&xn->out, &n->out);
    const pg_attr *a = &n->a;
    float inv = 1.0f / (float)(a->kh * a->kw);
    #pragma omp parallel for if (xn->out.size > PG_OMP_MIN)
    for (long i = 0; i < p.planes; i++) {
        float *dx = xn->grad.data + (size_t)i * p.h * p.w;
        const float *dy = n->grad.data + (size_t)i * p.oh * p.ow;
        for (int oy = 0; oy < p.oh; oy++)
            for (int ox = 0; ox < p.ow; ox++) {
                float *win = dx + (size_t)oy * a->sh * p.w + (size_t)ox * a->sw;
                float d = dy[(size_t)oy * p.ow + ox] * inv;
                for (int u = 0; u < a->kh; u++)
                    for (int v = 0; v < a->kw; v++) win[(size_t)u * p.w + v] += d;
            }
    }
}
