/* One run of `physgan train` (docs/hpc.md): what every trainer (generic,
 * paired, CycleGAN) holds the same way, in one object: the duplicated
 * communicator with this rank and the number of ranks, the job and its
 * resolved text, the run directory, the testing hooks, the shared
 * [optim]/[train] keys, this rank's noise stream, the step counter, the
 * clocks (wall time of earlier sessions, start, last checkpoint), and rank
 * 0's metrics.csv and train.log. Its functions are the steps every
 * trainer takes alike: begin (communicator, directory), start (job text,
 * run directory, the checkpoint to resume), open the outputs, log a line,
 * write and restore the run's part of a checkpoint (run_ckpt.h), release.
 *
 * A trainer embeds it as PG_RUN_MEMBERS, so its own code keeps the plain
 * names (t->comm, t->step) while &t->run is the pg_run the shared code
 * (these functions, train_loop.h) takes. */
#ifndef PG_TRAIN_RUN_H
#define PG_TRAIN_RUN_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/config.h"
#include "base/rng.h"
#include "base/status.h"
#include "io/checkpoint.h"
#include "train/train_opts.h"
#include "train/watchdog.h"

/* Testing hooks (0 = off): stop_after requests a stop after that step
 * through the signal path; poison_step writes a NaN into the generator
 * output at that step (rank 0), as a diverged model would. */
typedef struct pg_trainer_hooks {
    long stop_after;
    long poison_step;
} pg_trainer_hooks;

typedef enum pg_train_outcome {
    PG_TRAIN_FINISHED, /* [train] steps done, final checkpoint written */
    PG_TRAIN_STOPPED,  /* stopped by a signal after a checkpoint */
} pg_train_outcome;

#define PG_RUN_FIELDS                                                         \
    MPI_Comm comm;              /* the caller's, duplicated */                \
    int rank, size;                                                           \
    const pg_config *cfg;       /* the job (borrowed) */                      \
    char *config_text;          /* its resolved text (checkpoint /config) */  \
    pg_trainer_hooks hooks;                                                   \
    char *run_dir, *ckpt_dir;   /* [output] dir and its checkpoints/ */       \
    const pg_train_opts *opts;  /* the trainer's [optim]/[train] keys */      \
    pg_rng *noise;              /* this rank's stream (/rng/rank_K) */        \
    int64_t step;               /* steps done */                              \
    double wall_before_s;       /* training wall time of earlier sessions */  \
    double t_start, t_last_ckpt; /* pg_clock_now_s() of both */               \
    FILE *metrics, *log;        /* rank 0's metrics.csv, train.log */      \
    pg_watchdog *watchdog;      /* from pg_run_start (NULL when off) */

typedef struct pg_run {
    PG_RUN_FIELDS
} pg_run;

/* The fields by their names and, overlaid on them (same declarations,
 * same layout), all of them as `run`. */
#define PG_RUN_MEMBERS                                                        \
    union {                                                                   \
        struct {                                                              \
            PG_RUN_FIELDS                                                     \
        };                                                                    \
        pg_run run;                                                           \
    }

/* The start of every trainer's create, on a zeroed r: comm duplicated
 * (with this rank and the size), cfg borrowed, run_dir copied, hooks
 * copied (NULL: none). On failure r holds what was made, for
 * pg_run_release. Not collective (MPI_Comm_dup is, over comm). */
pg_status pg_run_begin(pg_run *r, const pg_config *cfg, const char *run_dir,
                       const pg_trainer_hooks *hooks, MPI_Comm comm);
/* Collective, after the trainer read its options (opts_status: their
 * status, agreed here; opts: the shared keys, kept in r): the resolved
 * job text, the checkpoints path, this rank's noise stream of
 * [train] seed, rank 0's pg_run_prepare (run directory, job.ini), the
 * checkpoint to resume into ckpt on every rank ("" to start fresh), and
 * the watchdog, which watches the rest of the start-up and the loop. */
pg_status pg_run_start(pg_run *r, pg_status opts_status,
                       const pg_train_opts *opts, int resume, char *ckpt,
                       size_t cap);
/* Collective: rank 0 opens metrics.csv with header (kept up to r->step
 * when resuming from ckpt, else new) and train.log; on a resume, the
 * line "resume from CKPT at step N on K ranks". */
pg_status pg_run_open_outputs(pg_run *r, const char *header,
                              const char *ckpt);
/* Both clocks from now: call when create has finished. */
void pg_run_clock_start(pg_run *r);
/* A timestamped line of train.log (rank 0; no-op elsewhere). */
void pg_run_log(const pg_run *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Collective: add the run's part to c, which holds the trainer's arrays
 * (loader slot: epoch, index), write it as ckpt_dir/ckpt-STEP.h5 keeping
 * the newest [train] keep_checkpoints, restart the checkpoint clock, and
 * log "checkpoint PATH (step N)". c stays the caller's. */
pg_status pg_run_checkpoint_write(pg_run *r, pg_checkpoint *c, int64_t epoch,
                                  int64_t index);
/* The run's part back from checkpoint c read from path: this rank's noise
 * state, the step, the wall time of earlier sessions and the loader slot
 * (*epoch, *index), checked against batches_per_epoch of the data file
 * `data`; then a warning when the job differs from the checkpoint's in a
 * key that changes the trajectory. Not collective. */
pg_status pg_run_checkpoint_restore(pg_run *r, const pg_checkpoint *c,
                                    const char *path, const char *data,
                                    int64_t batches_per_epoch, int64_t *epoch,
                                    int64_t *index);

/* Frees what r holds (files, strings, stream, the duplicated
 * communicator: collective then) and zeroes it. */
void pg_run_release(pg_run *r);

#endif
