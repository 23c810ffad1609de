/* The DCGAN training-step benchmark (`physgan bench dcgan64`): the 64x64
 * DCGAN of models/dcgan64.h trained by train/gan_step.h with the PyTorch
 * reference's optimiser (Adam 2e-4, betas (0.5, 0.999), eps 1e-8) on a
 * fixed real batch of tanh(N(0, 1)) images, the model and step that
 * bench/compare_torch.sh runs beside it (docs/benchmarks.md). */
#ifndef PG_TRAIN_BENCH_DCGAN_H
#define PG_TRAIN_BENCH_DCGAN_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "nn/ops.h"
#include "train/gan_step.h"

enum { PG_BENCH_DCGAN_WARMUP = 2 }; /* untimed steps before the timed ones */

typedef struct pg_bench_dcgan_opts {
    int batch;      /* per rank */
    long steps;     /* timed */
    uint64_t seed;
    int profile;    /* time per op kind */
} pg_bench_dcgan_opts;

typedef struct pg_bench_dcgan_result {
    int ranks;
    double sec;            /* per timed step, the slowest rank's */
    double peak_rss_mb;    /* per process, the largest */
    double flops;          /* per step and rank (docs/benchmarks.md) */
    size_t params_g, params_d;
    pg_gan_step_losses last; /* of the last step (rank 0) */
    /* With profile (rank 0): seconds per step by op kind, and the FLOPs
     * counted per step by op kind. */
    double op_sec[PG_OP_COUNT], op_flops[PG_OP_COUNT];
} pg_bench_dcgan_result;

/* Collective over comm (MPI_COMM_NULL: a serial run without MPI calls):
 * same initial weights on every rank, own noise and real batch per rank,
 * gradients averaged with one allreduce per network per step.
 * PG_BENCH_DCGAN_WARMUP steps, then opts->steps timed ones. */
pg_status pg_bench_dcgan_run(const pg_bench_dcgan_opts *o, MPI_Comm comm,
                             pg_bench_dcgan_result *out);

#endif
