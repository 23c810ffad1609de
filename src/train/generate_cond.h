/* `physgan generate --input FILE.h5` for conditional checkpoints
 * (docs/terrain.md, "Generating terrain"): the patches of a terrain/1
 * input file go through the checkpoint's generator instead of noise.
 *
 *   cyclegan  G_AB (the checkpoint's /G/params) translates synthetic
 *             patches (domain A) to real-looking
 *             ones (domain B): each input patch is normalised by its own
 *             midpoint and half range, as in training, and G_AB's output
 *             returns to metres with them; the output takes the real
 *             domain's cell sizes stored in the checkpoint
 *             (/data/cell_size_m, /data/cell_size_y_m).
 *   unet_sr   each input patch is block-averaged by [model] sr_factor
 *             (the coarse DEM, physics/terrain/terrain_sr_pairs.h) and G upsamples
 *             it back: normalised by the coarse patch's midpoint and half
 *             range, returned to metres with them; the output keeps the
 *             input's patch size and cell sizes.
 *
 * Patch i of the output is patch i of the input (the first n). Not
 * collective: under MPI every rank opens the input read-only and runs
 * its own rows. */
#ifndef PG_TRAIN_GENERATE_COND_H
#define PG_TRAIN_GENERATE_COND_H

#include <stddef.h>

#include "base/config.h"
#include "base/status.h"
#include "io/checkpoint.h"
#include "physics/terrain/terrain_breach.h"

typedef struct pg_generate_cond pg_generate_cond;

/* 1 when [model] arch is a conditional model generate runs: cyclegan or
 * unet_sr. */
int pg_generate_cond_arch_is(const char *arch);

/* Build the generator of checkpoint c (ckpt names it in errors; cfg is
 * its job) for the patches of input, at most batch patches per run; the
 * input must hold at least n patches. */
pg_status pg_generate_cond_open(const pg_config *cfg, const pg_checkpoint *c,
                                const char *ckpt, const char *input, long n,
                                int batch, pg_generate_cond **out);
/* The generator alone, for output patches of h x w cells (unet_sr: its
 * input is h/sr_factor x w/sr_factor), input cells dx_m x dy_m (0: not
 * known, no check against the cyclegan's real domain): for callers that
 * bring their patches in memory (pg_generate_cond_run_input; the C API). */
pg_status pg_generate_cond_create(const pg_config *cfg,
                                  const pg_checkpoint *c, const char *ckpt,
                                  size_t h, size_t w, double dx_m,
                                  double dy_m, int batch,
                                  pg_generate_cond **out);
/* G's input patch shape (unet_sr: the coarse patch). */
void pg_generate_cond_input_shape(const pg_generate_cond *g, size_t *h,
                                  size_t *w);
/* Output patch shape and cell sizes (metres, x and y). */
void pg_generate_cond_shape(const pg_generate_cond *g, size_t *h, size_t *w,
                            double *dx_m, double *dy_m);
/* "translated by G_AB" / "upsampled x4" for summaries. */
const char *pg_generate_cond_what(const pg_generate_cond *g);
/* Input patches [row, row + k) (k <= batch) through G into out (k h w
 * elevations in metres). */
pg_status pg_generate_cond_run(pg_generate_cond *g, size_t row, size_t k,
                               float *out);
/* k (<= batch) patches given in memory, metres: cyclegan: patches to
 * translate (h x w each); unet_sr: coarse patches (the block means,
 * h/sr_factor x w/sr_factor each) to upsample. The same arithmetic as
 * pg_generate_cond_run on the same patches. */
pg_status pg_generate_cond_run_input(pg_generate_cond *g, const float *in,
                                     size_t k, float *out);

/* unet_sr inference options (docs/terrain.md, "Super-resolution", the
 * options of generate and eval sr); both off by default.
 *   flip_ensemble  G's output is the mean over the 4 mirror images of the
 *                  coarse patch (none, x, y, both), each mirrored back: a
 *                  geometric self-ensemble (Lim et al. 2017, mirrors only,
 *                  valid on non-square cells); it keeps the block means,
 *                  since each member does
 *   drain_rounds   > 0: then breach and restore the block means that many
 *                  rounds (physics/terrain/terrain_sr_drain.h) with
 *                  PG_TERRAIN_BREACH_DROP_M
 * PG_ERR_ARG for a cyclegan. */
pg_status pg_generate_cond_set_sr(pg_generate_cond *g, int flip_ensemble,
                                  int drain_rounds);
/* What draining has done so far (zeros when off). */
pg_terrain_breach_stats pg_generate_cond_drain_stats(
    const pg_generate_cond *g);
void pg_generate_cond_close(pg_generate_cond **g);

#endif
