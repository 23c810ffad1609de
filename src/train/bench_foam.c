/* `physgan bench foam`: simulator and surrogate sides (bench_foam.h). */
#include "train/bench_foam.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/rng.h"
#include "base/threads.h"
#include "dist/agree.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/foam_field.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/foam_potts.h"
#include "physics/foam/io/foam_decomp.h"
#include "train/foam_surrogate.h"
#include "train/job_schema.h"

/* ---- simulator side ------------------------------------------------------ */

pg_status pg_bench_foam_simulator(const pg_bench_foam_sim_opts *o, int rank,
                                  pg_bench_foam_sim_result *r)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    pg_foam_diag *d = NULL;
    pg_status st = PG_OK;
    int n = (int)o->size;
    PG_CHECK_GOTO(st, pg_rng_create((uint64_t)o->seed, rank,
                                    PG_FOAM_RNG_STREAM, &rng), done);
    PG_CHECK_GOTO(st, pg_foam_potts_create(n, (int)o->bubbles, o->temperature,
                                           rng, &p), done);
    pg_foam_potts_set_proposal(p, o->proposal);
    PG_CHECK_GOTO(st, pg_foam_potts_set_sweep(p, o->sweep), done);
    PG_CHECK_GOTO(st, pg_foam_diag_create(n, n, &d), done);
    pg_foam_diag_analyze(d, pg_foam_potts_labels(p));
    r->bubbles_start = pg_foam_diag_count(d);
    /* CPU time too: on a shared machine it is the steadier figure. */
    double t0 = pg_clock_now_s(), c0 = pg_clock_cpu_s();
    pg_foam_potts_run(p, o->mcs);
    r->seconds = pg_clock_now_s() - t0;
    r->cpu_seconds = pg_clock_cpu_s() - c0;
    pg_foam_diag_analyze(d, pg_foam_potts_labels(p));
    r->bubbles_end = pg_foam_diag_count(d);
    r->site_attempts = pg_foam_potts_site_attempts(p);
    r->boundary_attempts = pg_foam_potts_boundary_attempts(p);
    r->flips = pg_foam_potts_flips(p);
    r->site_rate = (double)r->site_attempts / r->seconds;
    r->boundary_rate = (double)r->boundary_attempts / r->seconds;
    r->site_rate_cpu = (double)r->site_attempts / r->cpu_seconds;
done:
    pg_foam_diag_destroy(&d);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    return st;
}

void pg_bench_foam_simulator_reduce(pg_bench_foam_sim_result *r,
                                    MPI_Comm comm)
{
    double sum[3] = {(double)r->site_attempts, (double)r->boundary_attempts,
                     r->cpu_seconds};
    MPI_Allreduce(MPI_IN_PLACE, sum, 3, MPI_DOUBLE, MPI_SUM, comm);
    MPI_Allreduce(MPI_IN_PLACE, &r->seconds, 1, MPI_DOUBLE, MPI_MAX, comm);
    r->site_rate = sum[0] / r->seconds;
    r->boundary_rate = sum[1] / r->seconds;
    r->cpu_seconds = sum[2];
    r->site_rate_cpu = sum[0] / sum[2];
    r->site_attempts = (long long)sum[0];
    r->boundary_attempts = (long long)sum[1];
}

/* Rank 0: the start and its bubble count; the others nothing. */
static pg_status decomposed_start(const pg_bench_foam_sim_opts *o, int rank,
                                  int32_t **start, long *bubbles)
{
    if (rank != 0) return PG_OK;
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    pg_foam_diag *d = NULL;
    int n = (int)o->size;
    pg_status st = pg_rng_create((uint64_t)o->seed, 0, PG_FOAM_RNG_STREAM, &rng);
    if (st == PG_OK)
        st = pg_foam_potts_create(n, (int)o->bubbles, o->temperature, rng, &p);
    if (st == PG_OK) st = pg_foam_diag_create(n, n, &d);
    *start = malloc((size_t)n * n * sizeof **start);
    if (st == PG_OK && !*start)
        st = PG_FAIL(PG_ERR_NOMEM, "bench foam: a %dx%d start", n, n);
    if (st == PG_OK) {
        memcpy(*start, pg_foam_potts_labels(p), (size_t)n * n * sizeof **start);
        pg_foam_diag_analyze(d, *start);
        *bubbles = pg_foam_diag_count(d);
    }
    pg_foam_diag_destroy(&d);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    return st;
}

pg_status pg_bench_foam_decomposed(const pg_bench_foam_sim_opts *o,
                                   int slices, MPI_Comm comm,
                                   pg_bench_foam_sim_result *r)
{
    int rank = 0, ranks = 1, n = (int)o->size;
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &ranks);
    }
    int32_t *start = NULL;
    pg_foam_decomp *dc = NULL;
    pg_foam_diag *d = NULL;
    pg_status st = decomposed_start(o, rank, &start, &r->bubbles_start);
    st = pg_dist_agree_each(comm, st);
    pg_foam_decomp_opts dopt = {
        .n = n, .temperature = o->temperature, .proposal = o->proposal,
        .sweep = o->sweep, .seed = (uint64_t)o->seed, .sequence = 0,
        .slices = slices};
    if (st == PG_OK) st = pg_foam_decomp_create(&dopt, comm, start, &dc);
    if (st != PG_OK) goto done;
    if (comm != MPI_COMM_NULL) MPI_Barrier(comm);
    double t0 = pg_clock_now_s(), c0 = pg_clock_cpu_s();
    st = pg_foam_decomp_run(dc, o->mcs);
    r->seconds = pg_clock_now_s() - t0;
    r->cpu_seconds = pg_clock_cpu_s() - c0;
    if (st == PG_OK && rank == 0) st = pg_foam_diag_create(n, n, &d);
    st = pg_dist_agree_each(comm, st);
    if (st == PG_OK) st = pg_foam_decomp_gather(dc, start);
    if (st != PG_OK) goto done;
    if (rank == 0) {
        pg_foam_diag_analyze(d, start);
        r->bubbles_end = pg_foam_diag_count(d);
    }
    double v[4] = {(double)pg_foam_decomp_attempts(dc), r->cpu_seconds,
                   pg_foam_decomp_halo_bytes(dc),
                   (double)pg_foam_decomp_flips(dc)};
    double mx[2] = {r->seconds, pg_foam_decomp_halo_seconds(dc)};
    if (comm != MPI_COMM_NULL) {
        MPI_Allreduce(MPI_IN_PLACE, v, 4, MPI_DOUBLE, MPI_SUM, comm);
        MPI_Allreduce(MPI_IN_PLACE, mx, 2, MPI_DOUBLE, MPI_MAX, comm);
    }
    r->seconds = mx[0];
    r->halo_seconds = mx[1];
    r->cpu_seconds = v[1];
    r->site_attempts = (long long)o->mcs * n * n;
    r->boundary_attempts = (long long)v[0];
    r->flips = (long long)v[3];
    r->site_rate = (double)r->site_attempts / r->seconds;
    r->boundary_rate = v[0] / r->seconds;
    r->site_rate_cpu = (double)r->site_attempts / r->cpu_seconds;
    r->halo_bytes_per_mcs = v[2] / ranks / (double)o->mcs;
    r->strip_rows = pg_foam_decomp_nrows(dc);
done:
    pg_foam_diag_destroy(&d);
    pg_foam_decomp_destroy(&dc);
    free(start);
    return st;
}

/* ---- surrogate side ------------------------------------------------------ */

static pg_status make_surrogate(const pg_bench_surrogate_opts *o,
                                pg_bench_surrogate_result *r,
                                pg_foam_surrogate **sur)
{
    if (o->checkpoint) {
        int side = (int)(o->size / o->coarse);
        PG_CHECK(pg_foam_surrogate_load(o->checkpoint, (int)o->batch, side,
                                        side, sur));
        int h, w;
        pg_foam_surrogate_trained_size(*sur, &h, &w);
        snprintf(r->source, sizeof r->source, "checkpoint %s (trained on "
                 "%dx%d frames)", o->checkpoint, h, w);
        return PG_OK;
    }
    const char *over[1] = {"model.arch=unet_foam"};
    pg_config *cfg = NULL;
    PG_CHECK(pg_job_config_load(o->job, over, 1, &cfg));
    int side = (int)(o->size / o->coarse);
    pg_status st = pg_foam_surrogate_fresh(cfg, side, side, (int)o->batch,
                                           (uint64_t)o->seed, o->step_mcs,
                                           sur);
    long depth = 0, width = 0;
    pg_config_get_int(cfg, "model", "depth", &depth);
    pg_config_get_int(cfg, "model", "width", &width);
    snprintf(r->source, sizeof r->source, "freshly initialised unet_foam "
             "(depth %ld, width %ld from %s; untrained: the cost of a "
             "forward pass does not depend on the weights)", depth, width,
             o->job ? o->job : "the job schema's defaults");
    pg_config_destroy(&cfg);
    return st;
}

/* B start frames: Voronoi starts coarsened for o->start MCS (untimed). */
static pg_status starts(const pg_bench_surrogate_opts *o, pg_rng **rng,
                        pg_foam_potts **sim)
{
    for (long q = 0; q < o->batch; q++) {
        PG_CHECK(pg_rng_create((uint64_t)o->seed, (int)q, PG_FOAM_RNG_STREAM,
                               &rng[q]));
        PG_CHECK(pg_foam_potts_create((int)o->size, (int)o->bubbles,
                                      o->temperature, rng[q], &sim[q]));
        pg_foam_potts_run(sim[q], o->start);
    }
    return PG_OK;
}

/* The rollout loop of `physgan rollout`: G, labels of every output by
 * connected components (pockets under the job's min_bubble as film, as
 * rollout's default) on G's grid, refined to the frames' sites (--coarse),
 * and (project) the next input from the labels. */
static pg_status roll(const pg_bench_surrogate_opts *o, pg_foam_surrogate *s,
                      int32_t *labels, int with_labels)
{
    size_t hw = (size_t)o->size * (size_t)o->size;
    size_t hwc = hw / (size_t)(o->coarse * o->coarse);
    float *x = pg_foam_surrogate_state(s);
    for (long t = 0; t < o->steps; t++) {
        PG_CHECK(pg_foam_surrogate_step(s));
        if (!with_labels) continue;
        /* phi = (x + 1) / 2 thresholded at 0.5 is x thresholded at 0:
         * label recovery reads x through a threshold of 0. */
        for (long q = 0; q < o->batch; q++)
            pg_foam_surrogate_recover(s, (int)q, x + (size_t)q * hwc,
                                      2 * PG_FOAM_FIELD_THRESHOLD - 1,
                                      pg_foam_surrogate_min_bubble(s),
                                      (int)o->coarse, o->project,
                                      labels + (size_t)q * hw);
    }
    return PG_OK;
}

static pg_status measure(const pg_bench_surrogate_opts *o,
                         pg_bench_surrogate_result *r, pg_rng **rng,
                         pg_foam_potts **sim, pg_foam_surrogate *sur,
                         float *start, int32_t *labels)
{
    size_t hwc = (size_t)o->size * (size_t)o->size
                 / (size_t)(o->coarse * o->coarse);
    float *x = pg_foam_surrogate_state(sur);
    PG_CHECK(starts(o, rng, sim));
    /* Start fields on G's grid (untimed, like the Voronoi start). */
    for (long q = 0; q < o->batch; q++)
        pg_foam_surrogate_start(sur, (int)q, pg_foam_potts_labels(sim[q]),
                                (int)o->coarse, NULL);
    memcpy(start, x, (size_t)o->batch * hwc * sizeof *x);
    long mcs = lround(r->mcs);
    double t0 = pg_clock_now_s(), c0 = pg_clock_cpu_s();
    for (long q = 0; q < o->batch; q++) pg_foam_potts_run(sim[q], mcs);
    r->sim_seconds = pg_clock_now_s() - t0;
    r->sim_cpu_seconds = pg_clock_cpu_s() - c0;

    t0 = pg_clock_now_s();
    c0 = pg_clock_cpu_s();
    PG_CHECK(roll(o, sur, labels, 1));
    r->sur_seconds = pg_clock_now_s() - t0;
    r->sur_cpu_seconds = pg_clock_cpu_s() - c0;

    memcpy(x, start, (size_t)o->batch * hwc * sizeof *x);
    t0 = pg_clock_now_s();
    c0 = pg_clock_cpu_s();
    PG_CHECK(roll(o, sur, labels, 0));
    r->forward_seconds = pg_clock_now_s() - t0;
    r->forward_cpu_seconds = pg_clock_cpu_s() - c0;
    r->speedup = r->sim_seconds / r->sur_seconds;
    r->speedup_forward = r->sim_seconds / r->forward_seconds;
    r->speedup_cpu = r->sim_cpu_seconds / r->sur_cpu_seconds;
    return PG_OK;
}

pg_status pg_bench_foam_surrogate(const pg_bench_surrogate_opts *o,
                                  pg_bench_surrogate_result *r)
{
    memset(r, 0, sizeof *r);
    /* One thread on both sides: the simulator is serial per sequence. */
    PG_CHECK(pg_threads_set(1));
    PG_CHECK(pg_foam_grid_check((int)o->size, (int)o->size, (int)o->coarse,
                                "bench foam --size/--coarse"));
    pg_foam_surrogate *sur = NULL;
    PG_CHECK(make_surrogate(o, r, &sur));
    r->params = pg_foam_surrogate_params(sur);
    /* Self-similar coarsening: a step on a grid S times coarser spans S^2
     * times the physical time. */
    r->step_mcs = pg_foam_surrogate_step_mcs(sur) * (double)(o->coarse
                                                             * o->coarse);
    r->mcs = r->step_mcs * (double)o->steps;
    pg_status st = PG_OK;
    if (!(r->step_mcs >= 1) || fabs(r->step_mcs - round(r->step_mcs)) > 1e-6)
        st = PG_FAIL(PG_ERR_ARG, "surrogate step of %g MCS: the simulator "
                     "side needs a whole number >= 1", r->step_mcs);
    size_t hw = (size_t)o->size * (size_t)o->size;
    size_t hwc = hw / (size_t)(o->coarse * o->coarse);
    pg_rng **rng = calloc((size_t)o->batch, sizeof *rng);
    pg_foam_potts **sim = calloc((size_t)o->batch, sizeof *sim);
    float *start = malloc((size_t)o->batch * hwc * sizeof *start);
    int32_t *labels = malloc((size_t)o->batch * hw * sizeof *labels);
    if (st == PG_OK && (!rng || !sim || !start || !labels))
        st = PG_FAIL(PG_ERR_NOMEM, "bench buffers for %ld sequences",
                     o->batch);
    if (st == PG_OK) st = measure(o, r, rng, sim, sur, start, labels);
    for (long q = 0; sim && q < o->batch; q++) pg_foam_potts_destroy(&sim[q]);
    for (long q = 0; rng && q < o->batch; q++) pg_rng_destroy(&rng[q]);
    free(rng);
    free(sim);
    free(start);
    free(labels);
    pg_foam_surrogate_destroy(&sur);
    return st;
}
