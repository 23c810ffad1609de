/* Differentiable augmentation of the discriminator's inputs (DiffAugment,
 * Zhao et al. 2020; the geometric part of ADA, Karras et al. 2020): the
 * same kind of random transform is applied to real and generated batches
 * before D, so D cannot win by memorising a small training set, and the
 * transform of the generated batch is differentiable, so G's gradient
 * passes back through it (docs/terrain.md, "Differentiable augmentation").
 *
 * Per sample (every channel alike), in this order:
 *   flips        mirror left-right and/or up-down, each with probability
 *                1/2 (valid on non-square cells, unlike 90-degree turns);
 *   translation  shift by integers (ty, tx), each uniform in
 *                [-s, s], s = round(shift x side); cells shifted in from
 *                outside are zero (zero padding, DiffAugment's) or the
 *                mirror image of the patch about its edge (reflection);
 *   cutout       a square of round(cutout x side) cells per side, centred
 *                uniformly (clipped at the border), set to zero.
 * Every output cell is one input cell or zero, so the transform is a
 * linear map y = T x given by an index per output cell (-1: zero). Its
 * gradient is the transpose: dx[src(o)] += dy[o] (a scatter-add, since
 * reflection reads some input cells twice). tests/gradcheck_diffaug.c
 * checks each op and their composition against central differences.
 *
 * The draws come from the caller's RNG (the trainer's noise stream, which
 * checkpoints hold, so resumed runs are exact). Nothing allocates after
 * pg_diffaug_create. */
#ifndef PG_NN_DIFFAUG_H
#define PG_NN_DIFFAUG_H

#include <stddef.h>

#include "base/rng.h"
#include "base/status.h"

enum {
    PG_DIFFAUG_FLIPS = 1,
    PG_DIFFAUG_TRANSLATION = 2,
    PG_DIFFAUG_CUTOUT = 4
};

typedef struct pg_diffaug_opts {
    unsigned ops;   /* PG_DIFFAUG_* bits; 0 = off */
    double shift;   /* largest translation, fraction of each side, [0, 0.5] */
    double cutout;  /* cutout side, fraction of each side, [0, 1] */
    int reflect;    /* translation padding: 1 reflection, 0 zeros */
} pg_diffaug_opts;

/* Parse a comma-separated list of "flips", "translation", "cutout" (or
 * "none" alone) into PG_DIFFAUG_* bits. PG_ERR_CONFIG naming `what` (the
 * key) and the unknown word. */
pg_status pg_diffaug_parse(const char *list, const char *what,
                           unsigned *ops);

typedef struct pg_diffaug pg_diffaug;

/* For batches of n x c x h x w. PG_ERR_ARG naming a bad size or option. */
pg_status pg_diffaug_create(const pg_diffaug_opts *o, int n, int c, int h,
                            int w, pg_diffaug **out);
void pg_diffaug_destroy(pg_diffaug **a);

/* Draw a new transform for every sample of the batch from rng (nothing is
 * drawn when the options are off). */
void pg_diffaug_draw(pg_diffaug *a, pg_rng *rng);
/* y = T x for the last draw (n c h w floats each; y must not alias x). */
void pg_diffaug_forward(const pg_diffaug *a, const float *x, float *y);
/* dx = T^T dy for the last draw (overwrites dx; must not alias dy). */
void pg_diffaug_backward(const pg_diffaug *a, const float *dy, float *dx);

/* The last draw of sample i (tests, pictures): flips (bit 0 up-down, bit 1
 * left-right), shift (ty, tx), cutout centre (cy, cx; -1 without). */
void pg_diffaug_sample_draw(const pg_diffaug *a, int i, int *flips, int *ty,
                            int *tx, int *cy, int *cx);

#endif
