/* The paired conditional GAN trainer (pix2pix, Isola et al. 2017) behind
 * `physgan train JOB.ini` when [model] arch = unet_sr (docs/terrain.md,
 * "Super-resolution") or unet_foam (docs/foam.md, "The surrogate").
 *
 * Each step takes a batch of (condition c, target t) pairs from the
 * arch's kind (pix2pix_impl.h): for unet_sr c is the terrain patch
 * block-averaged by [model] sr_factor and t the patch itself
 * (physics/terrain/terrain_sr_pairs.h); for unet_foam c is the film field of frame t
 * and t that of frame t + frame_step. With G a U-Net (models/unet.h) and D
 * a PatchGAN on concat(c, sample) (models/patchgan.h):
 *   L_D = loss zoo D term on D(c, t) (real) and D(c, G(c)) (fake), every
 *         element of the logit map counted as one sample;
 *   L_G = loss zoo G term on D(c, G(c))
 *       + [loss] l1_weight * mean |G(c) - t|
 *       + [loss] fm_weight * feature matching on D's last hidden layer
 *       + the kind's physics penalties (unet_sr: terrain_slope_weight *
         terrain.slope(G(c) in metres); unet_foam: foam.mass, foam.plateau,
         foam.vonneumann on phi = (G(c) + 1) / 2)
       + [loss] pf_weight * Professor Forcing (unet_foam, pix2pix_pf.c).
 * It shares the generic trainer's machinery and outputs: the same run
 * directory (job.ini, metrics.csv, train.log, checkpoints/ with the same
 * checkpoint/1 arrays G/params, D/params, the opt arrays), the MPI data
 * parallelism (one gradient allreduce per network update, rank shards),
 * signals (stop after a checkpoint, exit 3), NaN stops and --resume.
 * The loop is the shared one (train_loop.h, callbacks in pix2pix_loop.c),
 * the run setup run_setup.h's, and the checkpoint's nets go through
 * trainer_ckpt.c's helpers (pix2pix_ckpt.c: a model without latent
 * noise). */
#ifndef PG_TRAIN_PIX2PIX_H
#define PG_TRAIN_PIX2PIX_H

#include <mpi.h>

#include "base/config.h"
#include "base/status.h"
#include "train/run.h"

typedef struct pg_pix2pix pg_pix2pix;

/* Whether [model] arch names a paired model trained here ("unet_sr",
 * "unet_foam"). */
int pg_pix2pix_arch_is(const char *arch);

/* Collective over comm (duplicated); as pg_trainer_create. hooks: only
 * stop_after and poison_step (NaN in G's output) are used. */
pg_status pg_pix2pix_create(const pg_config *cfg, const char *run_dir,
                            int resume, const pg_trainer_hooks *hooks,
                            MPI_Comm comm, pg_pix2pix **out);
/* Collective; as pg_trainer_run. */
pg_status pg_pix2pix_run(pg_pix2pix *p, int plain, pg_train_outcome *out);
long pg_pix2pix_step(const pg_pix2pix *p);
/* Collective. Accepts NULL. */
void pg_pix2pix_destroy(pg_pix2pix **p);

#endif
