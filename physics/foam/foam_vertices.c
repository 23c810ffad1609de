/* Vertex clusters, film angles and the KS distance (physics/foam/foam_vertices.h). */
#include "physics/foam/foam_vertices.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#define PI 3.14159265358979323846
static const double PLATEAU_DEG = 120.0;
enum { MAX_CLUSTER_IDS = 16 };

struct pg_foam_vertices {
    int h, w;
    uint8_t *flag;  /* per plaquette: 1 vertex, 2 visited */
    int32_t *queue; /* plaquettes of the current cluster */
};

pg_status pg_foam_vertices_create(int h, int w, pg_foam_vertices **out)
{
    *out = NULL;
    if (h < 2 || w < 2)
        return PG_FAIL(PG_ERR_ARG, "foam vertices: grid %d x %d", h, w);
    pg_foam_vertices *v = calloc(1, sizeof *v);
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "foam vertices");
    v->h = h;
    v->w = w;
    v->flag = malloc((size_t)h * w);
    v->queue = malloc((size_t)h * w * sizeof *v->queue);
    if (!v->flag || !v->queue) {
        pg_foam_vertices_destroy(&v);
        return PG_FAIL(PG_ERR_NOMEM, "foam vertices %d x %d", h, w);
    }
    *out = v;
    return PG_OK;
}

void pg_foam_vertices_destroy(pg_foam_vertices **v)
{
    if (!v || !*v) return;
    free((*v)->flag);
    free((*v)->queue);
    free(*v);
    *v = NULL;
}

static int wrap(int i, int n) { return ((i % n) + n) % n; }

/* Distinct values of a[0..n) appended to ids (capacity MAX_CLUSTER_IDS). */
static void add_ids(int32_t *ids, int *nid, const int32_t *a, int n)
{
    for (int k = 0; k < n; k++) {
        int seen = 0;
        for (int j = 0; j < *nid && !seen; j++) seen = ids[j] == a[k];
        if (!seen && *nid < MAX_CLUSTER_IDS) ids[(*nid)++] = a[k];
    }
}

static void corners(const pg_foam_vertices *v, const int32_t *comp, int p,
                    int32_t *c)
{
    int y = p / v->w, x = p % v->w, y1 = (y + 1) % v->h, x1 = (x + 1) % v->w;
    c[0] = comp[y * v->w + x];
    c[1] = comp[y * v->w + x1];
    c[2] = comp[y1 * v->w + x];
    c[3] = comp[y1 * v->w + x1];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Angles between the three films of a 3-fold vertex centred at (cy, cx)
 * (site coordinates) with bubbles ids[0..3). */
static void angles(const pg_foam_vertices *v, const int32_t *comp, double cy,
                   double cx, const int32_t *ids, pg_foam_vertex_stats *s)
{
    const int w = v->w, h = v->h, r = (int)ceil(PG_FOAM_ANGLE_RADIUS);
    double sx[3] = {0}, sy[3] = {0};
    int cnt[3] = {0};
    int y0 = (int)floor(cy), x0 = (int)floor(cx);
    for (int dy = -r; dy <= r + 1; dy++)
        for (int dx = -r; dx <= r + 1; dx++) {
            int y = y0 + dy, x = x0 + dx;
            int32_t a = comp[wrap(y, h) * w + wrap(x, w)];
            for (int e = 0; e < 2; e++) { /* right, down */
                int32_t b = comp[wrap(y + e, h) * w + wrap(x + !e, w)];
                if (a == b) continue;
                double my = y + 0.5 * e - cy, mx = x + 0.5 * !e - cx;
                if (my * my + mx * mx > PG_FOAM_ANGLE_RADIUS * PG_FOAM_ANGLE_RADIUS)
                    continue;
                for (int k = 0; k < 3; k++) {
                    int32_t p = ids[k], q = ids[(k + 1) % 3];
                    if ((a == p && b == q) || (a == q && b == p)) {
                        sx[k] += mx;
                        sy[k] += my;
                        cnt[k]++;
                    }
                }
            }
        }
    double th[3];
    for (int k = 0; k < 3; k++) {
        if (!cnt[k] || (sx[k] == 0 && sy[k] == 0)) return;
        th[k] = atan2(sy[k], sx[k]) * 180 / PI;
    }
    qsort(th, 3, sizeof th[0], cmp_double);
    double ang[3] = {th[1] - th[0], th[2] - th[1], 360 - (th[2] - th[0])};
    for (int k = 0; k < 3; k++) {
        s->angles++;
        s->angle_sum += ang[k];
        s->angle_dev_sum += fabs(ang[k] - PLATEAU_DEG);
        int b = (int)ang[k];
        if (b >= 0 && b < PG_FOAM_ANGLE_BINS) s->hist[b]++;
    }
}

void pg_foam_vertices_add(pg_foam_vertices *v, const pg_foam_diag *d,
                          pg_foam_vertex_stats *s)
{
    const int h = v->h, w = v->w, n = h * w;
    const int32_t *comp = pg_foam_diag_components(d);
    int32_t c[4];
    for (int p = 0; p < n; p++) {
        corners(v, comp, p, c);
        int distinct = 0;
        int32_t ids[4];
        add_ids(ids, &distinct, c, 4);
        v->flag[p] = distinct >= 3;
    }
    for (int p0 = 0; p0 < n; p0++) {
        if (v->flag[p0] != 1) continue;
        int head = 0, tail = 0, nid = 0;
        int32_t ids[MAX_CLUSTER_IDS];
        double sy = 0, sx = 0;
        int py0 = p0 / w, px0 = p0 % w;
        v->queue[tail++] = p0;
        v->flag[p0] = 2;
        while (head < tail) {
            int p = v->queue[head++], py = p / w, px = p % w;
            corners(v, comp, p, c);
            add_ids(ids, &nid, c, 4);
            /* Unwrapped offset from the first plaquette (clusters are
             * small, so the nearest image is the right one). */
            int oy = wrap(py - py0 + h / 2, h) - h / 2;
            int ox = wrap(px - px0 + w / 2, w) - w / 2;
            sy += py0 + oy + 0.5;
            sx += px0 + ox + 0.5;
            for (int dy = -1; dy <= 1; dy++)
                for (int dx = -1; dx <= 1; dx++) {
                    int q = wrap(py + dy, h) * w + wrap(px + dx, w);
                    if (v->flag[q] == 1) {
                        v->flag[q] = 2;
                        v->queue[tail++] = q;
                    }
                }
        }
        s->vertices++;
        if (nid == 3) {
            s->threefold++;
            angles(v, comp, sy / tail, sx / tail, ids, s);
        }
    }
}

double pg_foam_vertex_threefold_fraction(const pg_foam_vertex_stats *s)
{
    return s->vertices ? (double)s->threefold / (double)s->vertices : NAN;
}

double pg_foam_vertex_angle_deviation(const pg_foam_vertex_stats *s)
{
    return s->angles ? s->angle_dev_sum / (double)s->angles : NAN;
}

double pg_foam_ks_distance(double *a, size_t na, double *b, size_t nb)
{
    qsort(a, na, sizeof *a, cmp_double);
    qsort(b, nb, sizeof *b, cmp_double);
    size_t i = 0, j = 0;
    double d = 0;
    while (i < na && j < nb) {
        double x = a[i] < b[j] ? a[i] : b[j];
        while (i < na && a[i] == x) i++; /* ties step together */
        while (j < nb && b[j] == x) j++;
        d = fmax(d, fabs((double)i / na - (double)j / nb));
    }
    return d;
}
