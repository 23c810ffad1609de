#include "models/unet.h"

#include "models/upsample_block.h"
#include "nn/ops.h"

static const float LEAKY_SLOPE = 0.2f;
static const float NORM_EPS = 1e-5f;
/* 4x4 window, stride 2, padding 1: halves or doubles the side. */
enum { KERNEL = 4, STRIDE = 2, PAD = 1, MAX_WIDTH_MULT = 8 };

/* Instance norm where the map has more than one value per channel. */
static int norm(pg_graph *g, int h)
{
    if (h < 0) return -1;
    const pg_tensor *t = &g->nodes[h].out;
    if (t->shape[2] * t->shape[3] <= 1) return h;
    return pg_op_instancenorm(g, h, NORM_EPS, PG_AFFINE);
}

static int level_channels(const pg_unet_spec *s, int i)
{
    int mult = 1 << i;
    if (mult > MAX_WIDTH_MULT) mult = MAX_WIDTH_MULT;
    return s->width * mult;
}

int pg_unet_build(pg_graph *g, int x, const pg_unet_spec *s)
{
    if (!pg_graph_valid(g, x, "unet")) return -1;
    const pg_tensor *in = &g->nodes[x].out;
    if (in->ndim != 4 || s->depth < 1 || s->depth > PG_UNET_MAX_DEPTH ||
        s->width < 1 || s->out_ch < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "unet: input of rank "
                             "%d (want N,C,H,W), depth %d (want 1..%d), "
                             "width %d, out_ch %d", in->ndim, s->depth,
                             PG_UNET_MAX_DEPTH, s->width, s->out_ch));
    int step = 1 << s->depth;
    if (in->shape[2] % step || in->shape[3] % step)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "unet: sides %dx%d "
                             "must be divisible by 2^depth = %d",
                             in->shape[2], in->shape[3], step));
    int enc[PG_UNET_MAX_DEPTH];
    int h = x;
    for (int i = 0; i < s->depth; i++) {
        h = pg_op_conv2d(g, h, level_channels(s, i), KERNEL, STRIDE, PAD, 0);
        if (i > 0) h = norm(g, h);
        h = pg_op_leaky_relu(g, h, LEAKY_SLOPE);
        enc[i] = h;
    }
    for (int i = s->depth - 1; i >= 1; i--) {
        h = pg_upsample_block(g, h, level_channels(s, i - 1),
                              (pg_upsample_mode)s->up);
        h = pg_op_relu(g, norm(g, h));
        h = pg_op_concat(g, h, enc[i - 1]);
    }
    h = pg_upsample_block(g, h, s->out_ch, (pg_upsample_mode)s->up);
    return pg_op_tanh(g, h);
}

int pg_unet_sr_generator(pg_graph *g, int c, int factor, int consistent,
                         const pg_unet_spec *s)
{
    if (!pg_graph_valid(g, c, "unet_sr generator")) return -1;
    if (factor < 2)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "unet_sr: factor %d "
                             "(want >= 2)", factor));
    pg_unet_spec spec = *s;
    spec.out_ch = g->nodes[c].out.shape[1];
    if (!consistent) {
        int u = pg_op_upsample(g, c, factor);
        return pg_op_add(g, u, pg_unet_build(g, u, &spec));
    }
    int u = pg_op_upsample_bilinear(g, c, factor);
    return pg_op_block_match(g, pg_op_add(g, u, pg_unet_build(g, u, &spec)),
                             c, factor);
}

pg_status pg_unet_keys_read(const pg_config *cfg, pg_unet_keys *k)
{
    long depth, width, d_layers;
    pg_upsample_mode up;
    PG_CHECK(pg_config_get_int(cfg, "model", "depth", &depth));
    PG_CHECK(pg_config_get_int(cfg, "model", "width", &width));
    PG_CHECK(pg_config_get_int(cfg, "model", "d_layers", &d_layers));
    PG_CHECK(pg_upsample_mode_read(cfg, &up));
    *k = (pg_unet_keys){(int)depth, (int)width, (int)d_layers, (int)up};
    return PG_OK;
}
