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
    c->area_ks /= c->matched;
    c->bubble_count_error /= c->matched;
    c->mean_area_error /= c->matched;
    return PG_OK;
}
