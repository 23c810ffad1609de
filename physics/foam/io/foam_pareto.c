/* Cost against error of the full and the coarse-grained simulator from the
 * same start frames; see foam_pareto.h. */
#include "physics/foam/io/foam_pareto.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "base/rng.h"
#include "io/foam_file.h"
#include "io/h5.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/foam_label_choice.h"

static pg_status check(const pg_foam_pareto_opts *o)
{
    const pg_foam_init *in = o->init;
    if (o->steps < 1 || o->step_mcs < 1)
        return PG_FAIL(PG_ERR_ARG, "foam pareto: %d steps of %ld MCS: need "
                       ">= 1 of >= 1", o->steps, o->step_mcs);
    if (o->n_strides < 0 || o->n_strides > PG_FOAM_PARETO_MAX_STRIDES)
        return PG_FAIL(PG_ERR_ARG, "foam pareto: %d strides (at most %d)",
                       o->n_strides, PG_FOAM_PARETO_MAX_STRIDES);
    if (o->n_floors < 0 || o->n_floors > PG_FOAM_PARETO_MAX_FLOORS)
        return PG_FAIL(PG_ERR_ARG, "foam pareto: %d label-choice floors (at "
                       "most %d)", o->n_floors, PG_FOAM_PARETO_MAX_FLOORS);
    if (o->n_votes < 0 || o->n_votes > PG_FOAM_PARETO_MAX_VOTES)
        return PG_FAIL(PG_ERR_ARG, "foam pareto: %d label votes (at most %d)",
                       o->n_votes, PG_FOAM_PARETO_MAX_VOTES);
    if (o->n_votes && o->vote_iters < 1)
        return PG_FAIL(PG_ERR_ARG, "foam pareto: %d votes per step (need >= 1)",
                       o->vote_iters);
    for (int k = 0; k < o->n_votes; k++)
        if (!(o->vote_sigmas[k] > 0))
            return PG_FAIL(PG_ERR_ARG, "foam pareto: vote width %g (need > 0)",
                           o->vote_sigmas[k]);
    if (o->n_floors || o->n_votes) {
        PG_CHECK(pg_foam_grid_check(in->h, in->w, o->floor_stride,
                                    "foam pareto label-choice floor"));
        for (int k = 0; k < o->n_floors; k++)
            PG_CHECK(pg_foam_label_choice_check(in->h / o->floor_stride,
                                                in->w / o->floor_stride,
                                                o->floor_windows[k],
                                                "foam pareto label-choice floor"));
        for (int k = 0; k < o->n_votes; k++)
            PG_CHECK(pg_foam_label_choice_check(
                in->h / o->floor_stride, in->w / o->floor_stride,
                pg_foam_pareto_vote_window(o->vote_sigmas[k]),
                "foam pareto label vote"));
    }
    for (int k = 0; k < o->n_strides; k++) {
        int s = o->strides[k];
        if (s < 2)
            return PG_FAIL(PG_ERR_ARG, "foam pareto: stride %d < 2", s);
        PG_CHECK(pg_foam_grid_check(in->h, in->w, s, "foam pareto start frames"));
        if ((in->h / s) % 2 || in->h / s < 4)
            return PG_FAIL(PG_ERR_ARG, "foam pareto: stride %d leaves a %dx%d "
                           "lattice; the Potts lattice needs an even side >= 4",
                           s, in->h / s, in->w / s);
        if (o->step_mcs % ((long)s * s))
            return PG_FAIL(PG_ERR_ARG, "foam pareto: a step of %ld MCS is not "
                           "a whole number of MCS at stride %d (S^2 = %d must "
                           "divide it)", o->step_mcs, s, s * s);
    }
    if (in->h != in->w)
        return PG_FAIL(PG_ERR_ARG, "foam pareto: %dx%d start frames; the Potts "
                       "lattice is square", in->h, in->w);
    return PG_OK;
}

/* Sequence q of one way into seq (K + 1 frames of n x n; frame 0 is the
 * start frame as given, shared by every way). Adds its time to w. */
static pg_status run_sequence(const pg_foam_pareto_opts *o, int stride, int q,
                              int32_t *seq, int32_t *coarse,
                              pg_foam_pareto_way *w)
{
    const pg_foam_init *in = o->init;
    const int n = in->h, nc = n / stride;
    const size_t frame = (size_t)n * n;
    const int32_t *start = in->labels + (size_t)q * frame;
    memcpy(seq, start, frame * sizeof *seq);
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    PG_CHECK(pg_rng_create(o->seed, q, PG_FOAM_RNG_STREAM, &rng));
    double t0 = pg_clock_now_s(), c0 = pg_clock_cpu_s();
    double r0 = c0;
    if (stride > 1) pg_foam_labels_coarsen(start, n, n, stride, coarse);
    double resample = pg_clock_cpu_s() - r0;
    pg_status st = pg_foam_potts_create_from(nc, stride > 1 ? coarse : start,
                                             o->temperature, rng, &p);
    if (st == PG_OK) {
        pg_foam_potts_set_proposal(p, o->proposal);
        st = pg_foam_potts_set_sweep(p, o->sweep);
    }
    if (st == PG_OK) {
        for (int t = 1; t <= o->steps; t++) {
            pg_foam_potts_run(p, w->mcs_per_step);
            int32_t *dst = seq + (size_t)t * frame;
            if (stride > 1) {
                r0 = pg_clock_cpu_s();
                pg_foam_labels_refine(pg_foam_potts_labels(p), nc, nc, stride, dst);
                resample += pg_clock_cpu_s() - r0;
            } else
                memcpy(dst, pg_foam_potts_labels(p), frame * sizeof *dst);
        }
    }
    w->seconds += pg_clock_now_s() - t0;
    w->cpu_seconds += pg_clock_cpu_s() - c0;
    w->resample_cpu_seconds += resample;
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    return st;
}

/* One way: every sequence, written to path as foam/1. */
static pg_status run_way(const pg_foam_pareto_opts *o, int stride,
                         const char *path, pg_foam_pareto_way *w)
{
    const pg_foam_init *in = o->init;
    const size_t frame = (size_t)in->h * in->w;
    w->stride = stride;
    w->mcs_per_step = o->step_mcs / ((long)stride * stride);
    char sim[256], desc[400];
    pg_foam_simulator_describe(o->proposal, o->sweep, sim, sizeof sim);
    snprintf(desc, sizeof desc, "%s; coarse-grained: stride %d, %ld MCS per "
             "step, frames refined by the cubic B-spline vote", sim, stride,
             w->mcs_per_step);
    pg_foam_header h = {
        .shape = {in->seqs, o->steps + 1, in->h, in->w},
        .start_mcs = in->time,
        .interval_mcs = (double)o->step_mcs,
        .simulator = stride > 1 ? desc : sim,
        .temperature = o->temperature,
        .gzip = 1};
    int32_t *seq = malloc(frame * (size_t)(o->steps + 1) * sizeof *seq);
    int32_t *coarse = malloc(frame / ((size_t)stride * stride) * sizeof *coarse);
    pg_h5_file *f = NULL;
    pg_status st = seq && coarse ? PG_OK
                                 : PG_FAIL(PG_ERR_NOMEM, "foam pareto: frames");
    if (st == PG_OK) st = pg_foam_file_create(path, "physgan bench foam --pareto",
                                              &h, NULL, &f);
    for (int q = 0; st == PG_OK && q < in->seqs; q++) {
        st = run_sequence(o, stride, q, seq, coarse, w);
        if (st == PG_OK)
            st = pg_h5_dataset_write_rows(f, "/labels", PG_H5_I32, (size_t)q, 1, seq);
    }
    if (st == PG_OK) st = pg_h5_writer_commit(&f);
    pg_h5_writer_abort(&f);
    free(seq);
    free(coarse);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return pg_foam_eval_file(path, &w->eval);
}

pg_status pg_foam_pareto_run(const pg_foam_pareto_opts *o, pg_foam_pareto *out)
{
    memset(out, 0, sizeof *out);
    PG_CHECK(check(o));
    pg_status st = PG_OK;
    for (int k = 0; k <= o->n_strides && st == PG_OK; k++) {
        int stride = k ? o->strides[k - 1] : 1;
        char path[4096];
        snprintf(path, sizeof path, "%s/pareto_s%d.h5", o->workdir, stride);
        st = run_way(o, stride, path, &out->ways[k]);
        out->n_ways = k + 1;
        if (st == PG_OK)
            st = pg_foam_eval_compare(&out->ways[k].eval, &out->ways[0].eval,
                                      &out->ways[k].cmp);
    }
    char full[4096];
    snprintf(full, sizeof full, "%s/pareto_s1.h5", o->workdir);
    for (int k = 0; k < o->n_floors && st == PG_OK; k++) {
        char path[4096];
        pg_foam_pareto_way *w = &out->ways[out->n_ways];
        snprintf(path, sizeof path, "%s/pareto_floor%d.h5", o->workdir,
                 o->floor_windows[k]);
        st = pg_foam_pareto_floor(o, o->floor_windows[k], full, path, w);
        out->n_ways++;
        if (st == PG_OK)
            st = pg_foam_eval_compare(&w->eval, &out->ways[0].eval, &w->cmp);
    }
    for (int k = 0; k < o->n_votes && st == PG_OK; k++) {
        char path[4096];
        pg_foam_pareto_way *w = &out->ways[out->n_ways];
        snprintf(path, sizeof path, "%s/pareto_vote%d.h5", o->workdir, k);
        st = pg_foam_pareto_vote(o, o->vote_sigmas[k], path, w);
        out->n_ways++;
        if (st == PG_OK)
            st = pg_foam_eval_compare(&w->eval, &out->ways[0].eval, &w->cmp);
    }
    if (st != PG_OK) {
        pg_foam_pareto_free(out);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}

int pg_foam_pareto_baseline(const pg_foam_pareto *p, int k)
{
    const pg_foam_eval_cmp *e = &p->ways[k].cmp;
    int best = -1;
    for (int j = 0; j < p->n_ways; j++) {
        const pg_foam_pareto_way *w = &p->ways[j];
        if (j == k || w->surrogate || w->floor_window || w->vote_sigma > 0 ||
            w->stride < 2)
            continue;
        if (w->cmp.bubble_count_error > e->bubble_count_error ||
            w->cmp.mean_area_error > e->mean_area_error ||
            w->cmp.area_ks > e->area_ks)
            continue;
        if (best < 0 || w->cpu_seconds < p->ways[best].cpu_seconds) best = j;
    }
    return best;
}

void pg_foam_pareto_free(pg_foam_pareto *p)
{
    for (int k = 0; k < p->n_ways; k++) pg_foam_eval_free(&p->ways[k].eval);
    memset(p, 0, sizeof *p);
}
