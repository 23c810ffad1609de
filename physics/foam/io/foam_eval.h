/* `physgan eval foam`: diagnostics of a foam/1 file and the comparison of
 * a rollout with a reference at equal times (docs/foam.md, "Diagnostics
 * and evaluation").
 *
 * Per frame (averaged over sequences): bubbles (components), mean area
 * (sites), <n>, 3-fold vertex fraction (physics/foam/foam_vertices.h), gas content
 * G of the film field (physics/foam/foam_field.h). Over the file: von Neumann fit
 * over consecutive frames (foam_diag), the mean |angle - 120| at 3-fold
 * vertices, and the conservation error of the field representation:
 * |G(t+1) - G(t)| / G(t) per step, averaged over steps and sequences
 * (and its maximum). A file whose ids are renumbered every frame (root
 * attribute surrogate != 0) is tracked by overlap first, so the von
 * Neumann pairs follow bubbles. Areas of every frame are kept (pooled over
 * sequences) for the area-distribution KS distance.
 */
#ifndef PG_DATA_FOAM_EVAL_H
#define PG_DATA_FOAM_EVAL_H

#include <stddef.h>

#include "base/status.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/io/foam_analysis.h"

/* The coarsening law over a window of frames: least-squares fits of
 * log <A> against log t (the growth exponent; 1 for 2D foam, <A> ~ t)
 * and of <A> against t (the rate d<A>/dt, sites per MCS), over the frames
 * with from <= t <= to, t > 0 and <A> > 0. t is the file's /time (MCS
 * since the Voronoi start of the run that made it). */
typedef struct pg_foam_growth {
    int ok;            /* 0: fewer than 3 frames in the window */
    double from, to;   /* the first and last frame time used, MCS */
    size_t frames;
    double exponent, exponent_r2;
    double rate;       /* sites / MCS */
} pg_foam_growth;

/* Fit over a's frames in [from, to] (NAN or +-INFINITY: unbounded). Too
 * few frames is a result (g->ok = 0), not an error. */
void pg_foam_eval_growth(const pg_foam_analysis *a, double from, double to,
                         pg_foam_growth *g);

/* 1 - bubbles(t1) / bubbles(t0) between the frames at times t0 and t1
 * (matched within PG_FOAM_EVAL_TIME_TOL); NAN when either is missing. */
double pg_foam_eval_bubble_loss(const pg_foam_analysis *a, double t0,
                                double t1);

typedef struct pg_foam_eval {
    /* The analysis pass (foam_analysis.h) with TRACK, VERTICES, GAS and
     * AREAS, over every pair of frames: shape, time, per-frame means,
     * areas, mass error, tracked. */
    pg_foam_analysis pass;
    double mean_neighbors;     /* mean of <n> over frames */
    double threefold_fraction; /* all vertices of the file */
    double angle_deviation;    /* mean |angle - 120| degrees */
    int vn_ok;                 /* 0 when too few points to fit */
    pg_foam_vn_result vn;
    /* Over every frame with t > 0 (pg_foam_eval_growth to choose). */
    pg_foam_growth growth;
    /* Relative bubble-count drop over the first step, frame 0 -> 1
     * (NAN with one frame). */
    double first_step_loss;
} pg_foam_eval;

/* On failure *e holds nothing to free. */
pg_status pg_foam_eval_file(const char *path, pg_foam_eval *e);
void pg_foam_eval_free(pg_foam_eval *e);

/* Rollout a against reference b at equal times (frames of a whose time
 * matches a frame of b within PG_FOAM_EVAL_TIME_TOL MCS); means over the
 * matched frames of the area KS distance, |bubbles_a / bubbles_b - 1| and
 * |mean_area_a / mean_area_b - 1|. PG_ERR_ARG when sizes differ or no
 * time matches. */
#define PG_FOAM_EVAL_TIME_TOL 1e-6
typedef struct pg_foam_eval_cmp {
    int matched;
    double area_ks, area_ks_max, bubble_count_error, mean_area_error;
    /* The reference's bubble loss between the times of a's frames 0 and
     * 1 (NAN when b lacks either) and a's relative to it,
     * first_step_loss_a / ref_first_step_loss - 1. */
    double ref_first_step_loss, first_step_loss_error;
    /* a's growth exponent minus b's (each as in its pg_foam_eval; NAN
     * when either has too few frames). */
    double growth_exponent_error;
} pg_foam_eval_cmp;
pg_status pg_foam_eval_compare(const pg_foam_eval *a, const pg_foam_eval *b,
                               pg_foam_eval_cmp *c);

#endif
