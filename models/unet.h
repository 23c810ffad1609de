/* U-Net generator (pix2pix, Isola et al. 2017) and its super-resolution
 * wiring.
 *
 *   encoder, i = 0 .. depth-1:  conv 4x4 s2 p1 -> instance norm (affine;
 *       not on level 0, as pix2pix, and not where a map is 1x1, which has
 *       no spatial statistics) -> leaky ReLU 0.2;  channels
 *       width * 2^i, capped at 8 * width;  e_i has side S / 2^(i+1)
 *   decoder, i = depth-1 .. 1:  convT 4x4 s2 p1 to e_(i-1)'s channels ->
 *       instance norm -> ReLU -> concat with e_(i-1) (the skip connection)
 *   output:  convT 4x4 s2 p1 to out_ch channels -> tanh
 *
 * so the output has the input's side S, which must be divisible by
 * 2^depth. Instance norm (not batch norm) keeps G a per-sample function:
 * no running statistics, the same output in training and inference. */
#ifndef PG_MODELS_UNET_H
#define PG_MODELS_UNET_H

#include "models/upsample_block.h"
#include "nn/graph.h"

enum { PG_UNET_MAX_DEPTH = 8 };

typedef struct pg_unet_spec {
    int out_ch;  /* output channels */
    int width;   /* channels of the first encoder level */
    int depth;   /* encoder levels (1 .. PG_UNET_MAX_DEPTH) */
    int up;      /* decoder doublings: pg_upsample_mode (0: transpose) */
} pg_unet_spec;

/* The [model] keys of the U-Net + PatchGAN models (unet_sr, unet_foam,
 * cyclegan): depth, width, d_layers, upsample. */
typedef struct pg_unet_keys {
    int depth, width, d_layers, up;
} pg_unet_keys;
pg_status pg_unet_keys_read(const pg_config *cfg, pg_unet_keys *k);

/* U-Net on image node x (N, C, S, S'), both sides divisible by 2^depth:
 * node (N, out_ch, S, S') in (-1, 1), or -1 (sticky build failure). */
int pg_unet_build(pg_graph *g, int x, const pg_unet_spec *s);

/* Super-resolution generator on a coarse node c (N, C, h, w):
 *   u = nearest-neighbour upsampling of c by factor (pg_op_upsample)
 *   y = u + U-Net(u)                          -> (N, C, factor h, factor w)
 * The network predicts the residual over the blocky upsampled input, so
 * an untrained G already reproduces the coarse field and training spends
 * its capacity on the sub-cell detail. The residual is tanh-bounded to
 * (-1, 1) in normalised units (docs/terrain.md, "Super-resolution": the
 * pair is normalised by the coarse patch's half range). s->out_ch is
 * taken from c's channels.
 * consistent != 0 ([model] sr_consistent): u is the bilinear upsampling of
 * c, and the output is moved block by block onto c's block means
 * (pg_op_block_match): y averages back to the coarse input exactly, the
 * network only places detail inside each block, and the smooth base
 * leaves it no block edges to undo. */
int pg_unet_sr_generator(pg_graph *g, int c, int factor, int consistent,
                         const pg_unet_spec *s);

#endif
