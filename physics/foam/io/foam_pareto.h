/* `physgan bench foam --pareto`: cost against error of the ways to advance
 * a foam from the same start frames (docs/foam.md, "Cost against error"):
 *
 *   full      the Potts simulator on the frames' lattice, K steps of M MCS
 *             (the reference every other row is measured against);
 *   S = 2,4,8 the coarse-grained simulator: the start labels block-mode
 *             coarsened S times (physics/foam/foam_grid.h), M / S^2 MCS per
 *             step on the coarse lattice (a foam of S times the lengths
 *             coarsens S^2 times faster in lattice units), each frame
 *             refined back to the frames' sites by the cubic B-spline vote
 *             that `rollout --coarse` uses.
 *
 * Each way writes its K + 1 frames (start included) per sequence as foam/1
 * in `workdir` and is evaluated like a rollout (foam_eval.h): against the
 * full simulator's frames at equal times the count error, mean-area error
 * and area KS; its own growth exponent, first-step bubble loss, von
 * Neumann slope and r and mean |angle - 120| at 3-fold vertices. Wall and
 * CPU seconds count the dynamics and, for S > 1, the coarsening and the
 * refinement of the frames (not the evaluation, not the file writes).
 *
 * Not collective; one thread.
 */
#ifndef PG_DATA_FOAM_PARETO_H
#define PG_DATA_FOAM_PARETO_H

#include <stdint.h>

#include "base/status.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/foam_potts.h"
#include "physics/foam/io/foam_eval.h"
#include "physics/foam/io/foam_init.h"

enum { PG_FOAM_PARETO_MAX_WAYS = 8 };

typedef struct pg_foam_pareto_opts {
    const pg_foam_init *init; /* start frames: every sequence read */
    double temperature;       /* k_B T / J */
    int steps;                /* K >= 1 */
    long step_mcs;            /* M on the frames' lattice, >= 1 */
    uint64_t seed;
    pg_foam_proposal proposal;
    pg_foam_sweep sweep;
    /* Each >= 2, dividing the side, S^2 dividing M; one place in ways[]
     * is left for a surrogate. */
    int strides[PG_FOAM_PARETO_MAX_WAYS - 2];
    int n_strides;
    const char *workdir;      /* existing directory for the frame files */
} pg_foam_pareto_opts;

typedef struct pg_foam_pareto_way {
    int stride;               /* 1: the full simulator; a surrogate's: its
                                 --coarse */
    int surrogate;            /* 1: a surrogate rollout, added by the caller
                                 (src/cli/cmd_bench_foam_pareto.c) */
    long mcs_per_step;        /* on its own lattice */
    double seconds, cpu_seconds;
    double resample_cpu_seconds; /* of cpu_seconds: coarsening the start
                                    and refining every frame (S > 1) */
    pg_foam_eval eval;        /* its own diagnostics */
    pg_foam_eval_cmp cmp;     /* against the full simulator (zero for it) */
} pg_foam_pareto_way;

typedef struct pg_foam_pareto {
    int n_ways;               /* 1 + n_strides; ways[0] is the full one */
    pg_foam_pareto_way ways[PG_FOAM_PARETO_MAX_WAYS];
} pg_foam_pareto;

/* The baseline of equal error for way k (a surrogate's): the index of the
 * coarse-simulator way (stride > 1, not a surrogate) of least CPU time
 * whose count error, mean-area error and area KS against the full
 * simulator are each at most way k's; -1 when none is that accurate. */
int pg_foam_pareto_baseline(const pg_foam_pareto *p, int k);

/* On failure *out holds nothing to free. */
pg_status pg_foam_pareto_run(const pg_foam_pareto_opts *o, pg_foam_pareto *out);
void pg_foam_pareto_free(pg_foam_pareto *p);

#endif
