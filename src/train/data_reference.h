/* A dataset's reference scale, recomputed outside the trainer.
 *
 * The trainer turns generator output x back into data units as
 * z = h_ref x + m_ref, m_ref the mean sample midpoint over the whole
 * dataset. How samples are scaled ([data] normalize; docs/hpc.md,
 * "Terrain normalisation"; trainer_data.c computes m_ref and h_ref over
 * the rank shards):
 *   patch   every sample z -> (z - m) / h (m its midpoint, h its half
 *           range): every sample spans [-1, 1] exactly, so the data's
 *           spread of reliefs is lost; h_ref = the mean half range;
 *   relief  z -> (z - m) / h_ref with h_ref = the LARGEST half range:
 *           every sample fits in [-1, 1] and keeps its relief relative to
 *           the others, so a generator can learn the relief distribution;
 *   none    values as stored; m_ref = 0, h_ref = 1. Checkpoints store them (/data/offset, /data/scale)
 * since that was added; for older checkpoints `physgan generate`
 * recomputes them here from the same file, with the
 * same per-sample definition, in one pass of row blocks. The sums run in
 * another order than the trainer's per-rank sums, so the result may
 * differ from the trainer's in the last bits of a double only. Not
 * collective. */
#ifndef PG_TRAIN_DATA_REFERENCE_H
#define PG_TRAIN_DATA_REFERENCE_H

#include <stddef.h>

#include "base/status.h"

typedef enum pg_normalize {
    PG_NORMALIZE_NONE = 0,
    PG_NORMALIZE_PATCH = 1,
    PG_NORMALIZE_RELIEF = 2,
} pg_normalize;

/* "none", "patch" or "relief" (the [data] normalize choices). */
pg_status pg_normalize_parse(const char *name, pg_normalize *out);

typedef struct pg_data_reference {
    size_t n, c, h, w;   /* samples and sample shape (c = 1 for rank 3) */
    double offset;       /* m_ref (0 without normalisation) */
    double scale;        /* h_ref (1 without normalisation) */
    double cell_size_m;  /* terrain/1: cell_size_m attribute, else 0 */
    double cell_size_y_m;/* cell_size_y_m when present, else cell_size_m */
} pg_data_reference;

/* Read dataset (float32 (N,H,W) or (N,C,H,W)) of path; compute m_ref and
 * h_ref for the given normalisation (0 and 1 for PG_NORMALIZE_NONE). A "/terrain" dataset opens as
 * terrain/1 and its cell sizes are read. */
pg_status pg_data_reference_compute(const char *path, const char *dataset,
                                    pg_normalize normalize,
                                    pg_data_reference *out);

#endif
