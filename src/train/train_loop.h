/* The training loop shared by the trainers behind `physgan train`: steps,
 * the per-step agreement of all ranks on stopping (signal or --stop-after,
 * a non-finite loss term, the checkpoint clock), metrics rows at fixed
 * steps, sample files, checkpoints and the progress line. A trainer
 * supplies its step, metrics row and checkpoint as callbacks, so the stop
 * and resume policy (docs/hpc.md) lives in one place. Collective. */
#ifndef PG_TRAIN_TRAIN_LOOP_H
#define PG_TRAIN_TRAIN_LOOP_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/status.h"
#include "train/run.h"

typedef struct pg_train_loop {
    /* The trainer's run: ranks, [train] steps/log_every/checkpoint_every/
     * checkpoint_minutes, hooks, the step counter (step_fn bumps it), the
     * checkpoint clock (the checkpoint callback restarts it), train.log. */
    pg_run *run;
    long sample_every;          /* 0: the trainer writes no sample files */
    double samples_per_step;    /* per rank, for samples_per_s */
    void *self;
    /* One step (collective); increments run->step. The trainer applies
     * the poison_step hook itself. */
    pg_status (*step_fn)(void *self);
    /* Index+1 of the first non-finite term of this rank's last step (0:
     * all finite), and the name of a term index (agreed over ranks). */
    int (*bad_term)(void *self);
    const char *(*term_name)(void *self, int term);
    /* Rank-mean of the last step's metrics appended to metrics.csv
     * (collective; rank 0 writes). */
    pg_status (*metrics_row)(void *self, double samples_per_s);
    void (*progress_text)(void *self, char *buf, size_t cap);
    pg_status (*samples)(void *self);      /* collective; NULL: none */
    pg_status (*checkpoint)(void *self);   /* collective */
} pg_train_loop;

/* A row of metrics.csv: the run's step, epoch, the rank-means of v[0..n),
 * then grad_norm_g, grad_norm_d (of the averaged gradients: equal on all
 * ranks), samples_per_s and the run's wall time, wall_before_s + now -
 * t_start. */
typedef struct pg_train_row {
    int64_t epoch;
    double *v;                  /* this rank's; summed over ranks in place */
    int n;
    double grad_norm_g, grad_norm_d, samples_per_s;
} pg_train_row;

/* Collective: rank 0 appends row to r's metrics.csv (named when the write
 * fails). */
pg_status pg_train_row_write(const pg_run *r, const pg_train_row *row);

/* names[term - 1] for a bad_term index in 1..n, else "?" (a trainer's
 * term_name callback over its table of term names). */
const char *pg_train_term_from(const char *const *names, int n, int term);

/* Train until the run's step reaches [train] steps or a stop is agreed;
 * plain: progress lines instead of a redrawn bar on rank 0's terminal. */
pg_status pg_train_loop_run(const pg_train_loop *l, int plain,
                            pg_train_outcome *out);

#endif
