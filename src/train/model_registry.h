/* GAN models that `physgan train` can build, by name ([model] arch).
 *
 * A model is a pair of graph builders plus what the trainer needs to know
 * about them: the latent dimension and the sample shape it accepts. The
 * trainer reads the sample shape from the dataset and asks the model to
 * configure itself for it; a model that cannot take that shape says so
 * naming the key or the data. New models (terrain, foam, crystal) add one
 * entry to the table in model_registry.c. */
#ifndef PG_TRAIN_MODEL_REGISTRY_H
#define PG_TRAIN_MODEL_REGISTRY_H

#include "base/config.h"
#include "base/status.h"
#include "nn/graph.h"

/* A model configured for one sample shape. */
typedef struct pg_gan_dims {
    int z_dim;                 /* latent features */
    int channels, height, width; /* one sample (C, H, W) */
    int model_width;           /* model-specific width ([model] width) */
    int d_flags;               /* dcgan_small: PG_DCGAN_SMALL_D_* from
                                  [model] d_spectral_norm, d_mbstd */
    int upsample;              /* dcgan_small: pg_upsample_mode from
                                  [model] upsample (0: transpose) */
    int g_flags;               /* dcgan_small: PG_DCGAN_SMALL_G_* from
                                  [model] g_convs, g_margin */
} pg_gan_dims;

typedef struct pg_gan_model {
    const char *name;  /* [model] arch value */
    const char *doc;
    /* Fill d from the config for samples of shape (c, h, w); PG_ERR_CONFIG
     * naming the model and the shape when it cannot take them. */
    pg_status (*configure)(const pg_config *cfg, int c, int h, int w,
                           pg_gan_dims *d);
    /* Builders on an input node (z: (N, z_dim); x: (N, C, H, W)); return
     * the output node ((N, C, H, W) in [-1, 1] / (N, 1) logits) or -1. */
    int (*generator)(pg_graph *g, int z, const pg_gan_dims *d);
    int (*discriminator)(pg_graph *g, int x, const pg_gan_dims *d);
} pg_gan_model;

/* The model named name, or PG_ERR_CONFIG listing the GAN models. */
pg_status pg_gan_model_find(const char *name, const pg_gan_model **out);
/* Whether name is one of them. */
int pg_gan_model_is(const char *name);
/* "dcgan|dcgan_small". */
const char *pg_gan_model_choices(void);

#endif
