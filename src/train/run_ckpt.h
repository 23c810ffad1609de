/* The part of a checkpoint (docs/hpc.md, "Checkpoints") that the three
 * trainers (generic, paired, CycleGAN) write and read back the same way:
 * the job text, step and loader position, train/wall_ms and every rank's
 * RNG state next to the trainer's own arrays, the atomic, sealed write of
 * DIR/ckpt-STEP.h5 with the retention of the newest ones, and on resume
 * the checks that the checkpoint fits the run (number of ranks, loader
 * position) and the warning about a changed job. The run object (run.h)
 * calls these with its own fields. */
#ifndef PG_TRAIN_RUN_CKPT_H
#define PG_TRAIN_RUN_CKPT_H

#include <mpi.h>
#include <stdint.h>

#include "base/rng.h"
#include "base/status.h"
#include "io/checkpoint.h"

typedef struct pg_run_ckpt {
    const char *config_text;   /* the resolved job (/config) */
    int64_t step;
    int64_t epoch, index;      /* the checkpoint/1 loader slot */
    double wall_s;             /* training wall time of all sessions */
    pg_rng *noise;             /* this rank's stream (/rng/rank_K) */
    const char *dir;           /* run_dir/checkpoints */
    long keep;                 /* [train] keep_checkpoints */
    MPI_Comm comm;
} pg_run_ckpt;

/* Collective: add r's parts to c, which holds the trainer's nets,
 * optimiser states and other arrays, and write it as DIR/ckpt-STEP.h5,
 * keeping the newest `keep`. *path: the file (malloc'd, on every rank;
 * NULL on failure). c stays the caller's to destroy. */
pg_status pg_run_ckpt_save(pg_checkpoint *c, const pg_run_ckpt *r,
                           char **path);

/* Not collective: the checkpoint at path as rank `rank` reads it, refused
 * (PG_ERR_STATE) when written by another number of ranks than size: each
 * rank's data shard and noise stream are part of the state. */
pg_status pg_run_ckpt_read(const char *path, int rank, int size,
                           pg_checkpoint **out);
/* The shared part back from c: this rank's RNG state into noise, the
 * step, the loader slot and the wall time of the earlier sessions (0 when
 * c has no train/wall_ms, as in checkpoints older than it). */
pg_status pg_run_ckpt_restore(const pg_checkpoint *c, pg_rng *noise,
                              int64_t *step, int64_t *epoch, int64_t *index,
                              double *wall_before_s);
/* PG_ERR_FORMAT naming the checkpoint at path and the data file when a
 * restored loader position does not fit the data's batches per epoch. */
pg_status pg_run_ckpt_loader_check(const char *path, const char *data,
                                   int64_t epoch, int64_t index,
                                   int64_t batches_per_epoch);
/* Warn (not fail: a lower learning rate after a NaN is a legitimate
 * resume) when job text `now` differs from the checkpoint's `saved` in a
 * key that changes the trajectory (not steps, threads, output dir,
 * checkpoint and logging cadence). */
void pg_run_ckpt_warn_config(const char *saved, const char *now,
                             const char *path);

#endif
