/* The part of a checkpoint (docs/hpc.md, "Checkpoints") that the three
 * trainers (generic, paired, CycleGAN) write the same way: the job text,
 * step and loader position, train/wall_ms and every rank's RNG state next
 * to the trainer's own arrays, then the atomic, sealed write of
 * DIR/ckpt-STEP.h5 and the retention of the newest ones. */
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

#endif
