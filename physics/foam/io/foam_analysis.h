/* The one analysis pass over a foam/1 file: every frame of every sequence
 * through the diagnostics (physics/foam/foam_diag.h), read one sequence at
 * a time, with what the caller asks for on top. `physgan eval foam`
 * (foam_eval.h), the validation report of `simulate foam --report`
 * (foam_report.h) and the plots of `view foam --plots`
 * (viz/foam_plots.h) read their numbers from this one result.
 *
 * Always, per frame (sums over sequences divided by S): bubbles
 * (components), mean area (sites), <n>, ids split into several
 * components. Von Neumann points (dA/dt against n - 6) of every bubble
 * found in frames t - 1 and t with time[t - 1] >= fit_from are pooled
 * over sequences in `vn` (and, with PG_FOAM_ANALYSIS_SAME_N, those whose
 * n did not change in `vn_same_n`).
 *
 * Not collective.
 */
#ifndef PG_DATA_FOAM_ANALYSIS_H
#define PG_DATA_FOAM_ANALYSIS_H

#include <stddef.h>

#include "base/status.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/foam_vertices.h"

/* What to compute beyond the always-computed part (flags, or'ed). */
enum {
    /* A file whose ids are renumbered every frame (root attribute
     * surrogate != 0, a rollout) is tracked by overlap (foam_track.h)
     * first, so the von Neumann pairs follow bubbles. */
    PG_FOAM_ANALYSIS_TRACK = 1 << 0,
    /* 3-fold vertex fraction per frame and the file's vertex totals
     * (physics/foam/foam_vertices.h). */
    PG_FOAM_ANALYSIS_VERTICES = 1 << 1,
    /* Gas content G of the film field per frame (foam_field.h) and the
     * conservation error |G(t+1) - G(t)| / G(t) over steps. */
    PG_FOAM_ANALYSIS_GAS = 1 << 2,
    /* Areas of every bubble, per frame, pooled over sequences. */
    PG_FOAM_ANALYSIS_AREAS = 1 << 3,
    /* vn_same_n as well. */
    PG_FOAM_ANALYSIS_SAME_N = 1 << 4,
    /* Neighbour-count histogram over the frames at t >= fit_from. */
    PG_FOAM_ANALYSIS_HIST = 1 << 5,
    /* The fits need >= 3 frames at t >= fit_from: PG_ERR_ARG, before the
     * pass, when the file has fewer. */
    PG_FOAM_ANALYSIS_FITS = 1 << 6,
};

typedef struct pg_foam_analysis {
    int sequences, frames, height, width;
    double fit_from;          /* MCS, as resolved */
    int tracked;              /* TRACK applied (the file is renumbered) */
    double *time;             /* MCS, per frame */
    double *bubbles, *mean_area, *mean_n, *split_ids; /* per frame */
    double *threefold;        /* VERTICES: 3-fold vertex fraction */
    double *gas;              /* GAS: gas content */
    double **areas;           /* AREAS: per frame, all sequences' bubbles */
    size_t *n_areas;
    pg_foam_vertex_stats vertices; /* VERTICES: all frames */
    double mass_error;        /* GAS: mean over steps (NAN: no step) */
    double mass_error_max;
    pg_foam_vn *vn, *vn_same_n;    /* von Neumann points (see above) */
    size_t *n_hist;           /* HIST: bubbles with n = 0 .. n_max */
    int n_max;                /* -1 while empty */
    size_t n_bubbles;         /* sum of n_hist */
    double n_mean;            /* <n> over those bubbles */
} pg_foam_analysis;

/* Read path (schema foam/1) and run the pass. fit_from in MCS; NAN: the
 * time of frame (T - 1) / 4 (simulate foam's default); -INFINITY: every
 * pair of frames. On failure *a holds nothing to free. */
pg_status pg_foam_analysis_file(const char *path, double fit_from,
                                unsigned what, pg_foam_analysis *a);
void pg_foam_analysis_free(pg_foam_analysis *a);

/* First frame at t >= fit_from (frames when none). */
int pg_foam_analysis_fit_start(const pg_foam_analysis *a);

/* The pass with FITS and the fits of the validation report (`simulate
 * foam --report`, foam_report.h) and plots (`view foam --plots`,
 * viz/foam_plots.h): least-squares mean area (sites) against time (MCS)
 * over the frames at t >= fit_from (linear growth in the scaling regime)
 * and von Neumann's law over the pooled points. */
typedef struct pg_foam_validation {
    pg_foam_analysis pass;
    pg_foam_line growth;         /* mean area vs t */
    pg_foam_vn_result vn;        /* all bubbles found in both frames */
    pg_foam_vn_result vn_same_n; /* ... whose n did not change (what has
                                    SAME_N; else zero) */
} pg_foam_validation;

/* pg_foam_analysis_file with what | FITS, then the fits. On failure *v
 * holds nothing to free. */
pg_status pg_foam_validation_file(const char *path, double fit_from,
                                  unsigned what, pg_foam_validation *v);
void pg_foam_validation_free(pg_foam_validation *v);

#endif
