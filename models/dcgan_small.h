/* dcgan_small: a DCGAN whose size follows the data, for small fields and
 * fast tests (the dcgan64 layer pattern with fewer, narrower layers).
 *
 *   G: dense z -> (w * 2^(k-1), 4, 4), BN, ReLU, then k - 1 times convT 4x4
 *      s2 p1 halving the channels + BN + ReLU, then convT 4x4 s2 p1 to C
 *      channels and tanh                                 -> (N, C, S, S)
 *      (pg_dcgan_small_generator_up: each convT replaced by an upsample
 *      block, models/upsample_block.h)
 *   D: k times conv 4x4 s2 p1 (w, 2w, 4w, ... channels) + leaky ReLU 0.2,
 *      dense to 1 logit                                  -> (N, 1)
 *      Options (flags): PG_DCGAN_SMALL_D_SN puts spectral normalisation on
 *      every conv and the dense layer (D's Lipschitz constant stays near 1,
 *      so it cannot saturate as fast); PG_DCGAN_SMALL_D_MBSTD appends the
 *      minibatch-std channel before the dense layer (D sees how much the
 *      samples of a batch differ, which penalises a collapsed generator);
 *      PG_DCGAN_SMALL_D_PATCH stops the convolutions at side 8 (side 8:
 *      at 4) and ends with a 3x3 convolution to 1 channel instead of the
 *      dense layer: D gives a logit per window (N, 64; side 8: N, 16) of about 0.6 of
 *      the side (38 cells at 64), a local verdict (PatchGAN) that the
 *      trainer scores like so many samples.
 *
 * with S = 4 * 2^k the image side (8, 16, 32, 64, 128) and w the width. */
#ifndef PG_MODELS_DCGAN_SMALL_H
#define PG_MODELS_DCGAN_SMALL_H

#include "models/upsample_block.h"
#include "nn/graph.h"

enum { PG_DCGAN_SMALL_MIN_SIDE = 8, PG_DCGAN_SMALL_MAX_SIDE = 128 };
enum { PG_DCGAN_SMALL_G_REFINE = 1 << 0, PG_DCGAN_SMALL_G_MARGIN = 1 << 1 };
enum {
    PG_DCGAN_SMALL_D_SN = 1 << 0,
    PG_DCGAN_SMALL_D_MBSTD = 1 << 1,
    PG_DCGAN_SMALL_D_PATCH = 1 << 2,
};

/* Whether side is one of 8, 16, 32, 64, 128. */
int pg_dcgan_small_side_ok(int side);

/* Generator on latent node z (N, Z): image node (N, channels, side, side)
 * in [-1, 1], or -1. */
int pg_dcgan_small_generator(pg_graph *g, int z, int channels, int side,
                             int width);
/* The same with another way to double the resolution (upsample_block.h;
 * pg_dcgan_small_generator is PG_UPSAMPLE_TRANSPOSE). */
int pg_dcgan_small_generator_up(pg_graph *g, int z, int channels, int side,
                                int width, pg_upsample_mode up);
/* The same with G flags: PG_DCGAN_SMALL_G_REFINE adds a 3x3 convolution +
 * BN + ReLU after every doubling (two convolutions a level, as ProGAN),
 * the last doubling keeping the channels and a 3x3 convolution making the
 * output ([model] g_convs = 2); PG_DCGAN_SMALL_G_MARGIN starts from 5 x 5,
 * draws a square of side 5/4 of the sample's and returns its centre
 * ([model] g_margin): the zero padding of G's convolutions, which leaves
 * a frame along the borders of what it draws, stays outside the sample,
 * as every crop of a real map has no border of its own. */
int pg_dcgan_small_generator_ex(pg_graph *g, int z, int channels, int side,
                                int width, pg_upsample_mode up, int flags);
/* Discriminator on image node x (N, C, side, side): logit node (N, 1), or
 * (N, 64) with PG_DCGAN_SMALL_D_PATCH.
 * flags: PG_DCGAN_SMALL_D_* (0 for the plain DCGAN discriminator). */
int pg_dcgan_small_discriminator(pg_graph *g, int x, int width, int flags);

#endif
