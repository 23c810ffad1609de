/* `physgan bench foam` (docs/foam.md, "Speed of the surrogate").
 *
 * Simulator side: the speed of the Potts foam simulator
 * (physics/foam/foam_potts.h) in attempted site updates per second,
 * counted as the reference (SPPARKS) counts them: one MCS = one attempted
 * update per site, so the rate is MCS x N^2 / seconds. The Voronoi start
 * is not timed. Under MPI every rank runs its own lattice (seeded by its
 * rank) and the rates add up, as for independent sequences in `simulate
 * foam`.
 *
 * Surrogate side: the Potts simulator and the foam surrogate advanced over
 * the same physical time, at the same resolution, from the same start
 * frames, on one thread each. */
#ifndef PG_TRAIN_BENCH_FOAM_H
#define PG_TRAIN_BENCH_FOAM_H

#include <mpi.h>
#include <stddef.h>

#include "base/status.h"
#include "physics/foam/foam_potts.h"

typedef struct pg_bench_foam_sim_opts {
    long size, bubbles, mcs, seed;
    double temperature;
    pg_foam_proposal proposal; /* physics/foam/foam_potts.h */
    pg_foam_sweep sweep;
} pg_bench_foam_sim_opts;

typedef struct pg_bench_foam_sim_result {
    double seconds, cpu_seconds, site_rate, boundary_rate, site_rate_cpu;
    long bubbles_start, bubbles_end;
    long long site_attempts, boundary_attempts, flips;
    /* Decomposed runs: halo bytes sent per rank per MCS (mean over
     * ranks), seconds in halo exchanges (slowest rank), strip rows of
     * rank 0. */
    double halo_bytes_per_mcs, halo_seconds;
    int strip_rows;
} pg_bench_foam_sim_result;

/* This rank's lattice (RNG stream of `rank`): o->mcs timed MCS. Not
 * collective. */
pg_status pg_bench_foam_simulator(const pg_bench_foam_sim_opts *o, int rank,
                                  pg_bench_foam_sim_result *r);
/* Collective over comm (MPI_COMM_NULL: one process): ONE lattice (rank
 * 0's Voronoi start, stream of rank 0) decomposed into strips over the
 * ranks (physics/foam/io/foam_decomp.h, `slices` sector rounds per MCS in
 * random order), o->mcs timed MCS; r as after
 * pg_bench_foam_simulator_reduce (wall time of the slowest rank), on
 * every rank. */
pg_status pg_bench_foam_decomposed(const pg_bench_foam_sim_opts *o,
                                   int slices, MPI_Comm comm,
                                   pg_bench_foam_sim_result *r);
/* Collective over comm (more than one rank): aggregate throughput, work
 * summed over ranks, time of the slowest rank, CPU seconds summed. */
void pg_bench_foam_simulator_reduce(pg_bench_foam_sim_result *r,
                                    MPI_Comm comm);

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
