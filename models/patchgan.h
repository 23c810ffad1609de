/* PatchGAN discriminator (pix2pix): a fully convolutional D that scores
 * every receptive-field patch of concat(condition, sample) as real or
 * fake, giving a map of logits instead of one per image.
 *
 *   h = concat(cond, sample)                           (N, Cc + Cs, H, W)
 *   layers times: conv 4x4 s2 p1 (width * 2^i channels, capped at
 *       8 * width) -> instance norm (not on the first layer, as pix2pix)
 *       -> leaky ReLU 0.2
 *   conv 3x3 s1 p1 to 1 channel             -> (N, 1, H / 2^l, W / 2^l)
 *
 * The loss zoo treats every map element as one sample (mean over N h w),
 * so each patch gets its own real/fake verdict. The last hidden
 * activation is returned as the feature node for feature matching. */
#ifndef PG_MODELS_PATCHGAN_H
#define PG_MODELS_PATCHGAN_H

#include "nn/graph.h"

enum { PG_PATCHGAN_MAX_LAYERS = 6 };

typedef struct pg_patchgan_spec {
    int width;   /* channels of the first layer */
    int layers;  /* stride-2 layers (1 .. PG_PATCHGAN_MAX_LAYERS) */
} pg_patchgan_spec;

/* cond and sample: image nodes with equal N, H, W (H and W divisible by
 * 2^layers); cond = -1 builds an unconditional PatchGAN on the sample
 * alone (CycleGAN's discriminators). Returns the logit map node; *feat (may be NULL) receives the
 * last hidden activation. -1 after a build failure. */
int pg_patchgan_build(pg_graph *g, int cond, int sample,
                      const pg_patchgan_spec *s, int *feat);

#endif
