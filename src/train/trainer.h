/* The generic GAN trainer behind `physgan train JOB.ini` (docs/hpc.md).
 *
 * Data parallel over an MPI communicator: every rank holds G and D (rank
 * 0's initial parameters are broadcast), reads its own shard of the
 * dataset (io/shard.h, shuffled per epoch by (seed, epoch)), and the ranks
 * average each network's flat gradient buffer with one MPI_Allreduce per
 * step before identical Adam updates, so parameters stay equal on every
 * rank. Rank 0 writes the run directory: job.ini, metrics.csv, train.log,
 * samples/ and checkpoints/.
 *
 * Stops: the run ends after [train] steps, or earlier when a stop signal
 * arrives on any rank (train/signals.h; all ranks agree in the same step,
 * checkpoint and return PG_TRAIN_STOPPED), or with PG_ERR_NUMERIC when a
 * loss term or penalty is NaN/Inf (no checkpoint of the bad step). Resumed
 * runs continue bit-identically with the same rank count. */
#ifndef PG_TRAIN_TRAINER_H
#define PG_TRAIN_TRAINER_H

#include <mpi.h>

#include "base/config.h"
#include "base/status.h"
#include "train/run.h"

typedef struct pg_trainer pg_trainer;

/* Collective over comm (duplicated). Builds everything from cfg (borrowed;
 * must outlive the trainer) into run directory run_dir: creates it on
 * rank 0, and with resume restores the newest good checkpoint there (a
 * run directory without checkpoints starts fresh; one with checkpoints
 * but without resume is refused). Every rank returns the same status. */
pg_status pg_trainer_create(const pg_config *cfg, const char *run_dir,
                            int resume, const pg_trainer_hooks *hooks,
                            MPI_Comm comm, pg_trainer **out);
/* Collective. Train until done or stopped; plain: progress lines instead
 * of a redrawn bar on rank 0's terminal. */
pg_status pg_trainer_run(pg_trainer *t, int plain, pg_train_outcome *out);
/* Steps done so far. */
long pg_trainer_step(const pg_trainer *t);
/* Collective (frees the duplicated communicator). Accepts NULL. */
void pg_trainer_destroy(pg_trainer **t);

/* For tests: G and D flat buffers (weights, state) and Adam moments. */
typedef struct pg_trainer_view {
    const float *gw, *gs, *dw, *ds, *gm, *gv, *dm, *dv;
    size_t gnw, gns, dnw, dns;
    long g_adam_steps, d_adam_steps;
} pg_trainer_view;
void pg_trainer_view_get(pg_trainer *t, pg_trainer_view *v);

#endif
