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
 *             that `rollout --coarse` uses;
 *   floor K   (optional) the label-choice oracle at window K on the grid
 *             `floor_stride` times coarser (physics/foam/foam_label_choice.h):
 *             from the coarsened start, each step every coarse site takes a
 *             label of its K x K window, the one of the full simulator's
 *             next frame (coarsened) where that is in the window; frames
 *             refined as above. It reads the true next frame, so it is no
 *             way to advance a foam: its errors are the floor of any
 *             label-choice surrogate at that window, grid and step. Also
 *             measured one step at a time from the true (coarsened) frame,
 *             so that no lag carries over: the share of sites and of
 *             bubbles the window cannot represent;
 *   vote s    (optional) the Gaussian label vote of width s (coarse sites)
 *             on the same grid, vote_iters votes per step: a label-choice
 *             update that needs no answer, a way like the coarse
 *             simulator's (coarsening and refinement timed).
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

enum {
    PG_FOAM_PARETO_MAX_STRIDES = 6,
    PG_FOAM_PARETO_MAX_FLOORS = 6,
    PG_FOAM_PARETO_MAX_VOTES = 4,
    /* full + strides + floors + votes + one surrogate */
    PG_FOAM_PARETO_MAX_WAYS = 2 + PG_FOAM_PARETO_MAX_STRIDES +
                              PG_FOAM_PARETO_MAX_FLOORS + PG_FOAM_PARETO_MAX_VOTES
};

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
    int strides[PG_FOAM_PARETO_MAX_STRIDES];
    int n_strides;
    /* Label-choice floors: odd windows K (n_floors 0: none) on the grid
     * floor_stride (>= 1, dividing the side) times coarser. */
    int floor_windows[PG_FOAM_PARETO_MAX_FLOORS];
    int n_floors;
    int floor_stride;
    /* Gaussian label votes (foam_label_choice.h) on the same grid:
     * vote_iters votes of width sigma per step, each sigma a way. */
    double vote_sigmas[PG_FOAM_PARETO_MAX_VOTES];
    int n_votes;
    int vote_iters;
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
    int floor_window;         /* > 0: a label-choice floor (stride: its grid) */
    double unrepresentable;   /* floor: share of coarse sites, all steps,
                                 whose true label was not in the window */
    double bubbles_lost;      /* floor: share of the true next frames'
                                 bubbles (coarse grid, all steps) missing
                                 from the floor's frames */
    double unrepresentable_1; /* floor, one step from the true frame (not
                                 its own): the share of sites, and of the
                                 true next bubbles with a site the window
                                 cannot set (all steps) */
    double bubbles_inexact_1;
    double vote_sigma;        /* > 0: a Gaussian vote way (stride: its grid) */
    int vote_iters, vote_window;
} pg_foam_pareto_way;

typedef struct pg_foam_pareto {
    int n_ways;               /* 1 + n_strides + n_floors; ways[0] is the
                                 full one */
    pg_foam_pareto_way ways[PG_FOAM_PARETO_MAX_WAYS];
} pg_foam_pareto;

/* The baseline of equal error for way k (a surrogate's): the index of the
 * coarse-simulator way (stride > 1, not a surrogate) of least CPU time
 * whose count error, mean-area error and area KS against the full
 * simulator are each at most way k's; -1 when none is that accurate.
 * Floors (they read the answer) and votes are never a baseline. */
int pg_foam_pareto_baseline(const pg_foam_pareto *p, int k);

/* On failure *out holds nothing to free. */
pg_status pg_foam_pareto_run(const pg_foam_pareto_opts *o, pg_foam_pareto *out);
void pg_foam_pareto_free(pg_foam_pareto *p);

/* The window of a vote of width sigma: 2 ceil(2.5 sigma) + 1, at most
 * PG_FOAM_LABEL_CHOICE_K_MAX. */
int pg_foam_pareto_vote_window(double sigma);

/* The vote way of width sigma into w (foam_label_floor.c), written to path
 * and evaluated (w->cmp is left to the caller). */
pg_status pg_foam_pareto_vote(const pg_foam_pareto_opts *o, double sigma,
                              const char *path, pg_foam_pareto_way *w);

/* The floor way of window k into w (foam_label_floor.c): the full
 * simulator's frames read from full_path, the floor's written to path and
 * evaluated (w->cmp is left to the caller). */
pg_status pg_foam_pareto_floor(const pg_foam_pareto_opts *o, int k,
                               const char *full_path, const char *path,
                               pg_foam_pareto_way *w);

#endif
