/* The models of the paired trainer, shared by training, `physgan eval sr`
 * and `physgan rollout`: their [model] keys and their G and D builders.
 *
 *   unet_sr    G: upsample + U-Net residual (models/unet.h), condition =
 *              the coarse patch; D: PatchGAN on (upsampled c, sample).
 *   unet_foam  G: x + 2 U-Net(x) on the film field x of frame t in
 *              network units (2 phi - 1): the U-Net (tanh-bounded) predicts
 *              the change, up to a full flip (2), read back as phi = (y +
 *              1) / 2 (docs/foam.md, "Surrogate"); D: PatchGAN on (x_t,
 *              sample). */
#ifndef PG_TRAIN_PIX2PIX_MODEL_H
#define PG_TRAIN_PIX2PIX_MODEL_H

#include "base/config.h"
#include "base/status.h"
#include "nn/graph.h"

typedef enum pg_pix2pix_model_kind {
    PG_PIX2PIX_SR,    /* unet_sr */
    PG_PIX2PIX_FOAM,  /* unet_foam */
} pg_pix2pix_model_kind;

typedef struct pg_pix2pix_arch {
    pg_pix2pix_model_kind kind;  /* [model] arch */
    int factor;    /* [model] sr_factor: fine side / coarse side (1: foam) */
    int depth;     /* [model] depth: U-Net levels */
    int width;     /* [model] width: first level's channels (G and D) */
    int d_layers;  /* [model] d_layers: PatchGAN stride-2 layers */
    int up;        /* [model] upsample: U-Net decoder doublings */
    int consistent; /* [model] sr_consistent: output block means = input */
} pg_pix2pix_arch;

/* 1 when arch names a paired model ("unet_sr", "unet_foam"). */
int pg_pix2pix_model_is(const char *arch);

/* Read [model] arch and the keys and check them against target samples of
 * h x w cells: PG_ERR_CONFIG naming the key when the sides do not fit. */
pg_status pg_pix2pix_arch_read(const pg_config *cfg, int h, int w,
                               pg_pix2pix_arch *a);
/* G on condition node c (N, 1, h/f, w/f): node (N, 1, h, w). */
int pg_pix2pix_generator(pg_graph *g, int c, const pg_pix2pix_arch *a);
/* D on condition node c and sample node x: logit map; *feat gets the
 * last hidden layer (feature matching). */
int pg_pix2pix_discriminator(pg_graph *g, int c, int x,
                             const pg_pix2pix_arch *a, int *feat);

#endif
