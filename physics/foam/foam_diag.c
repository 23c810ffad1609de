/* Foam diagnostics: components by breadth-first search over the periodic
 * 4-neighbour stencil, neighbour counts from the sorted list of distinct
 * component pairs along lattice edges, von Neumann fits with GSL. */
#include "physics/foam/foam_diag.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The coordination number of a trivalent 2D foam's mean cell (Euler). */
static const double VN_NEUTRAL_SIDES = 6.0;

struct pg_foam_diag {
    int h, w, count;
    int32_t *comp;    /* per site */
    int32_t *queue;   /* BFS queue, h*w */
    int32_t *ids, *areas, *nbrs; /* per component, capacity h*w */
    uint64_t *pairs;  /* distinct-component pairs along edges, 2*h*w */
    uint64_t *by_id;  /* (id, component) keys sorted by id, capacity h*w */
};

pg_status pg_foam_diag_create(int h, int w, pg_foam_diag **out)
{
    *out = NULL;
    if (h < 1 || w < 1)
        return PG_FAIL(PG_ERR_ARG, "foam diagnostics: bad size %d x %d", h, w);
    size_t n = (size_t)h * (size_t)w;
    pg_foam_diag *d = calloc(1, sizeof *d);
    if (!d) return PG_FAIL(PG_ERR_NOMEM, "foam diagnostics");
    d->h = h;
    d->w = w;
    d->comp = malloc(n * sizeof *d->comp);
    d->queue = malloc(n * sizeof *d->queue);
    d->ids = malloc(n * sizeof *d->ids);
    d->areas = malloc(n * sizeof *d->areas);
    d->nbrs = malloc(n * sizeof *d->nbrs);
    d->pairs = malloc(2 * n * sizeof *d->pairs);
    d->by_id = malloc(n * sizeof *d->by_id);
    if (!d->comp || !d->queue || !d->ids || !d->areas || !d->nbrs ||
        !d->pairs || !d->by_id) {
        pg_foam_diag_destroy(&d);
        return PG_FAIL(PG_ERR_NOMEM, "foam diagnostics for %d x %d", h, w);
    }
    *out = d;
    return PG_OK;
}

void pg_foam_diag_destroy(pg_foam_diag **d)
{
    if (!d || !*d) return;
    free((*d)->comp);
    free((*d)->queue);
    free((*d)->ids);
    free((*d)->areas);
    free((*d)->nbrs);
    free((*d)->pairs);
    free((*d)->by_id);
    free(*d);
    *d = NULL;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Flood-fill the component of site s0 with index c. */
static int32_t fill(pg_foam_diag *d, const int32_t *lab, int s0, int32_t c)
{
    const int h = d->h, w = d->w;
    int head = 0, tail = 0;
    d->queue[tail++] = s0;
    d->comp[s0] = c;
    while (head < tail) {
        int s = d->queue[head++], y = s / w, x = s - y * w;
        int nb[4] = {y * w + (x ? x - 1 : w - 1), y * w + (x + 1 < w ? x + 1 : 0),
                     (y ? y - 1 : h - 1) * w + x, (y + 1 < h ? y + 1 : 0) * w + x};
        for (int k = 0; k < 4; k++) {
            int t = nb[k];
            if (d->comp[t] < 0 && lab[t] == lab[s0]) {
                d->comp[t] = c;
                d->queue[tail++] = t;
            }
        }
    }
    return tail;
}

static uint64_t pair_key(int32_t a, int32_t b)
{
    return a < b ? ((uint64_t)a << 32) | (uint32_t)b
                 : ((uint64_t)b << 32) | (uint32_t)a;
}

/* Keys that sort by id (offset to unsigned) and then by component. */
static uint64_t id_key(int32_t id, int32_t comp)
{
    return ((uint64_t)((uint32_t)id ^ 0x80000000u) << 32) | (uint32_t)comp;
}

static int32_t key_id(uint64_t k)
{
    return (int32_t)((uint32_t)(k >> 32) ^ 0x80000000u);
}

void pg_foam_diag_analyze(pg_foam_diag *d, const int32_t *lab)
{
    const int h = d->h, w = d->w, n = h * w;
    for (int s = 0; s < n; s++) d->comp[s] = -1;
    int32_t c = 0;
    for (int s = 0; s < n; s++) {
        if (d->comp[s] >= 0) continue;
        d->ids[c] = lab[s];
        d->areas[c] = fill(d, lab, s, c);
        d->nbrs[c] = 0;
        c++;
    }
    d->count = c;
    /* Distinct unordered component pairs across right and down edges. */
    size_t np = 0;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int32_t a = d->comp[y * w + x];
            int32_t r = d->comp[y * w + (x + 1 < w ? x + 1 : 0)];
            int32_t b = d->comp[(y + 1 < h ? y + 1 : 0) * w + x];
            if (r != a) d->pairs[np++] = pair_key(a, r);
            if (b != a) d->pairs[np++] = pair_key(a, b);
        }
    qsort(d->pairs, np, sizeof *d->pairs, cmp_u64);
    for (size_t i = 0; i < np; i++) {
        if (i > 0 && d->pairs[i] == d->pairs[i - 1]) continue;
        d->nbrs[d->pairs[i] >> 32]++;
        d->nbrs[(uint32_t)d->pairs[i]]++;
    }
    for (int32_t k = 0; k < c; k++) d->by_id[k] = id_key(d->ids[k], k);
    qsort(d->by_id, (size_t)c, sizeof *d->by_id, cmp_u64);
}

int pg_foam_diag_count(const pg_foam_diag *d) { return d->count; }
const int32_t *pg_foam_diag_components(const pg_foam_diag *d) { return d->comp; }
const int32_t *pg_foam_diag_ids(const pg_foam_diag *d) { return d->ids; }
const int32_t *pg_foam_diag_areas(const pg_foam_diag *d) { return d->areas; }
const int32_t *pg_foam_diag_neighbors(const pg_foam_diag *d) { return d->nbrs; }

double pg_foam_diag_mean_area(const pg_foam_diag *d)
{
    return (double)d->h * d->w / d->count;
}

double pg_foam_diag_mean_neighbors(const pg_foam_diag *d)
{
    double s = 0;
    for (int k = 0; k < d->count; k++) s += d->nbrs[k];
    return s / d->count;
}

int pg_foam_diag_split_ids(const pg_foam_diag *d)
{
    int split = 0;
    for (int k = 1; k < d->count; k++)
        if (key_id(d->by_id[k]) == key_id(d->by_id[k - 1]) &&
            (k < 2 || key_id(d->by_id[k - 2]) != key_id(d->by_id[k])))
            split++;
    return split;
}

pg_status pg_foam_fit_line(const double *x, const double *y, size_t n,
                           pg_foam_line *out)
{
    if (n < 3) return PG_FAIL(PG_ERR_ARG, "line fit needs >= 3 points, got %zu", n);
    double c0, c1, cov00, cov01, cov11, sumsq;
    gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
    double r = gsl_stats_correlation(x, 1, y, 1, n);
    if (!isfinite(c1) || !isfinite(r))
        return PG_FAIL(PG_ERR_NUMERIC, "line fit of %zu points is degenerate "
                                       "(x or y constant)", n);
    out->slope = c1;
    out->intercept = c0;
    out->r2 = r * r;
    out->n = n;
    return PG_OK;
}

/* ---- von Neumann ------------------------------------------------------------ */

struct pg_foam_vn {
    double *x, *y;
    size_t n, cap;
};

pg_status pg_foam_vn_create(pg_foam_vn **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "von Neumann accumulator");
}

void pg_foam_vn_destroy(pg_foam_vn **v)
{
    if (!v || !*v) return;
    free((*v)->x);
    free((*v)->y);
    free(*v);
    *v = NULL;
}

size_t pg_foam_vn_count(const pg_foam_vn *v) { return v->n; }

void pg_foam_vn_points(const pg_foam_vn *v, const double **x,
                       const double **y)
{
    *x = v->x;
    *y = v->y;
}

static pg_status vn_push(pg_foam_vn *v, double x, double y)
{
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 1024;
        double *nx = realloc(v->x, cap * sizeof *nx);
        if (!nx) return PG_FAIL(PG_ERR_NOMEM, "von Neumann points");
        v->x = nx;
        double *ny = realloc(v->y, cap * sizeof *ny);
        if (!ny) return PG_FAIL(PG_ERR_NOMEM, "von Neumann points");
        v->y = ny;
        v->cap = cap;
    }
    v->x[v->n] = x;
    v->y[v->n] = y;
    v->n++;
    return PG_OK;
}

/* Length of the run of equal ids starting at sorted position k. */
static int id_run(const pg_foam_diag *d, int k)
{
    int e = k + 1;
    while (e < d->count && key_id(d->by_id[e]) == key_id(d->by_id[k])) e++;
    return e - k;
}

pg_status pg_foam_vn_add(pg_foam_vn *v, const pg_foam_diag *a,
                         const pg_foam_diag *b, double dt, int same_n)
{
    if (!(dt > 0)) return PG_FAIL(PG_ERR_ARG, "von Neumann: dt %g <= 0", dt);
    int i = 0, j = 0;
    while (i < a->count && j < b->count) {
        int32_t ia = key_id(a->by_id[i]), ib = key_id(b->by_id[j]);
        int ra = id_run(a, i), rb = id_run(b, j);
        if (ia < ib) { i += ra; continue; }
        if (ib < ia) { j += rb; continue; }
        if (ra == 1 && rb == 1) {
            int32_t ca = (int32_t)(uint32_t)a->by_id[i];
            int32_t cb = (int32_t)(uint32_t)b->by_id[j];
            if (!same_n || a->nbrs[ca] == b->nbrs[cb])
                PG_CHECK(vn_push(v, a->nbrs[ca] - VN_NEUTRAL_SIDES,
                                 (b->areas[cb] - a->areas[ca]) / dt));
        }
        i += ra;
        j += rb;
    }
    return PG_OK;
}

pg_status pg_foam_vn_fit(const pg_foam_vn *v, pg_foam_vn_result *out)
{
    pg_foam_line l = {0};
    PG_CHECK(pg_foam_fit_line(v->x, v->y, v->n, &l));
    out->slope = l.slope;
    out->intercept = l.intercept;
    out->r = gsl_stats_correlation(v->x, 1, v->y, 1, v->n);
    out->n = v->n;
    return PG_OK;
}
