#include "models/dcgan_small.h"

#include "nn/ops.h"

/* PyTorch's BatchNorm2d defaults and DCGAN's leaky slope. */
static const float BN_MOMENTUM = 0.1f;
static const float BN_EPS = 1e-5f;
static const float LEAKY_SLOPE = 0.2f;
/* 4x4 window, stride 2, padding 1: doubles or halves the side. */
enum { KERNEL = 4, STRIDE = 2, PAD = 1, SIDE0 = 4 };

/* Resolution doublings from 4x4 to side, or 0 when side is not 4 * 2^k. */
static int doublings(int side)
{
    int k = 0;
    for (int s = SIDE0; s < side; s *= 2) k++;
    return (SIDE0 << k) == side ? k : 0;
}

int pg_dcgan_small_side_ok(int side)
{
    return side >= PG_DCGAN_SMALL_MIN_SIDE &&
           side <= PG_DCGAN_SMALL_MAX_SIDE && doublings(side) > 0;
}

int pg_dcgan_small_generator(pg_graph *g, int z, int channels, int side,
                             int width)
{
    return pg_dcgan_small_generator_up(g, z, channels, side, width,
                                       PG_UPSAMPLE_TRANSPOSE);
}

int pg_dcgan_small_generator_up(pg_graph *g, int z, int channels, int side,
                                int width, pg_upsample_mode up)
{
    return pg_dcgan_small_generator_ex(g, z, channels, side, width, up, 0);
}

/* 3x3 convolution keeping the side, BN, ReLU: the second convolution of a
 * level (PG_DCGAN_SMALL_G_REFINE). */
static int refine(pg_graph *g, int h, int ch)
{
    h = pg_op_conv2d(g, h, ch, 3, 1, 1, 0);
    return pg_op_relu(g, pg_op_batchnorm(g, h, BN_MOMENTUM, BN_EPS));
}

int pg_dcgan_small_generator_ex(pg_graph *g, int z, int channels, int side,
                                int width, pg_upsample_mode up, int flags)
{
    if (!pg_graph_valid(g, z, "dcgan_small generator")) return -1;
    if (!pg_dcgan_small_side_ok(side) || channels < 1 || width < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "dcgan_small: side %d "
                             "(want 8..128, a power of two), channels %d, "
                             "width %d", side, channels, width));
    int k = doublings(side);
    int batch = g->nodes[z].out.shape[0];
    int ch = width << (k - 1);
    /* With a margin G starts from 5 x 5 instead of 4 x 4 and draws a
     * 5/4 larger square whose centre is the sample. */
    int s0 = flags & PG_DCGAN_SMALL_G_MARGIN ? SIDE0 + 1 : SIDE0;
    int h = pg_op_dense(g, z, ch * s0 * s0, 0);
    h = pg_op_reshape(g, h, 4, (int[]){batch, ch, s0, s0});
    h = pg_op_relu(g, pg_op_batchnorm(g, h, BN_MOMENTUM, BN_EPS));
    int two = flags & PG_DCGAN_SMALL_G_REFINE;
    for (int i = 1; i < k; i++) {
        ch /= 2;
        h = pg_upsample_block(g, h, ch, up);
        h = pg_op_relu(g, pg_op_batchnorm(g, h, BN_MOMENTUM, BN_EPS));
        if (two) h = refine(g, h, ch);
    }
    if (!two) {
        h = pg_upsample_block(g, h, channels, up);
    } else {
        /* The full-resolution level keeps ch channels and gets its own 3x3
         * convolution to the output: capacity where the finest detail (a
         * tributary a cell or two wide) is drawn. */
        h = pg_upsample_block(g, h, ch, up);
        h = pg_op_relu(g, pg_op_batchnorm(g, h, BN_MOMENTUM, BN_EPS));
        h = pg_op_conv2d(g, h, channels, 3, 1, 1, 0);
    }
    if (s0 != SIDE0) h = pg_op_crop(g, h, side / 8, side / 8, side, side);
    return pg_op_tanh(g, h);
}

int pg_dcgan_small_discriminator(pg_graph *g, int x, int width, int flags)
{
    if (!pg_graph_valid(g, x, "dcgan_small discriminator")) return -1;
    int side = g->nodes[x].out.shape[3];
    if (!pg_dcgan_small_side_ok(side) || width < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "dcgan_small: side %d "
                             "(want 8..128, a power of two), width %d", side,
                             width));
    int h = x, ch = width;
    int lf = flags & PG_DCGAN_SMALL_D_SN ? PG_SPECTRAL_NORM : 0;
    int patch = flags & PG_DCGAN_SMALL_D_PATCH;
    /* The patch form stops at side 8 (one stride-2 layer earlier), where
     * each position has seen a window of a bit more than half a 64-cell
     * patch: a 3x3 convolution there gives one verdict per window. */
    int layers = doublings(side) - (patch && side > SIDE0 * 2 ? 1 : 0);
    for (int i = layers; i > 0; i--, ch *= 2)
        h = pg_op_leaky_relu(g, pg_op_conv2d(g, h, ch, KERNEL, STRIDE, PAD, lf),
                             LEAKY_SLOPE);
    if (flags & PG_DCGAN_SMALL_D_MBSTD) h = pg_op_mbstd(g, h);
    if (!patch) return pg_op_dense(g, h, 1, lf);
    h = pg_op_conv2d(g, h, 1, 3, 1, 1, lf);
    const pg_tensor *t = &g->nodes[h].out;
    return pg_op_reshape(g, h, 2, (int[]){t->shape[0], t->shape[2] * t->shape[3]});
}
