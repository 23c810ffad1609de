/* Evaluation of foam/1 files (physics/foam/io/foam_eval.h). */
#include "physics/foam/io/foam_eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_field.h"
#include "io/foam_file.h"
#include "physics/foam/foam_track.h"
#include "physics/foam/foam_vertices.h"
#include "io/h5.h"

void pg_foam_eval_free(pg_foam_eval *e)
{
    if (e->areas)
        for (int t = 0; t < e->frames; t++) free(e->areas[t]);
    free(e->areas);
    free(e->n_areas);
    free(e->time);
    free(e->bubbles);
    free(e->mean_area);
    free(e->mean_n);
    free(e->threefold);
    free(e->gas);
    memset(e, 0, sizeof *e);
}

static pg_status alloc_eval(pg_foam_eval *e)
{
    size_t t = (size_t)e->frames;
    e->time = malloc(t * sizeof *e->time);
    e->bubbles = calloc(t, sizeof *e->bubbles);
    e->mean_area = calloc(t, sizeof *e->mean_area);
    e->mean_n = calloc(t, sizeof *e->mean_n);
    e->threefold = calloc(t, sizeof *e->threefold);
    e->gas = calloc(t, sizeof *e->gas);
    e->areas = calloc(t, sizeof *e->areas);
    e->n_areas = calloc(t, sizeof *e->n_areas);
    if (!e->time || !e->bubbles || !e->mean_area || !e->mean_n ||
        !e->threefold || !e->gas || !e->areas || !e->n_areas)
        return PG_FAIL(PG_ERR_NOMEM, "foam eval of %d frames", e->frames);
    return PG_OK;
}

static pg_status push_areas(pg_foam_eval *e, int t, const pg_foam_diag *d)
{
    int nb = pg_foam_diag_count(d);
    double *a = realloc(e->areas[t], (e->n_areas[t] + nb) * sizeof *a);
    if (!a) return PG_FAIL(PG_ERR_NOMEM, "foam eval areas");
    e->areas[t] = a;
    const int32_t *ar = pg_foam_diag_areas(d);
    for (int k = 0; k < nb; k++) a[e->n_areas[t]++] = ar[k];
    return PG_OK;
}

typedef struct eval_ws {
    int32_t *seq;
    float *phi;
    pg_foam_diag *d[2];
    pg_foam_vertices *v;
    pg_foam_vn *vn;
} eval_ws;

static pg_status analyse(pg_h5_file *f, pg_foam_eval *e, eval_ws *w)
{
    size_t frame = (size_t)e->height * e->width;
    pg_foam_vertex_stats all = {0};
    double err_sum = 0;
    size_t steps = 0;
    for (int q = 0; q < e->sequences; q++) {
        PG_CHECK(pg_h5_dataset_read_rows(f, "/labels", PG_H5_I32, (size_t)q,
                                         1, w->seq));
        /* Renumbered ids (a rollout): the von Neumann pairs need ids that
         * follow bubbles; tracking changes no component. */
        if (e->tracked)
            PG_CHECK(pg_foam_track(w->seq, e->frames, e->height, e->width));
        double g_prev = 0;
        for (int t = 0; t < e->frames; t++) {
            const int32_t *lab = w->seq + (size_t)t * frame;
            pg_foam_diag *cur = w->d[t & 1], *prev = w->d[(t + 1) & 1];
            pg_foam_diag_analyze(cur, lab);
            pg_foam_vertex_stats vs = {0};
            pg_foam_vertices_add(w->v, cur, &vs);
            all.vertices += vs.vertices;
            all.threefold += vs.threefold;
            all.angles += vs.angles;
            all.angle_dev_sum += vs.angle_dev_sum;
            pg_foam_field_from_labels(lab, e->height, e->width, w->phi);
            double g = pg_foam_gas_fraction(w->phi, e->height, e->width);
            e->bubbles[t] += pg_foam_diag_count(cur);
            e->mean_area[t] += pg_foam_diag_mean_area(cur);
            e->mean_n[t] += pg_foam_diag_mean_neighbors(cur);
            e->threefold[t] += vs.vertices ? (double)vs.threefold / vs.vertices : 0;
            e->gas[t] += g;
            PG_CHECK(push_areas(e, t, cur));
            if (t > 0) {
                double rel = fabs(g - g_prev) / g_prev;
                err_sum += rel;
                steps++;
                e->mass_error_max = fmax(e->mass_error_max, rel);
                double dt = e->time[t] - e->time[t - 1];
                PG_CHECK(pg_foam_vn_add(w->vn, prev, cur, dt, 0));
            }
            g_prev = g;
        }
    }
    double s = e->sequences, nsum = 0;
    for (int t = 0; t < e->frames; t++) {
        e->bubbles[t] /= s;
        e->mean_area[t] /= s;
        e->mean_n[t] /= s;
        e->threefold[t] /= s;
        e->gas[t] /= s;
        nsum += e->mean_n[t];
    }
    e->mean_neighbors = nsum / e->frames;
    e->threefold_fraction = pg_foam_vertex_threefold_fraction(&all);
    e->angle_deviation = pg_foam_vertex_angle_deviation(&all);
    e->mass_error = steps ? err_sum / (double)steps : NAN;
    e->vn_ok = pg_foam_vn_fit(w->vn, &e->vn) == PG_OK;
    if (!e->vn_ok) pg_error_clear(); /* too few points is a result, not an error */
    return PG_OK;
}

pg_status pg_foam_eval_file(const char *path, pg_foam_eval *e)
{
    memset(e, 0, sizeof *e);
    pg_h5_file *f = NULL;
    pg_status st = PG_OK;
    eval_ws w = {0};
    PG_CHECK(pg_h5_file_open(path, "foam/1", &f));
    pg_foam_shape sh;
    PG_CHECK_GOTO(st, pg_foam_file_shape(f, path, &sh), done);
    e->sequences = sh.sequences;
    e->frames = sh.frames;
    e->height = sh.height;
    e->width = sh.width;
    PG_CHECK_GOTO(st, alloc_eval(e), done);
    if (pg_h5_attr_exists(f, "/", "surrogate")) {
        int64_t sur = 0;
        PG_CHECK_GOTO(st, pg_h5_attr_read_int(f, "/", "surrogate", &sur), done);
        e->tracked = sur != 0;
    }
    PG_CHECK_GOTO(st, pg_h5_dataset_read(f, "/time", PG_H5_F64, e->time,
                                         (size_t)e->frames), done);
    size_t frame = (size_t)e->height * e->width;
    w.seq = malloc(frame * (size_t)e->frames * sizeof *w.seq);
    w.phi = malloc(frame * sizeof *w.phi);
    if (!w.seq || !w.phi) {
        st = PG_FAIL(PG_ERR_NOMEM, "foam eval: one sequence of %s", path);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_foam_diag_create(e->height, e->width, &w.d[0]), done);
    PG_CHECK_GOTO(st, pg_foam_diag_create(e->height, e->width, &w.d[1]), done);
    PG_CHECK_GOTO(st, pg_foam_vertices_create(e->height, e->width, &w.v), done);
    PG_CHECK_GOTO(st, pg_foam_vn_create(&w.vn), done);
    PG_CHECK_GOTO(st, analyse(f, e, &w), done);
done:
    free(w.seq);
    free(w.phi);
    pg_foam_diag_destroy(&w.d[0]);
    pg_foam_diag_destroy(&w.d[1]);
    pg_foam_vertices_destroy(&w.v);
    pg_foam_vn_destroy(&w.vn);
    pg_h5_file_close(&f);
    if (st != PG_OK) pg_foam_eval_free(e);
    return st;
}

pg_status pg_foam_eval_compare(const pg_foam_eval *a, const pg_foam_eval *b,
                               pg_foam_eval_cmp *c)
{
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
