#include "models/dcgan64.h"

#include "nn/ops.h"

/* PyTorch's BatchNorm2d defaults. */
static const float BN_MOMENTUM = 0.1f;
static const float BN_EPS = 1e-5f;
/* DCGAN's discriminator slope. */
static const float LEAKY_SLOPE = 0.2f;
/* Every (transposed) conv: 4x4 window, stride 2, padding 1 (doubles or
 * halves the side). */
enum { KERNEL = 4, STRIDE = 2, PAD = 1, G_BASE = 256, G_SIDE0 = 4 };

int pg_dcgan64_generator(pg_graph *g, int z)
{
    if (!pg_graph_valid(g, z, "dcgan64 generator")) return -1;
    int batch = g->nodes[z].out.shape[0];
    int h = pg_op_dense(g, z, G_BASE * G_SIDE0 * G_SIDE0, 0);
    h = pg_op_reshape(g, h, 4, (int[]){batch, G_BASE, G_SIDE0, G_SIDE0});
    h = pg_op_relu(g, pg_op_batchnorm(g, h, BN_MOMENTUM, BN_EPS));
    for (int ch = G_BASE / 2; ch >= 32; ch /= 2) {
        h = pg_op_conv_transpose2d(g, h, ch, KERNEL, STRIDE, PAD, 0);
        h = pg_op_relu(g, pg_op_batchnorm(g, h, BN_MOMENTUM, BN_EPS));
    }
    h = pg_op_conv_transpose2d(g, h, 1, KERNEL, STRIDE, PAD, 0);
    return pg_op_tanh(g, h);
}

int pg_dcgan64_discriminator(pg_graph *g, int x)
{
    int h = x;
    for (int ch = 32; ch <= 256; ch *= 2)
        h = pg_op_leaky_relu(g, pg_op_conv2d(g, h, ch, KERNEL, STRIDE, PAD, 0),
                             LEAKY_SLOPE);
    return pg_op_dense(g, h, 1, 0);
}
