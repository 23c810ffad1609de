/* The unet_sr model of the paired trainer, shared by training and
 * `physgan eval sr`: its [model] keys and its G and D builders. */
#ifndef PG_TRAIN_PIX2PIX_MODEL_H
#define PG_TRAIN_PIX2PIX_MODEL_H

#include "base/config.h"
#include "base/status.h"
#include "nn/graph.h"

typedef struct pg_pix2pix_arch {
    int factor;    /* [model] sr_factor: fine side / coarse side */
    int depth;     /* [model] depth: U-Net levels */
    int width;     /* [model] width: first level's channels (G and D) */
    int d_layers;  /* [model] d_layers: PatchGAN stride-2 layers */
} pg_pix2pix_arch;

/* Read the keys and check them against fine patches of h x w cells:
 * PG_ERR_CONFIG naming the key when the sides do not fit. */
pg_status pg_pix2pix_arch_read(const pg_config *cfg, int h, int w,
                               pg_pix2pix_arch *a);
/* G on coarse node c (N, 1, h/f, w/f): node (N, 1, h, w). */
int pg_pix2pix_generator(pg_graph *g, int c, const pg_pix2pix_arch *a);
/* D on coarse node c and fine sample node x: logit map; *feat gets the
 * last hidden layer (feature matching). */
int pg_pix2pix_discriminator(pg_graph *g, int c, int x,
                             const pg_pix2pix_arch *a, int *feat);

#endif
