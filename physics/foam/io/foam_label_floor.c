/* `bench foam --pareto --label-floor` and `--label-vote`: the label-choice
 * oracle rolled out against the full simulator's frames (foam_pareto.h,
 * "floor K"), and the Gaussian label vote ("vote s"). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/clock.h"
#include "io/foam_file.h"
#include "io/h5.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/foam_label_choice.h"
#include "physics/foam/io/foam_pareto.h"

/* Frame t of every sequence of the full simulator's file. */
static pg_status read_full(const char *full_path, int t, pg_foam_init **out)
{
    char spec[4200];
    snprintf(spec, sizeof spec, "%s:all:%d", full_path, t);
    return pg_foam_init_read(spec, out);
}

typedef struct floor_state {
    int n, nc, seqs, k, stride;
    int32_t *cur, *next;          /* seqs coarse frames each */
    int32_t *target, *truth;      /* one coarse frame: true t and t - 1 */
    int32_t *one;                 /* one coarse frame: the one-step oracle */
    int32_t *frames;              /* seqs x (steps + 1) fine frames */
    long sites, unrepresentable, bubbles, lost;
    long unrepresentable_1, inexact_1;
} floor_state;

/* Frame t of the full simulator's file, checked against the start's shape. */
static pg_status read_checked(const floor_state *s, const char *full_path,
                              int t, pg_foam_init **full)
{
    PG_CHECK(read_full(full_path, t, full));
    const pg_foam_init *f = *full;
    if (f->seqs == s->seqs && f->h == s->n && f->w == s->n) return PG_OK;
    pg_status st = PG_FAIL(PG_ERR_ARG, "foam pareto floor: %s frame %d is %d "
                           "x %dx%d, expected %d x %dx%d", full_path, t,
                           f->seqs, f->h, f->w, s->seqs, s->n, s->n);
    pg_foam_init_free(full);
    return st;
}

/* The one-step floor of sequence q: the oracle from the true frame t - 1
 * (s->truth) to the true frame t (s->target). */
static pg_status one_step(floor_state *s)
{
    const long coarse = (long)s->nc * s->nc;
    s->unrepresentable_1 += pg_foam_label_choice_oracle(
        s->truth, s->target, s->nc, s->nc, s->k, s->one);
    long touched = 0;
    PG_CHECK(pg_foam_labels_touched(s->target, s->one, coarse, &touched));
    s->inexact_1 += touched;
    return PG_OK;
}

/* Step t of every sequence: the oracle from cur towards the coarsened full
 * frame t, refined into frames; and the one-step floor from frame t - 1. */
static pg_status step(floor_state *s, const char *full_path, int t, int steps)
{
    pg_foam_init *full = NULL, *prev = NULL;
    PG_CHECK(read_checked(s, full_path, t, &full));
    pg_status st = read_checked(s, full_path, t - 1, &prev);
    const size_t fine = (size_t)s->n * s->n, coarse = (size_t)s->nc * s->nc;
    for (int q = 0; q < s->seqs && st == PG_OK; q++) {
        int32_t *cur = s->cur + q * coarse, *next = s->next + q * coarse;
        pg_foam_labels_coarsen(full->labels + q * fine, s->n, s->n, s->stride,
                               s->target);
        pg_foam_labels_coarsen(prev->labels + q * fine, s->n, s->n, s->stride,
                               s->truth);
        st = one_step(s);
        if (st != PG_OK) break;
        s->unrepresentable += pg_foam_label_choice_oracle(
            cur, s->target, s->nc, s->nc, s->k, next);
        long lost = 0, distinct = 0;
        st = pg_foam_labels_missing(s->target, next, (long)coarse, &lost, &distinct);
        s->lost += lost;
        s->bubbles += distinct;
        s->sites += (long)coarse;
        memcpy(cur, next, coarse * sizeof *cur);
        pg_foam_labels_refine(cur, s->nc, s->nc, s->stride,
                              s->frames + ((size_t)q * (steps + 1) + t) * fine);
    }
    pg_foam_init_free(&full);
    pg_foam_init_free(&prev);
    return st;
}

/* Every sequence's steps + 1 fine frames as foam/1 at path. */
static pg_status write_frames(const pg_foam_pareto_opts *o, const int32_t *frames,
                              const char *desc, const char *path)
{
    const pg_foam_init *in = o->init;
    pg_foam_header h = {
        .shape = {in->seqs, o->steps + 1, in->h, in->w},
        .start_mcs = in->time,
        .interval_mcs = (double)o->step_mcs,
        .simulator = desc,
        .temperature = o->temperature,
        .gzip = 1};
    pg_h5_file *f = NULL;
    pg_status st = pg_foam_file_create(path, "physgan bench foam --pareto",
                                       &h, NULL, &f);
    const size_t seq = (size_t)(o->steps + 1) * in->h * in->w;
    for (int q = 0; st == PG_OK && q < in->seqs; q++)
        st = pg_h5_dataset_write_rows(f, "/labels", PG_H5_I32, (size_t)q, 1,
                                      frames + q * seq);
    if (st == PG_OK) st = pg_h5_writer_commit(&f);
    pg_h5_writer_abort(&f);
    return st;
}

int pg_foam_pareto_vote_window(double sigma)
{
    int k = 2 * (int)ceil(2.5 * sigma) + 1;
    return k < PG_FOAM_LABEL_CHOICE_K_MAX ? k : PG_FOAM_LABEL_CHOICE_K_MAX;
}

pg_status pg_foam_pareto_vote(const pg_foam_pareto_opts *o, double sigma,
                              const char *path, pg_foam_pareto_way *w)
{
    const pg_foam_init *in = o->init;
    const int n = in->h, stride = o->floor_stride, nc = n / stride;
    const int k = pg_foam_pareto_vote_window(sigma);
    const size_t fine = (size_t)n * n, coarse = (size_t)nc * nc;
    memset(w, 0, sizeof *w);
    w->vote_sigma = sigma;
    w->vote_iters = o->vote_iters;
    w->vote_window = k;
    w->stride = stride;
    w->mcs_per_step = o->step_mcs / ((long)stride * stride);
    int32_t *a = malloc(coarse * sizeof *a), *b = malloc(coarse * sizeof *b);
    int32_t *frames = malloc(fine * (size_t)(o->steps + 1) * in->seqs * sizeof *frames);
    pg_status st = a && b && frames ? PG_OK
                                    : PG_FAIL(PG_ERR_NOMEM, "foam pareto vote: frames");
    for (int q = 0; q < in->seqs && st == PG_OK; q++) {
        int32_t *seq = frames + q * (size_t)(o->steps + 1) * fine;
        const int32_t *start = in->labels + q * fine;
        memcpy(seq, start, fine * sizeof *seq);
        double t0 = pg_clock_now_s(), c0 = pg_clock_cpu_s();
        pg_foam_labels_coarsen(start, n, n, stride, a);
        double resample = pg_clock_cpu_s() - c0;
        for (int t = 1; t <= o->steps; t++) {
            for (int v = 0; v < o->vote_iters; v++) {
                pg_foam_label_vote(a, nc, nc, k, sigma, b);
                int32_t *x = a;
                a = b;
                b = x;
            }
            double r0 = pg_clock_cpu_s();
            pg_foam_labels_refine(a, nc, nc, stride, seq + (size_t)t * fine);
            resample += pg_clock_cpu_s() - r0;
        }
        w->seconds += pg_clock_now_s() - t0;
        w->cpu_seconds += pg_clock_cpu_s() - c0;
        w->resample_cpu_seconds += resample;
    }
    char sim[256], desc[512];
    pg_foam_simulator_describe(o->proposal, o->sweep, sim, sizeof sim);
    snprintf(desc, sizeof desc, "label vote: %d Gaussian vote(s) of width %g "
             "(window %d) per step on a grid %d times coarser, frames refined "
             "by the cubic B-spline vote; reference %s", o->vote_iters, sigma,
             k, stride, sim);
    if (st == PG_OK) st = write_frames(o, frames, desc, path);
    free(a);
    free(b);
    free(frames);
    if (st == PG_OK) st = pg_foam_eval_file(path, &w->eval);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

pg_status pg_foam_pareto_floor(const pg_foam_pareto_opts *o, int k,
                               const char *full_path, const char *path,
                               pg_foam_pareto_way *w)
{
    const pg_foam_init *in = o->init;
    floor_state s = {.n = in->h, .nc = in->h / o->floor_stride,
                     .seqs = in->seqs, .k = k, .stride = o->floor_stride};
    memset(w, 0, sizeof *w);
    w->floor_window = k;
    w->stride = o->floor_stride;
    w->mcs_per_step = o->step_mcs / ((long)s.stride * s.stride);
    const size_t fine = (size_t)s.n * s.n, coarse = (size_t)s.nc * s.nc;
    s.cur = malloc(coarse * s.seqs * sizeof *s.cur);
    s.next = malloc(coarse * s.seqs * sizeof *s.next);
    s.target = malloc(coarse * sizeof *s.target);
    s.truth = malloc(coarse * sizeof *s.truth);
    s.one = malloc(coarse * sizeof *s.one);
    s.frames = malloc(fine * (size_t)(o->steps + 1) * s.seqs * sizeof *s.frames);
    pg_status st = s.cur && s.next && s.target && s.truth && s.one && s.frames
                       ? PG_OK
                       : PG_FAIL(PG_ERR_NOMEM, "foam pareto floor: frames");
    double t0 = pg_clock_now_s(), c0 = pg_clock_cpu_s();
    for (int q = 0; q < s.seqs && st == PG_OK; q++) {
        const int32_t *start = in->labels + q * fine;
        memcpy(s.frames + q * (size_t)(o->steps + 1) * fine, start,
               fine * sizeof *start);
        pg_foam_labels_coarsen(start, s.n, s.n, s.stride, s.cur + q * coarse);
    }
    for (int t = 1; t <= o->steps && st == PG_OK; t++)
        st = step(&s, full_path, t, o->steps);
    /* The time includes reading the full frames; it is no way's cost. */
    w->seconds = pg_clock_now_s() - t0;
    w->cpu_seconds = pg_clock_cpu_s() - c0;
    if (st == PG_OK) {
        w->unrepresentable = (double)s.unrepresentable / (double)s.sites;
        w->bubbles_lost = s.bubbles ? (double)s.lost / (double)s.bubbles : 0.0;
        w->unrepresentable_1 = (double)s.unrepresentable_1 / (double)s.sites;
        w->bubbles_inexact_1 = s.bubbles ? (double)s.inexact_1 / (double)s.bubbles
                                         : 0.0;
        char sim[256], desc[512];
        pg_foam_simulator_describe(o->proposal, o->sweep, sim, sizeof sim);
        snprintf(desc, sizeof desc, "label-choice floor: window %d on a grid "
                 "%d times coarser, the full simulator's next frames as the "
                 "oracle (%s); frames refined by the cubic B-spline vote", s.k,
                 s.stride, sim);
        st = write_frames(o, s.frames, desc, path);
    }
    free(s.cur);
    free(s.next);
    free(s.target);
    free(s.truth);
    free(s.one);
    free(s.frames);
    if (st == PG_OK) st = pg_foam_eval_file(path, &w->eval);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}
