/* The one foam analysis pass (foam_analysis.h): one sequence in memory at
 * a time, two diagnostics alternating so frame t - 1's stay available for
 * the von Neumann pairs. */
#include "physics/foam/io/foam_analysis.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/foam_file.h"
#include "io/h5.h"
#include "physics/foam/foam_field.h"
#include "physics/foam/foam_track.h"
#include "io/schema.h"

void pg_foam_analysis_free(pg_foam_analysis *a)
{
    if (a->areas)
        for (int t = 0; t < a->frames; t++) free(a->areas[t]);
    free(a->areas);
    free(a->n_areas);
    free(a->time);
    free(a->bubbles);
    free(a->mean_area);
    free(a->mean_n);
    free(a->split_ids);
    free(a->threefold);
    free(a->gas);
    free(a->n_hist);
    pg_foam_vn_destroy(&a->vn);
    pg_foam_vn_destroy(&a->vn_same_n);
    memset(a, 0, sizeof *a);
    a->n_max = -1;
}

static pg_status alloc_frames(pg_foam_analysis *a, unsigned what)
{
    size_t t = (size_t)a->frames;
    a->time = malloc(t * sizeof *a->time);
    a->bubbles = calloc(t, sizeof *a->bubbles);
    a->mean_area = calloc(t, sizeof *a->mean_area);
    a->mean_n = calloc(t, sizeof *a->mean_n);
    a->split_ids = calloc(t, sizeof *a->split_ids);
    int ok = a->time && a->bubbles && a->mean_area && a->mean_n &&
             a->split_ids;
    if (what & PG_FOAM_ANALYSIS_VERTICES)
        ok = ok && (a->threefold = calloc(t, sizeof *a->threefold));
    if (what & PG_FOAM_ANALYSIS_GAS)
        ok = ok && (a->gas = calloc(t, sizeof *a->gas));
    if (what & PG_FOAM_ANALYSIS_AREAS)
        ok = ok && (a->areas = calloc(t, sizeof *a->areas)) &&
             (a->n_areas = calloc(t, sizeof *a->n_areas));
    if (!ok) return PG_FAIL(PG_ERR_NOMEM, "foam analysis of %d frames",
                            a->frames);
    PG_CHECK(pg_foam_vn_create(&a->vn));
    if (what & PG_FOAM_ANALYSIS_SAME_N) PG_CHECK(pg_foam_vn_create(&a->vn_same_n));
    return PG_OK;
}

static pg_status push_areas(pg_foam_analysis *a, int t, const pg_foam_diag *d)
{
    int nb = pg_foam_diag_count(d);
    double *x = realloc(a->areas[t], (a->n_areas[t] + nb) * sizeof *x);
    if (!x) return PG_FAIL(PG_ERR_NOMEM, "foam analysis areas");
    a->areas[t] = x;
    const int32_t *ar = pg_foam_diag_areas(d);
    for (int k = 0; k < nb; k++) x[a->n_areas[t]++] = ar[k];
    return PG_OK;
}

static pg_status hist_add(pg_foam_analysis *a, const pg_foam_diag *d)
{
    const int32_t *nb = pg_foam_diag_neighbors(d);
    for (int i = 0; i < pg_foam_diag_count(d); i++) {
        int n = nb[i];
        if (n > a->n_max) {
            size_t *h = realloc(a->n_hist, (size_t)(n + 1) * sizeof *h);
            if (!h) return PG_FAIL(PG_ERR_NOMEM, "neighbour histogram");
            for (int k = a->n_max + 1; k <= n; k++) h[k] = 0;
            a->n_hist = h;
            a->n_max = n;
        }
        a->n_hist[n]++;
        a->n_bubbles++;
        a->n_mean += n;
    }
    return PG_OK;
}

static void vertices_add(pg_foam_vertex_stats *all,
                         const pg_foam_vertex_stats *vs)
{
    all->vertices += vs->vertices;
    all->threefold += vs->threefold;
    all->angles += vs->angles;
    all->angle_sum += vs->angle_sum;
    all->angle_dev_sum += vs->angle_dev_sum;
    for (int k = 0; k < PG_FOAM_ANGLE_BINS; k++) all->hist[k] += vs->hist[k];
}

typedef struct pass_ws {
    unsigned what;
    int32_t *seq;          /* one sequence's labels */
    float *phi;            /* GAS: one frame's film field */
    pg_foam_diag *d[2];
    pg_foam_vertices *v;   /* VERTICES */
    double err_sum;        /* GAS: sum of |dG|/G over steps */
    size_t steps;
} pass_ws;

/* Frame t of the sequence in w->seq: cur analysed, prev holds frame t - 1. */
static pg_status frame(pg_foam_analysis *a, pass_ws *w, int t, double *g_prev)
{
    const int32_t *lab = w->seq + (size_t)t * a->height * a->width;
    pg_foam_diag *cur = w->d[t & 1], *prev = w->d[(t + 1) & 1];
    pg_foam_diag_analyze(cur, lab);
    a->bubbles[t] += pg_foam_diag_count(cur);
    a->mean_area[t] += pg_foam_diag_mean_area(cur);
    a->mean_n[t] += pg_foam_diag_mean_neighbors(cur);
    a->split_ids[t] += pg_foam_diag_split_ids(cur);
    if (w->what & PG_FOAM_ANALYSIS_VERTICES) {
        pg_foam_vertex_stats vs = {0};
        pg_foam_vertices_add(w->v, cur, &vs);
        vertices_add(&a->vertices, &vs);
        a->threefold[t] += vs.vertices ? (double)vs.threefold / vs.vertices : 0;
    }
    if (w->what & PG_FOAM_ANALYSIS_GAS) {
        pg_foam_field_from_labels(lab, a->height, a->width, w->phi);
        double g = pg_foam_gas_fraction(w->phi, a->height, a->width);
        a->gas[t] += g;
        if (t > 0) {
            double rel = fabs(g - *g_prev) / *g_prev;
            w->err_sum += rel;
            w->steps++;
            a->mass_error_max = fmax(a->mass_error_max, rel);
        }
        *g_prev = g;
    }
    if (w->what & PG_FOAM_ANALYSIS_AREAS) PG_CHECK(push_areas(a, t, cur));
    if ((w->what & PG_FOAM_ANALYSIS_HIST) && a->time[t] >= a->fit_from)
        PG_CHECK(hist_add(a, cur));
    if (t == 0 || a->time[t - 1] < a->fit_from) return PG_OK;
    double dt = a->time[t] - a->time[t - 1];
    PG_CHECK(pg_foam_vn_add(a->vn, prev, cur, dt, 0));
    if (a->vn_same_n) PG_CHECK(pg_foam_vn_add(a->vn_same_n, prev, cur, dt, 1));
    return PG_OK;
}

static pg_status analyse(pg_h5_file *f, pg_foam_analysis *a, pass_ws *w)
{
    for (int q = 0; q < a->sequences; q++) {
        PG_CHECK(pg_h5_dataset_read_rows(f, "/labels", PG_H5_I32, (size_t)q,
                                         1, w->seq));
        /* Tracking changes no component, only which id each one has. */
        if (a->tracked)
            PG_CHECK(pg_foam_track(w->seq, a->frames, a->height, a->width));
        double g_prev = 0;
        for (int t = 0; t < a->frames; t++) PG_CHECK(frame(a, w, t, &g_prev));
    }
    /* Sum, then divide: the order the published tables were made with. */
    for (int t = 0; t < a->frames; t++) {
        a->bubbles[t] /= a->sequences;
        a->mean_area[t] /= a->sequences;
        a->mean_n[t] /= a->sequences;
        a->split_ids[t] /= a->sequences;
        if (a->threefold) a->threefold[t] /= a->sequences;
        if (a->gas) a->gas[t] /= a->sequences;
    }
    a->mass_error = w->steps ? w->err_sum / (double)w->steps : NAN;
    if (a->n_bubbles) a->n_mean /= (double)a->n_bubbles;
    return PG_OK;
}

int pg_foam_analysis_fit_start(const pg_foam_analysis *a)
{
    int t0 = 0;
    while (t0 < a->frames && a->time[t0] < a->fit_from) t0++;
    return t0;
}

/* Shape, time axis, fit_from and the workspace, then the pass. */
static pg_status run(pg_h5_file *f, const char *path, double fit_from,
                     pass_ws *w, pg_foam_analysis *a)
{
    pg_foam_shape sh;
    PG_CHECK(pg_foam_file_shape(f, path, &sh));
    a->sequences = sh.sequences;
    a->frames = sh.frames;
    a->height = sh.height;
    a->width = sh.width;
    PG_CHECK(alloc_frames(a, w->what));
    PG_CHECK(pg_h5_dataset_read(f, "/time", PG_H5_F64, a->time,
                                (size_t)a->frames));
    a->fit_from = isnan(fit_from) ? a->time[(a->frames - 1) / 4] : fit_from;
    int in_fit = a->frames - pg_foam_analysis_fit_start(a);
    if ((w->what & PG_FOAM_ANALYSIS_FITS) && in_fit < 3)
        return PG_FAIL(PG_ERR_ARG, "%s: %d frame(s) at t >= %g MCS; the fits "
                       "need >= 3", path, in_fit, a->fit_from);
    if ((w->what & PG_FOAM_ANALYSIS_TRACK) &&
        pg_h5_attr_exists(f, "/", "surrogate")) {
        int64_t sur = 0;
        PG_CHECK(pg_h5_attr_read_int(f, "/", "surrogate", &sur));
        a->tracked = sur != 0;
    }
    size_t sites = (size_t)a->height * a->width;
    w->seq = malloc(sites * (size_t)a->frames * sizeof *w->seq);
    if (!w->seq)
        return PG_FAIL(PG_ERR_NOMEM, "foam analysis: one sequence of %s",
                       path);
    if (w->what & PG_FOAM_ANALYSIS_GAS) {
        w->phi = malloc(sites * sizeof *w->phi);
        if (!w->phi) return PG_FAIL(PG_ERR_NOMEM, "foam analysis: field");
    }
    PG_CHECK(pg_foam_diag_create(a->height, a->width, &w->d[0]));
    PG_CHECK(pg_foam_diag_create(a->height, a->width, &w->d[1]));
    if (w->what & PG_FOAM_ANALYSIS_VERTICES)
        PG_CHECK(pg_foam_vertices_create(a->height, a->width, &w->v));
    PG_CHECK(analyse(f, a, w));
    return PG_OK;
}

pg_status pg_foam_analysis_file(const char *path, double fit_from,
                                unsigned what, pg_foam_analysis *a)
{
    memset(a, 0, sizeof *a);
    a->n_max = -1;
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_open_valid(path, "foam/1", &f));
    pass_ws w = {.what = what};
    pg_status st = run(f, path, fit_from, &w, a);
    free(w.seq);
    free(w.phi);
    pg_foam_diag_destroy(&w.d[0]);
    pg_foam_diag_destroy(&w.d[1]);
    pg_foam_vertices_destroy(&w.v);
    pg_h5_file_close(&f);
    if (st != PG_OK) {
        pg_foam_analysis_free(a);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}

static pg_status fit(pg_foam_validation *v)
{
    const pg_foam_analysis *a = &v->pass;
    int t0 = pg_foam_analysis_fit_start(a);
    PG_CHECK(pg_foam_fit_line(a->time + t0, a->mean_area + t0,
                              (size_t)(a->frames - t0), &v->growth));
    PG_CHECK(pg_foam_vn_fit(a->vn, &v->vn));
    if (a->vn_same_n) PG_CHECK(pg_foam_vn_fit(a->vn_same_n, &v->vn_same_n));
    return PG_OK;
}

void pg_foam_validation_free(pg_foam_validation *v)
{
    pg_foam_analysis_free(&v->pass);
    memset(v, 0, sizeof *v);
}

pg_status pg_foam_validation_file(const char *path, double fit_from,
                                  unsigned what, pg_foam_validation *v)
{
    memset(v, 0, sizeof *v);
    PG_CHECK(pg_foam_analysis_file(path, fit_from,
                                   what | PG_FOAM_ANALYSIS_FITS, &v->pass));
    pg_status st = fit(v);
    if (st != PG_OK) {
        pg_foam_validation_free(v);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    return PG_OK;
}
