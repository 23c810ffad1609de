/* A terrain GAN's generator rebuilt from its checkpoint for sampling: the
 * one way `physgan generate` and the C API (src/api) turn noise into
 * terrain patches, so that both give the same bits.
 *
 * G runs in evaluation mode (batch-norm running statistics) with the
 * checkpoint's G/params, or G_ema/params when ema is set, in passes of
 * `batch` patches. Its [-1, 1] output goes back to metres as the trainer's
 * sample files do, z = h_ref x + m_ref, with m_ref and h_ref from the
 * checkpoint (/data/offset, /data/scale) or, for checkpoints without them,
 * recomputed from the training data (train/data_reference.h). The sample
 * shape and cell sizes come from a data file when the caller names one
 * (its cell sizes are exact; the checkpoint stores float32), else from the
 * checkpoint (/data/channels, height, width, cell_size_m, cell_size_y_m),
 * else, for checkpoints made before those were stored, from the job's
 * [data] path.
 *
 * Patch i of a noise stream is its draws [i z_dim, (i + 1) z_dim). BLAS
 * kernels may round a column differently by its position in the matrix,
 * so a patch's bits also depend on its slot in the pass: callers put
 * patch i in slot i % batch (passes start at multiples of batch). Not
 * collective. */
#ifndef PG_TRAIN_TERRAIN_SAMPLER_H
#define PG_TRAIN_TERRAIN_SAMPLER_H

#include <stddef.h>

#include "base/config.h"
#include "base/rng.h"
#include "base/status.h"
#include "io/checkpoint.h"
#include "train/data_reference.h"

typedef struct pg_terrain_sampler pg_terrain_sampler;

/* G of checkpoint c (path names it in messages; cfg is its job, [model]
 * arch a GAN of train/model_registry.h trained on /terrain). data: the
 * training data file, or NULL (see above). On failure *out is NULL. */
pg_status pg_terrain_sampler_open(const pg_config *cfg,
                                  const pg_checkpoint *c, const char *path,
                                  const char *data, int ema, int batch,
                                  pg_terrain_sampler **out);
void pg_terrain_sampler_close(pg_terrain_sampler **s);

/* Sample shape (c = 1, h, w), cell sizes, m_ref (offset) and h_ref
 * (scale); n is 0 when the data file was not read. */
const pg_data_reference *pg_terrain_sampler_ref(const pg_terrain_sampler *s);
int pg_terrain_sampler_z_dim(const pg_terrain_sampler *s);
int pg_terrain_sampler_batch(const pg_terrain_sampler *s);

/* Where every pass leaves its patches (batch h w floats, metres). */
float *pg_terrain_sampler_buffer(const pg_terrain_sampler *s);
/* Draw and drop the noise of `patches` patches (a caller starting later
 * in the stream; rng.h has no skip-ahead). */
void pg_terrain_sampler_skip(pg_terrain_sampler *s, pg_rng *noise,
                             size_t patches);
/* One pass: the next k (<= batch) patches' noise from `noise` into slots
 * 0..k-1 (the others zero), G, metres. *out: batch h w floats, the first
 * k patches valid: pg_terrain_sampler_buffer. */
pg_status pg_terrain_sampler_pass(pg_terrain_sampler *s, pg_rng *noise,
                                  size_t k, float **out);

#endif
