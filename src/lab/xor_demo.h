/* The XOR demo (`physgan demo xor`), the engine's end-to-end self-check:
 * an MLP learns the XOR of the signs of two coordinates (label 1 when
 * x*y > 0) from PG_XOR_DEMO_TRAIN random points and is scored on
 * PG_XOR_DEMO_TEST held-out points. It exercises the graph, dense layers,
 * activations, the BCE loss, the optimiser, the RNG streams and the job
 * file's [model], [optim] and [train] keys. Not collective. */
#ifndef PG_LAB_XOR_DEMO_H
#define PG_LAB_XOR_DEMO_H

#include <stddef.h>

#include "base/config.h"
#include "base/progress.h"
#include "base/status.h"

enum { PG_XOR_DEMO_TRAIN = 1024, PG_XOR_DEMO_TEST = 4096 };
/* The documented promise: this accuracy within the default 2000 steps. */
#define PG_XOR_DEMO_TARGET 0.98

typedef struct pg_xor_demo_opts {
    long steps, batch, seed, eval_every, threads, hidden, layers;
    const char *optimizer; /* "adam" or else SGD; owned by the config */
    double lr, beta1, beta2, eps, weight_decay, momentum;
} pg_xor_demo_opts;

/* The options from a loaded job (jobs/xor-demo.ini's keys). */
pg_status pg_xor_demo_opts_read(const pg_config *job, pg_xor_demo_opts *o);

typedef struct pg_xor_demo_result {
    double loss;      /* of the last step */
    double accuracy;  /* held-out, after the last step */
    long reached;     /* first evaluated step at the target, 0: before
                         training, -1: never */
    size_t parameters;
    int passed;       /* accuracy >= PG_XOR_DEMO_TARGET */
} pg_xor_demo_result;

/* Build the data, the MLP and its optimiser and train opts->steps steps,
 * scoring every eval_every steps and after the last; progress (may be
 * NULL) gets "loss=... acc=..." each step. */
pg_status pg_xor_demo_run(const pg_xor_demo_opts *o, pg_progress *progress,
                          pg_xor_demo_result *out);

#endif
