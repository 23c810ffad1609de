/* Priority-flood filling, D8 routing, drainage, Hack's law, hypsometry and
 * curvature of terrain patches (physics/terrain/terrain_hydro.h). */
#include "physics/terrain/terrain_hydro.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "physics/terrain/terrain_fill.h"

/* Gradients below this (m/m) leave the flow direction, and so the plan and
 * profile curvature, undefined. */
static const double FLAT_GRADIENT = 1e-6;

#define NB_DR PG_TERRAIN_NB_DR
#define NB_DC PG_TERRAIN_NB_DC

typedef struct growing {
    double *v;
    size_t n, cap;
} growing;

struct pg_terrain_hydro {
    pg_terrain_grid g;
    pg_terrain_hydro_params p;
    size_t cells;
    double nb_dist[8];                 /* metres to each neighbour */
    /* per patch */
    pg_terrain_fill *fill;             /* filled levels, flood links, order */
    int *order, *receiver, *label, *stack;
    double *filled, *area, *len;
    size_t last_counted;
    /* accumulated */
    size_t patches, depressions, depression_cells, cells_total;
    double channel_len_m, hyps_sum;
    growing log_a, log_l, plan, profile;
};

static pg_status grow_push(growing *a, double x)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? 2 * a->cap : 4096;
        double *v = realloc(a->v, cap * sizeof *v);
        if (!v) return PG_FAIL(PG_ERR_NOMEM, "terrain hydrology: %zu values",
                               cap);
        a->v = v;
        a->cap = cap;
    }
    a->v[a->n++] = x;
    return PG_OK;
}

pg_status pg_terrain_hydro_create(const pg_terrain_grid *g,
                                  const pg_terrain_hydro_params *p,
                                  pg_terrain_hydro **out)
{
    *out = NULL;
    PG_CHECK(pg_terrain_grid_check(g));
    if (!(p->depression_frac >= 0 && p->depression_frac < 1))
        return PG_FAIL(PG_ERR_ARG, "depression depth fraction %g: expected "
                       "[0, 1)", p->depression_frac);
    if (!(p->channel_area_m2 > 0) || !isfinite(p->channel_area_m2))
        return PG_FAIL(PG_ERR_ARG, "channel area threshold %g m^2: expected "
                       "> 0", p->channel_area_m2);
    pg_terrain_hydro *h = calloc(1, sizeof *h);
    if (!h) return PG_FAIL(PG_ERR_NOMEM, "terrain hydrology");
    h->g = *g;
    h->p = *p;
    h->cells = (size_t)g->h * (size_t)g->w;
    for (int k = 0; k < 8; k++)
        h->nb_dist[k] = hypot(NB_DC[k] * g->dx_m, NB_DR[k] * g->dy_m);
    size_t n = h->cells;
    pg_status s = pg_terrain_fill_create(g->h, g->w, &h->fill);
    if (s != PG_OK) {
        pg_terrain_hydro_destroy(&h);
        return s;
    }
    h->filled = h->fill->filled;
    h->order = h->fill->order;
    h->receiver = malloc(n * sizeof *h->receiver);
    h->label = malloc(n * sizeof *h->label);
    h->stack = malloc(n * sizeof *h->stack);
    h->area = malloc(n * sizeof *h->area);
    h->len = malloc(n * sizeof *h->len);
    if (!h->receiver || !h->label || !h->stack || !h->area || !h->len) {
        pg_terrain_hydro_destroy(&h);
        return PG_FAIL(PG_ERR_NOMEM, "terrain hydrology workspace for "
                       "%d x %d cells", g->h, g->w);
    }
    *out = h;
    return PG_OK;
}

void pg_terrain_hydro_destroy(pg_terrain_hydro **hp)
{
    if (!hp || !*hp) return;
    pg_terrain_hydro *h = *hp;
    pg_terrain_fill_destroy(&h->fill);
    free(h->receiver);
    free(h->label);
    free(h->stack);
    free(h->area);
    free(h->len);
    free(h->log_a.v);
    free(h->log_l.v);
    free(h->plan.v);
    free(h->profile.v);
    free(h);
    *hp = NULL;
}

/* Priority-flood: filled levels, the order, and the flood links as the
 * first receivers. */
static void priority_flood(pg_terrain_hydro *h, const float *z)
{
    pg_terrain_fill_run(h->fill, z);
    memcpy(h->receiver, h->fill->from, h->cells * sizeof *h->receiver);
}

/* Steepest strictly lower neighbour on the filled surface replaces the
 * flood link where there is one (see the header on why no cycle forms). */
static void route_d8(pg_terrain_hydro *h)
{
    const pg_terrain_grid *g = &h->g;
    for (int r = 0; r < g->h; r++)
        for (int c = 0; c < g->w; c++) {
            int i = r * g->w + c, best = -1;
            double best_s = 0;
            for (int k = 0; k < 8; k++) {
                int rr = r + NB_DR[k], cc = c + NB_DC[k];
                if (rr < 0 || cc < 0 || rr >= g->h || cc >= g->w) continue;
                int j = rr * g->w + cc;
                double s = (h->filled[i] - h->filled[j]) / h->nb_dist[k];
                if (s > best_s) {
                    best_s = s;
                    best = j;
                }
            }
            if (best >= 0) h->receiver[i] = best;
        }
}

static double link_length(const pg_terrain_hydro *h, int from, int to)
{
    int w = h->g.w;
    int dr = to / w - from / w, dc = to % w - from % w;
    for (int k = 0; k < 8; k++)
        if (NB_DR[k] == dr && NB_DC[k] == dc) return h->nb_dist[k];
    return 0;
}

/* Contributing areas and longest upstream paths in reverse pop order
 * (every receiver was popped before its donors); channel length and the
 * Hack points of channel cells. */
static pg_status accumulate(pg_terrain_hydro *h)
{
    double cell = h->g.dx_m * h->g.dy_m;
    for (size_t i = 0; i < h->cells; i++) {
        h->area[i] = cell;
        h->len[i] = 0;
    }
    for (size_t k = h->cells; k-- > 0;) {
        int i = h->order[k], to = h->receiver[i];
        if (to < 0) continue;
        double d = link_length(h, i, to);
        h->area[to] += h->area[i];
        if (h->len[i] + d > h->len[to]) h->len[to] = h->len[i] + d;
    }
    for (size_t i = 0; i < h->cells; i++) {
        if (h->area[i] < h->p.channel_area_m2) continue;
        int to = h->receiver[i];
        if (to >= 0) h->channel_len_m += link_length(h, (int)i, to);
        if (h->len[i] > 0) {
            PG_CHECK(grow_push(&h->log_a, log10(h->area[i])));
            PG_CHECK(grow_push(&h->log_l, log10(h->len[i])));
        }
    }
    return PG_OK;
}

/* 8-connected regions where the fill stands above the ground; count those
 * deeper than depression_frac x relief. */
static void depressions(pg_terrain_hydro *h, const float *z, double relief)
{
    const pg_terrain_grid *g = &h->g;
    double min_depth = h->p.depression_frac * relief;
    memset(h->label, 0, h->cells * sizeof *h->label);
    int next = 0;
    h->last_counted = 0;
    for (size_t s = 0; s < h->cells; s++) {
        if (h->label[s] || !(h->filled[s] > z[s])) continue;
        size_t top = 0, size = 0;
        double depth = 0;
        h->label[s] = ++next;
        h->stack[top++] = (int)s;
        while (top) {
            int i = h->stack[--top], r = i / g->w, c = i % g->w;
            size++;
            if (h->filled[i] - z[i] > depth) depth = h->filled[i] - z[i];
            for (int k = 0; k < 8; k++) {
                int rr = r + NB_DR[k], cc = c + NB_DC[k];
                if (rr < 0 || cc < 0 || rr >= g->h || cc >= g->w) continue;
                int j = rr * g->w + cc;
                if (h->label[j] || !(h->filled[j] > z[j])) continue;
                h->label[j] = next;
                h->stack[top++] = j;
            }
        }
        if (depth > min_depth) {
            h->last_counted++;
            h->depression_cells += size;
        }
    }
    h->depressions += h->last_counted;
}

/* Zevenbergen-Thorne plan and profile curvature of the interior cells. */
static pg_status curvature(pg_terrain_hydro *h, const float *z)
{
    const pg_terrain_grid *g = &h->g;
    double dx = g->dx_m, dy = g->dy_m;
    for (int r = 1; r < g->h - 1; r++)
        for (int c = 1; c < g->w - 1; c++) {
            const float *up = z + (r - 1) * g->w + c, *mid = z + r * g->w + c,
                        *dn = z + (r + 1) * g->w + c;
            double z5 = mid[0];
            double D = ((mid[-1] + mid[1]) / 2 - z5) / (dx * dx);
            double E = ((up[0] + dn[0]) / 2 - z5) / (dy * dy);
            double F = (-up[-1] + up[1] + dn[-1] - dn[1]) / (4 * dx * dy);
            double G = (mid[1] - mid[-1]) / (2 * dx);
            double H = (up[0] - dn[0]) / (2 * dy);   /* rows run along -y */
            double q = G * G + H * H;
            if (q < FLAT_GRADIENT * FLAT_GRADIENT) continue;
            PG_CHECK(grow_push(&h->profile,
                               -2 * (D * G * G + E * H * H + F * G * H) / q));
            PG_CHECK(grow_push(&h->plan,
                               2 * (D * H * H + E * G * G - F * G * H) / q));
        }
    return PG_OK;
}

pg_status pg_terrain_hydro_add(pg_terrain_hydro *h, const float *z, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        const float *zp = z + p * h->cells;
        double lo = INFINITY, hi = -INFINITY, sum = 0;
        for (size_t i = 0; i < h->cells; i++) {
            if (!isfinite(zp[i]))
                return PG_FAIL(PG_ERR_NUMERIC, "patch %zu: elevation %zu is "
                               "not finite", p, i);
            lo = zp[i] < lo ? zp[i] : lo;
            hi = zp[i] > hi ? zp[i] : hi;
            sum += zp[i];
        }
        priority_flood(h, zp);
        depressions(h, zp, hi - lo);
        route_d8(h);
        PG_CHECK(accumulate(h));
        PG_CHECK(curvature(h, zp));
        h->hyps_sum += hi > lo ? (sum / (double)h->cells - lo) / (hi - lo)
                               : 0.5;
        h->patches++;
        h->cells_total += h->cells;
    }
    return PG_OK;
}

static void curv_stats(growing *a, pg_terrain_curv_stats *s)
{
    memset(s, 0, sizeof *s);
    s->cells = a->n;
    if (!a->n) {
        s->mean = s->std = s->p05 = s->p50 = s->p95 = NAN;
        return;
    }
    gsl_sort(a->v, 1, a->n);
    s->mean = gsl_stats_mean(a->v, 1, a->n);
    s->std = a->n > 1 ? gsl_stats_sd_m(a->v, 1, a->n, s->mean) : 0;
    s->p05 = gsl_stats_quantile_from_sorted_data(a->v, 1, a->n, 0.05);
    s->p50 = gsl_stats_quantile_from_sorted_data(a->v, 1, a->n, 0.50);
    s->p95 = gsl_stats_quantile_from_sorted_data(a->v, 1, a->n, 0.95);
}

pg_status pg_terrain_hydro_summarize(pg_terrain_hydro *h,
                                     pg_terrain_hydro_summary *out)
{
    if (!h->patches)
        return PG_FAIL(PG_ERR_ARG, "terrain hydrology: no patch was added");
    memset(out, 0, sizeof *out);
    double cell = h->g.dx_m * h->g.dy_m;
    out->patches = h->patches;
    out->area_km2 = (double)h->cells_total * cell / 1e6;
    out->depressions = h->depressions;
    out->depression_density_km2 = (double)h->depressions / out->area_km2;
    out->depression_cell_frac =
        (double)h->depression_cells / (double)h->cells_total;
    out->drainage_density_km = h->channel_len_m / 1e3 / out->area_km2;
    out->hypsometric_integral = h->hyps_sum / (double)h->patches;
    out->hack_points = h->log_a.n;
    out->hack_exponent = out->hack_r2 = NAN;
    if (h->log_a.n >= 3) {
        double c0, c1, cov00, cov01, cov11, ss;
        double var = gsl_stats_variance(h->log_a.v, 1, h->log_a.n);
        if (var > 0 &&
            gsl_fit_linear(h->log_a.v, 1, h->log_l.v, 1, h->log_a.n, &c0,
                           &c1, &cov00, &cov01, &cov11, &ss) == 0) {
            double tss = gsl_stats_variance(h->log_l.v, 1, h->log_l.n) *
                         (double)(h->log_l.n - 1);
            out->hack_exponent = c1;
            out->hack_r2 = tss > 0 ? 1 - ss / tss : NAN;
        }
    }
    curv_stats(&h->plan, &out->plan);
    curv_stats(&h->profile, &out->profile);
    return PG_OK;
}

const double *pg_terrain_hydro_last_filled(const pg_terrain_hydro *h)
{
    return h->filled;
}

const double *pg_terrain_hydro_last_area(const pg_terrain_hydro *h)
{
    return h->area;
}

const int *pg_terrain_hydro_last_receiver(const pg_terrain_hydro *h)
{
    return h->receiver;
}

size_t pg_terrain_hydro_last_counted(const pg_terrain_hydro *h)
{
    return h->last_counted;
}
