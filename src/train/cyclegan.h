/* The CycleGAN trainer (Zhu et al. 2017) behind `physgan train JOB.ini`
 * when [model] arch = cyclegan (docs/terrain.md, "Synthetic to real"):
 * unpaired translation between domain A, synthetic terrain ([data]
 * path_synthetic, `physgan simulate terrain`), and domain B, real terrain
 * ([data] path, `physgan import dem`), both terrain/1 files of patches of
 * one size, each patch normalised by its own midpoint and half range.
 *
 * Four nets (cyclegan_model.h): G_AB, G_BA, D_A, D_B. Each step draws a
 * batch a of A and b of B, then
 *   L_G = adv(D_B(G_AB(a))) + adv(D_A(G_BA(b)))
 *       + [loss] cycle_weight    * (|G_BA(G_AB(a)) - a| + |G_AB(G_BA(b)) - b|)
 *       + [loss] identity_weight * (|G_AB(b) - b| + |G_BA(a) - a|)
 *       + [physics] terrain_slope_weight * terrain.slope(G_AB(a) in metres)
 * (|.| the mean absolute difference, adv the loss zoo's G term on every
 * element of the logit map; G_AB(a) returns to metres with a's own
 * midpoint and half range, on the real file's cell sizes), one Adam step
 * of each G; then each D takes the loss zoo's D term on its real batch
 * against the fakes of this step (d_steps times, on the same batch).
 *
 * Everything else is the generic trainer's: run directory (job.ini,
 * metrics.csv, train.log, checkpoints/), the loop (train_loop.h: stop on
 * signals with exit 3, NaN stops, the checkpoint clock), MPI data
 * parallelism (each rank reads its shards of both files, one gradient
 * allreduce per net update), and checkpoints with the four nets, four
 * Adam states, both loader positions and every rank's RNG, so --resume
 * continues bit-identically. */
#ifndef PG_TRAIN_CYCLEGAN_H
#define PG_TRAIN_CYCLEGAN_H

#include <mpi.h>

#include "base/config.h"
#include "base/status.h"
#include "train/run.h"

typedef struct pg_cyclegan pg_cyclegan;

/* Collective over comm (duplicated); as pg_trainer_create. */
pg_status pg_cyclegan_create(const pg_config *cfg, const char *run_dir,
                             int resume, const pg_trainer_hooks *hooks,
                             MPI_Comm comm, pg_cyclegan **out);
/* Collective; as pg_trainer_run. */
pg_status pg_cyclegan_run(pg_cyclegan *c, int plain, pg_train_outcome *out);
long pg_cyclegan_step(const pg_cyclegan *c);
/* Collective. Accepts NULL. */
void pg_cyclegan_destroy(pg_cyclegan **c);

#endif
