/* The surrogate side of `physgan bench foam`: the Potts simulator and the
 * foam surrogate advanced over the same physical time, at the same
 * resolution, from the same start frames, on one thread each
 * (docs/foam.md, "Speed of the surrogate"). */
#ifndef PG_CLI_BENCH_FOAM_SURROGATE_H
#define PG_CLI_BENCH_FOAM_SURROGATE_H

#include "base/status.h"

typedef struct pg_bench_surrogate_opts {
    const char *checkpoint;  /* unet_foam checkpoint, or NULL */
    const char *job;         /* job file for a fresh G (no checkpoint), or
                              * NULL: unet_foam with the [model] defaults */
    long size, bubbles, seed, start, steps, batch;
    double temperature;
    double step_mcs;         /* fresh G only (a checkpoint has its own) */
    int project;             /* as `physgan rollout` (default on) */
    long coarse;             /* as `physgan rollout --coarse` (default 1) */
} pg_bench_surrogate_opts;

typedef struct pg_bench_surrogate_result {
    char source[512];        /* which G, in words */
    size_t params;
    double step_mcs, mcs;    /* one step, and steps x step (per sequence) */
    double sim_seconds, sim_cpu_seconds;     /* all sequences */
    double sur_seconds, sur_cpu_seconds;     /* rollout as physgan rollout */
    double forward_seconds, forward_cpu_seconds; /* G alone, same steps */
    double speedup, speedup_forward;         /* sim / surrogate, wall */
    double speedup_cpu;      /* the same in CPU seconds (steadier on a
                              * shared machine; both sides one thread) */
} pg_bench_surrogate_result;

pg_status pg_bench_foam_surrogate(const pg_bench_surrogate_opts *o,
                                  pg_bench_surrogate_result *r);

#endif
