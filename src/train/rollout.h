/* The foam surrogate rolled out (`physgan rollout`, docs/foam.md,
 * "Rollout"): a unet_foam checkpoint applied autoregressively from a frame
 * of a foam/1 file (every sequence of --init FILE:all:FRAME as one batch
 * through G), optionally on a grid `coarse` times coarser than the frames,
 * written as a foam/1 file that `physgan eval foam` compares with the
 * simulator run from the same frame. Not collective. */
#ifndef PG_TRAIN_ROLLOUT_H
#define PG_TRAIN_ROLLOUT_H

#include <stdint.h>

#include "base/progress.h"
#include "base/status.h"
#include "physics/foam/io/foam_init.h"
#include "train/foam_surrogate.h"

typedef struct pg_rollout_opts {
    const char *ckpt;  /* unet_foam checkpoint */
    const char *init;  /* FILE.h5:SEQ:FRAME (physics/foam/io/foam_init.h) */
    long steps;        /* surrogate steps K >= 1 */
    long min_bubble;   /* gas pockets smaller are film; 0: the job's */
    int coarse;        /* G's grid cell in sites per side (1: the frames') */
    int project;       /* feed G the film field of the recovered labels */
} pg_rollout_opts;

/* A rollout in memory; read its fields, do not change them. */
typedef struct pg_rollout {
    pg_rollout_opts opts;     /* as given (strings not owned) */
    pg_foam_init *init;       /* the start frame(s) */
    pg_foam_surrogate *sur;
    int32_t *labels;          /* S, T = K + 1, h, w: frame 0 the start */
    float *phi;               /* S, T, hc, wc: film fields on G's grid */
    int S, T, h, w;
    int stride, hc, wc;       /* opts.coarse and G's grid */
    double step_mcs;          /* one step: trained step x stride^2 */
    long min_bubble;          /* opts.min_bubble or the job's */
} pg_rollout;

/* Read the start frame(s), load G for them and allocate the frames.
 * PG_ERR_ARG for a bad --init spec or frame sides that are not multiples
 * of coarse 2^depth, PG_ERR_CONFIG for a checkpoint of another model. On
 * failure *out is NULL. */
pg_status pg_rollout_create(const pg_rollout_opts *o, pg_rollout **out);
/* Frames 1..K: G on the batch; labels by connected components (on G's
 * grid, refined to the frames' sites); the next input from the labels'
 * film field (opts.project) or G's raw output. progress (may be NULL) is
 * advanced once per step. */
pg_status pg_rollout_run(pg_rollout *r, pg_progress *progress);
/* Write path (atomically) as foam/1 (io/foam_file.h) with /phi float32
 * and the rollout's root attributes (docs/formats.md). */
pg_status pg_rollout_write(const pg_rollout *r, const char *path);
void pg_rollout_destroy(pg_rollout **r);

#endif
