#include "models/patchgan.h"

#include "nn/ops.h"

static const float LEAKY_SLOPE = 0.2f;
static const float NORM_EPS = 1e-5f;
enum { KERNEL = 4, STRIDE = 2, PAD = 1, HEAD_KERNEL = 3, MAX_WIDTH_MULT = 8 };

int pg_patchgan_build(pg_graph *g, int cond, int sample,
                      const pg_patchgan_spec *s, int *feat)
{
    /* cond < 0: an unconditional PatchGAN on the sample alone. */
    if ((cond >= 0 && !pg_graph_valid(g, cond, "patchgan")) ||
        !pg_graph_valid(g, sample, "patchgan"))
        return -1;
    const pg_tensor *x = &g->nodes[sample].out;
    const pg_tensor *c = cond >= 0 ? &g->nodes[cond].out : x;
    int step = 1 << (s->layers > 0 ? s->layers : 0);
    if (s->layers < 1 || s->layers > PG_PATCHGAN_MAX_LAYERS || s->width < 1 ||
        c->ndim != 4 || x->ndim != 4 || c->shape[2] != x->shape[2] ||
        c->shape[3] != x->shape[3] || x->shape[2] % step ||
        x->shape[3] % step)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "patchgan: layers %d "
                             "(want 1..%d), width %d; condition and sample "
                             "must be (N,C,H,W) of equal H, W divisible by "
                             "2^layers", s->layers, PG_PATCHGAN_MAX_LAYERS,
                             s->width));
    int h = cond >= 0 ? pg_op_concat(g, cond, sample) : sample;
    for (int i = 0; i < s->layers; i++) {
        int mult = 1 << i;
        if (mult > MAX_WIDTH_MULT) mult = MAX_WIDTH_MULT;
        h = pg_op_conv2d(g, h, s->width * mult, KERNEL, STRIDE, PAD, 0);
        /* A 1x1 map has no spatial statistics to normalise. */
        if (i > 0 && h >= 0 &&
            g->nodes[h].out.shape[2] * g->nodes[h].out.shape[3] > 1)
            h = pg_op_instancenorm(g, h, NORM_EPS, PG_AFFINE);
        h = pg_op_leaky_relu(g, h, LEAKY_SLOPE);
    }
    if (feat) *feat = h;
    return pg_op_conv2d(g, h, 1, HEAD_KERNEL, 1, HEAD_KERNEL / 2, 0);
}
