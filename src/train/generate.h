/* `physgan generate`: terrain from a trained generator (docs/terrain.md,
 * "Generating terrain").
 *
 * The checkpoint's /config (the resolved job file) rebuilds the generator
 * through the model registry for the sample shape of the training data
 * ([data] path, or opts.data when the data moved). G runs in evaluation
 * mode (batch-norm running statistics) with the checkpoint's G/params, or
 * with G_ema/params when ema is set, on Gaussian noise from the pg_rng
 * stream (seed, 0, PG_RNG_NOISE). Its [-1, 1] output goes back to metres
 * as the trainer's sample files do, z = h_ref x + m_ref, with h_ref and
 * m_ref read from the checkpoint (/data/scale, /data/offset) or, for
 * checkpoints without them, recomputed from the training data
 * (train/data_reference.h).
 *
 * Outputs in out_dir (created if missing), each written atomically:
 *   generated.h5   terrain/1: /terrain (n, H, W) float32 metres, root
 *                  attributes cell_size_m (and cell_size_y_m when the
 *                  data has one), checkpoint, step, seed, ema
 *   generated.xmf  XDMF sidecar (io/xdmf.h) for ParaView
 *   patch-NN.asc   one ESRI ASCII grid per patch (io/ascii_grid.h)
 *   patch-NN.png   hillshaded terrain-coloured image per patch
 * NN is the patch index, zero-padded to at least two digits. Not
 * collective: one process. */
#ifndef PG_TRAIN_GENERATE_H
#define PG_TRAIN_GENERATE_H

#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

enum pg_generate_format {
    PG_GENERATE_H5 = 1,   /* generated.h5 + generated.xmf */
    PG_GENERATE_ASC = 2,
    PG_GENERATE_PNG = 4,
};

typedef struct pg_generate_opts {
    const char *checkpoint;
    const char *out_dir;
    const char *data;     /* NULL: the checkpoint's [data] path */
    long n;               /* patches, >= 1 */
    uint64_t seed;
    int ema;              /* use G_ema/params (an error when absent) */
    unsigned formats;     /* pg_generate_format bits, at least one */
    FILE *progress;       /* progress stream (NULL: none) */
    int plain;            /* plain progress lines even on a terminal */
} pg_generate_opts;

typedef struct pg_generate_result {
    long step;                 /* the checkpoint's step */
    int h, w;
    double dx_m, dy_m;         /* cell sizes along x and y */
    double offset_m, scale_m;  /* m_ref, h_ref used */
    double min_m, max_m;       /* over all generated cells */
    char model[32];
} pg_generate_result;

/* "h5,asc,png" (any subset, comma separated) into pg_generate_format bits;
 * PG_ERR_ARG naming an unknown word. */
pg_status pg_generate_formats_parse(const char *s, unsigned *out);

pg_status pg_generate_run(const pg_generate_opts *o, pg_generate_result *r);

#endif
