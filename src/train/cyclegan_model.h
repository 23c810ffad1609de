/* The cyclegan model (docs/terrain.md, "Synthetic to real"), shared by
 * training and `physgan generate`: its [model] keys and its builders.
 *
 *   G_AB, G_BA  U-Net (models/unet.h) on one (N, 1, H, W) patch,
 *               normalised per patch to [-1, 1], tanh output
 *   D_A, D_B    unconditional PatchGAN (models/patchgan.h): a logit per
 *               receptive-field patch of one sample
 *
 * [model] depth and width shape the U-Net, d_layers and width the
 * PatchGAN. */
#ifndef PG_TRAIN_CYCLEGAN_MODEL_H
#define PG_TRAIN_CYCLEGAN_MODEL_H

#include "base/config.h"
#include "base/status.h"
#include "nn/graph.h"

typedef struct pg_cyclegan_arch {
    int depth, width, d_layers;
    int up;   /* [model] upsample: the U-Nets' decoder doublings */
} pg_cyclegan_arch;

/* 1 when [model] arch is "cyclegan". */
int pg_cyclegan_arch_is(const char *arch);
/* Read the keys and check them against h x w patches: PG_ERR_CONFIG
 * naming the key when the sides do not fit. */
pg_status pg_cyclegan_arch_read(const pg_config *cfg, int h, int w,
                                pg_cyclegan_arch *a);
/* A generator on image node x (N, 1, H, W): node (N, 1, H, W). */
int pg_cyclegan_generator(pg_graph *g, int x, const pg_cyclegan_arch *a);
/* A discriminator on x: the logit map (N, 1, H/2^l, W/2^l). */
int pg_cyclegan_discriminator(pg_graph *g, int x, const pg_cyclegan_arch *a);

#endif
