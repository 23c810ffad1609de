/* Evaluation of foam/1 files (physics/foam/io/foam_eval.h). */
#include "physics/foam/io/foam_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_vertices.h"

void pg_foam_eval_free(pg_foam_eval *e)
{
    pg_foam_analysis_free(&e->pass);
    memset(e, 0, sizeof *e);
}

void pg_foam_eval_growth(const pg_foam_analysis *a, double from, double to,
                         pg_foam_growth *g)
{
    memset(g, 0, sizeof *g);
    g->exponent = g->exponent_r2 = g->rate = g->from = g->to = NAN;
    if (isnan(from)) from = -INFINITY;
    if (isnan(to)) to = INFINITY;
    double *lx = malloc((size_t)a->frames * 4 * sizeof *lx);
    if (!lx) return; /* no fit: reported as too few frames */
    double *ly = lx + a->frames, *x = ly + a->frames, *y = x + a->frames;
    size_t n = 0;
    for (int t = 0; t < a->frames; t++) {
        double tt = a->time[t], m = a->mean_area[t];
        if (tt < from || tt > to || !(tt > 0) || !(m > 0)) continue;
        if (!n) g->from = tt;
        g->to = tt;
        lx[n] = log(tt);
        ly[n] = log(m);
        x[n] = tt;
        y[n++] = m;
    }
    pg_foam_line ll, lin;
    if (n >= 3 && pg_foam_fit_line(lx, ly, n, &ll) == PG_OK &&
        pg_foam_fit_line(x, y, n, &lin) == PG_OK) {
        g->ok = 1;
        g->frames = n;
        g->exponent = ll.slope;
        g->exponent_r2 = ll.r2;
        g->rate = lin.slope;
    } else {
        pg_error_clear(); /* too few (or equal) times: a result */
    }
    free(lx);
}

static int frame_at(const pg_foam_analysis *a, double t)
{
    for (int u = 0; u < a->frames; u++)
        if (fabs(a->time[u] - t) <= PG_FOAM_EVAL_TIME_TOL) return u;
    return -1;
}

double pg_foam_eval_bubble_loss(const pg_foam_analysis *a, double t0,
                                double t1)
{
    int u0 = frame_at(a, t0), u1 = frame_at(a, t1);
    if (u0 < 0 || u1 < 0 || !(a->bubbles[u0] > 0)) return NAN;
    return 1 - a->bubbles[u1] / a->bubbles[u0];
}

pg_status pg_foam_eval_file(const char *path, pg_foam_eval *e)
{
    memset(e, 0, sizeof *e);
    PG_CHECK(pg_foam_analysis_file(path, -INFINITY,
                                   PG_FOAM_ANALYSIS_TRACK |
                                       PG_FOAM_ANALYSIS_VERTICES |
                                       PG_FOAM_ANALYSIS_GAS |
                                       PG_FOAM_ANALYSIS_AREAS,
                                   &e->pass));
    const pg_foam_analysis *a = &e->pass;
    double nsum = 0;
    for (int t = 0; t < a->frames; t++) nsum += a->mean_n[t];
    e->mean_neighbors = nsum / a->frames;
    e->threefold_fraction = pg_foam_vertex_threefold_fraction(&a->vertices);
    e->angle_deviation = pg_foam_vertex_angle_deviation(&a->vertices);
    e->vn_ok = pg_foam_vn_fit(a->vn, &e->vn) == PG_OK;
    if (!e->vn_ok) pg_error_clear(); /* too few points is a result, not an error */
    pg_foam_eval_growth(a, -INFINITY, INFINITY, &e->growth);
    e->first_step_loss = a->frames > 1
        ? pg_foam_eval_bubble_loss(a, a->time[0], a->time[1]) : NAN;
    return PG_OK;
}

pg_status pg_foam_eval_compare(const pg_foam_eval *ea,
                               const pg_foam_eval *eb, pg_foam_eval_cmp *c)
{
    const pg_foam_analysis *a = &ea->pass, *b = &eb->pass;
    memset(c, 0, sizeof *c);
    if (a->height != b->height || a->width != b->width)
        return PG_FAIL(PG_ERR_ARG, "foam eval: frames %d x %d vs %d x %d",
                       a->height, a->width, b->height, b->width);
    for (int t = 0; t < a->frames; t++) {
        int u = 0;
        while (u < b->frames && fabs(b->time[u] - a->time[t]) > PG_FOAM_EVAL_TIME_TOL)
            u++;
        if (u == b->frames || !a->n_areas[t] || !b->n_areas[u]) continue;
        double *x = malloc(a->n_areas[t] * sizeof *x);
        double *y = malloc(b->n_areas[u] * sizeof *y);
        if (!x || !y) {
            free(x);
            free(y);
            return PG_FAIL(PG_ERR_NOMEM, "foam eval: KS samples");
        }
        memcpy(x, a->areas[t], a->n_areas[t] * sizeof *x);
        memcpy(y, b->areas[u], b->n_areas[u] * sizeof *y);
        double ks = pg_foam_ks_distance(x, a->n_areas[t], y, b->n_areas[u]);
        free(x);
        free(y);
        c->matched++;
        c->area_ks += ks;
        c->area_ks_max = fmax(c->area_ks_max, ks);
        c->bubble_count_error += fabs(a->bubbles[t] / b->bubbles[u] - 1);
        c->mean_area_error += fabs(a->mean_area[t] / b->mean_area[u] - 1);
    }
    if (!c->matched)
        return PG_FAIL(PG_ERR_ARG, "foam eval: no frame times in common");
    c->ref_first_step_loss = a->frames > 1
        ? pg_foam_eval_bubble_loss(b, a->time[0], a->time[1]) : NAN;
    c->first_step_loss_error = ea->first_step_loss / c->ref_first_step_loss - 1;
    c->growth_exponent_error = ea->growth.ok && eb->growth.ok
        ? ea->growth.exponent - eb->growth.exponent : NAN;
    c->area_ks /= c->matched;
    c->bubble_count_error /= c->matched;
    c->mean_area_error /= c->matched;
    return PG_OK;
}
