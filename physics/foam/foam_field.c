/* Film field <-> labels (physics/foam/foam_field.h). The gas components are found
 * by union-find over the gas sites alone (periodic 4-neighbours, numbered
 * in scan order of their first site: the numbering foam_diag's components
 * of the gas/film mask would give, without its neighbour bookkeeping,
 * which a rollout does not need); film sites are then grown into by
 * multi-source BFS. A rollout recovers labels at every step, so this is
 * on its critical path. */
#include "physics/foam/foam_field.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

struct pg_foam_field_ws {
    int h, w;
    int32_t *mask;  /* scratch per site: row distances, bubble sizes */
    int32_t *queue; /* union-find parents, then BFS queue, over sites */
    float *best;    /* one row of squared distances */
    float *lut;     /* phi of each squared distance below zero_from */
    double lut_sigma;
};

void pg_foam_field_from_labels(const int32_t *lab, int h, int w, float *phi)
{
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int32_t a = lab[y * w + x];
            int32_t r = lab[y * w + (x + 1 < w ? x + 1 : 0)];
            int32_t d = lab[(y + 1 < h ? y + 1 : 0) * w + x];
            phi[y * w + x] = (r != a || d != a) ? 1.0f : 0.0f;
        }
}

double pg_foam_gas_fraction(const float *phi, int h, int w)
{
    size_t hw = (size_t)h * w;
    double s = 0;
    for (size_t c = 0; c < hw; c++) s += 1.0 - phi[c];
    return s / (double)hw;
}

pg_status pg_foam_field_ws_create(int h, int w, pg_foam_field_ws **out)
{
    *out = NULL;
    pg_foam_field_ws *ws = calloc(1, sizeof *ws);
    if (!ws) return PG_FAIL(PG_ERR_NOMEM, "foam field workspace");
    size_t n = (size_t)h * w;
    ws->h = h;
    ws->w = w;
    ws->mask = malloc(n * sizeof *ws->mask);
    ws->queue = malloc(n * sizeof *ws->queue);
    ws->best = malloc((size_t)w * sizeof *ws->best);
    if (!ws->mask || !ws->queue || !ws->best) {
        pg_foam_field_ws_destroy(&ws);
        return PG_FAIL(PG_ERR_NOMEM, "foam field workspace %d x %d", h, w);
    }
    *out = ws;
    return PG_OK;
}

void pg_foam_field_ws_destroy(pg_foam_field_ws **ws)
{
    if (!ws || !*ws) return;
    free((*ws)->mask);
    free((*ws)->queue);
    free((*ws)->best);
    free((*ws)->lut);
    free(*ws);
    *ws = NULL;
}

/* Whether site (y, x) is on a one-site film: the rule of
 * pg_foam_field_from_labels. */
static inline int on_film(const int32_t *lab, int h, int w, int y, int x)
{
    int32_t a = lab[y * w + x];
    return lab[y * w + (x + 1 < w ? x + 1 : 0)] != a ||
           lab[(y + 1 < h ? y + 1 : 0) * w + x] != a;
}

/* Smallest squared distance d2 at which expf(k d2) is exactly 0 in
 * float: every site at least that far from a film has phi = 0, so the
 * distance search can stop there and the field is unchanged. */
static int32_t underflow_d2(float k)
{
    int32_t d2 = (int32_t)(-100.0f / k);
    while (expf(k * (float)d2) != 0.0f) d2++;
    return d2;
}

/* phi = expf(k d2) for every integer d2 below zero_from, computed once
 * per film width: the same floats as calling expf at each site. */
static float *film_lut(pg_foam_field_ws *ws, double sigma, float k,
                       int32_t zero_from)
{
    if (ws->lut && ws->lut_sigma == sigma) return ws->lut;
    float *lut = realloc(ws->lut, (size_t)zero_from * sizeof *lut);
    if (!lut) return NULL;
    for (int32_t d2 = 0; d2 < zero_from; d2++) lut[d2] = expf(k * (float)d2);
    ws->lut = lut;
    ws->lut_sigma = sigma;
    return lut;
}

/* Exact periodic squared Euclidean distance transform, separable: per row
 * the 1D distance g to the nearest film site of that row (a sweep each
 * way, the ring's wrap from the row's first and last film), then per row y, d^2 = min over rows y' of
 * (y - y')^2 + g(y')^2, taking rows y' = y +- dy for dy = 0, 1, ... over
 * the whole row at once (contiguous, vectorisable) and stopping once dy^2
 * alone reaches the largest d^2 still possible in the row (exact), or the
 * distance where phi underflows to 0. */
void pg_foam_field_wide(pg_foam_field_ws *ws, const int32_t *lab,
                        double sigma, float *phi)
{
    const int h = ws->h, w = ws->w;
    if (sigma <= 0) {
        pg_foam_field_from_labels(lab, h, w, phi);
        return;
    }
    /* phi is exactly 0 from d^2 = zero_from on, so distances are capped
     * at cap (cap^2 >= zero_from): the search is exact where it matters
     * and fits int32 */
    const float k = (float)(-1.0 / (2.0 * sigma * sigma));
    const int32_t zero_from = underflow_d2(k);
    int32_t cap = 0;
    while (cap * cap < zero_from) cap++;
    const float *lut = film_lut(ws, sigma, k, zero_from); /* NULL: expf */
    int32_t *g = ws->mask;
    for (int y = 0; y < h; y++) {
        int32_t *gy = g + (size_t)y * w;
        /* film flags of the row in gy first, then distances in place */
        int first = -1, last = -1;
        for (int x = 0; x < w; x++) {
            gy[x] = on_film(lab, h, w, y, x);
            if (gy[x]) {
                if (first < 0) first = x;
                last = x;
            }
        }
        if (first < 0) {
            for (int x = 0; x < w; x++) gy[x] = cap;
            continue;
        }
        /* nearest film to the left (last - w: the ring's wrap), then to
         * the right (first + w) */
        int left = last - w;
        for (int x = 0; x < w; x++) {
            if (gy[x] == 1) left = x;
            gy[x] = x - left;
        }
        int right = first + w;
        for (int x = w - 1; x >= 0; x--) {
            if (gy[x] == 0) right = x;
            if (right - x < gy[x]) gy[x] = right - x;
            if (gy[x] > cap) gy[x] = cap;
        }
    }
    /* floats: the squared distances are integers below 2^24, exact, and
     * min/max of floats vectorise on every x86-64 (int32 min needs
     * SSE4.1) */
    float *best = ws->best;
    const float far = (float)zero_from;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) best[x] = far;
        for (int dy = 0; dy <= h / 2; dy++) {
            float dy2 = (float)dy * (float)dy;
            const int32_t *ga = g + (size_t)((y + dy) % h) * w;
            const int32_t *gb = g + (size_t)((y - dy % h + h) % h) * w;
            for (int x = 0; x < w; x++) {
                float a = (float)ga[x], b = (float)gb[x];
                float m = a < b ? a : b, c = dy2 + m * m;
                best[x] = c < best[x] ? c : best[x];
            }
            /* rows further away can still lower a d^2 only where it
             * exceeds (dy + 1)^2 (an integer OR: vectorises, unlike a
             * float max) */
            float next = (float)(dy + 1) * (float)(dy + 1);
            int open = 0;
            for (int x = 0; x < w; x++) open |= best[x] > next;
            if (!open) break;
        }
        float *py = phi + (size_t)y * w;
        for (int x = 0; x < w; x++)
            py[x] = best[x] >= far ? 0.0f
                    : lut ? lut[(int32_t)best[x]] : expf(k * best[x]);
    }
}

/* s / w without a division (Lemire, Kaser & Kurz 2019: exact for every
 * 32-bit s): the breadth-first pass below needs a site's row at every
 * step, and a hardware division there was most of its time. */
static inline int row_of(uint32_t s, uint64_t inv_w)
{
    return (int)(((unsigned __int128)inv_w * s) >> 64);
}

/* The 4 periodic neighbours of site s. */
static inline void neighbours(int s, int h, int w, uint64_t inv_w,
                              int nb4[4])
{
    int y = row_of((uint32_t)s, inv_w), x = s - y * w;
    nb4[0] = y * w + (x ? x - 1 : w - 1);
    nb4[1] = y * w + (x + 1 < w ? x + 1 : 0);
    nb4[2] = (y ? y - 1 : h - 1) * w + x;
    nb4[3] = (y + 1 < h ? y + 1 : 0) * w + x;
}

void pg_foam_field_to_labels(pg_foam_field_ws *ws, const float *phi,
                             double threshold, int32_t *lab, int *bubbles)
{
    pg_foam_field_to_labels_min(ws, phi, threshold, 1, lab, bubbles);
}

/* Drop gas components of fewer than min_sites sites (they become film):
 * renumber the rest 0.. in order; returns how many are left. Reuses the
 * mask, which the component pass no longer needs, as counts. */
static int drop_small(pg_foam_field_ws *ws, int nb, int min_sites,
                      int32_t *lab)
{
    const int n = ws->h * ws->w;
    int32_t *count = ws->mask;
    for (int c = 0; c < nb; c++) count[c] = 0;
    for (int s = 0; s < n; s++)
        if (lab[s] >= 0) count[lab[s]]++;
    int kept = 0;
    for (int c = 0; c < nb; c++) count[c] = count[c] >= min_sites ? kept++ : -1;
    if (kept == 0) return nb; /* nothing that large: keep them all */
    for (int s = 0; s < n; s++)
        if (lab[s] >= 0) lab[s] = count[lab[s]];
    return kept;
}

/* Union-find root with path halving. */
static inline int32_t find_root(int32_t *parent, int32_t s)
{
    while (parent[s] != s) {
        parent[s] = parent[parent[s]];
        s = parent[s];
    }
    return s;
}

/* Joins the sets of a and b; the root is the smaller site index, so a
 * component's root is its first site in scan order. */
static inline void join(int32_t *parent, int32_t a, int32_t b)
{
    int32_t ra = find_root(parent, a), rb = find_root(parent, b);
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
}

/* Gas components by two raster passes (union-find over the left and up
 * neighbours, then the periodic wrap of rows and columns), numbered
 * 0.. in scan order of their first site, as a flood fill started at
 * each new gas site in scan order would number them. Film sites get -1.
 * Returns the number of components. */
static int gas_components(pg_foam_field_ws *ws, const float *phi,
                          float threshold, int32_t *lab)
{
    const int h = ws->h, w = ws->w, n = h * w;
    int32_t *parent = ws->queue;
    for (int y = 0, s = 0; y < h; y++)
        for (int x = 0; x < w; x++, s++) {
            if (!(phi[s] < threshold)) {
                parent[s] = -1;
                continue;
            }
            /* Only where left and up are gas but up-left is not can two
             * sets meet; elsewhere s just takes a neighbour's parent (an
             * ancestor of smaller index, so roots stay the minimum). */
            int left = x > 0 && parent[s - 1] >= 0;
            int up = y > 0 && parent[s - w] >= 0;
            if (left) {
                parent[s] = parent[s - 1];
                if (up && parent[s - w - 1] < 0) join(parent, s, s - w);
            } else {
                parent[s] = up ? parent[s - w] : s;
            }
        }
    for (int y = 0; y < h; y++) /* wrap: last column to first */
        if (parent[y * w] >= 0 && parent[y * w + w - 1] >= 0)
            join(parent, y * w, y * w + w - 1);
    for (int x = 0; x < w; x++) /* wrap: last row to first */
        if (parent[x] >= 0 && parent[(h - 1) * w + x] >= 0)
            join(parent, x, (h - 1) * w + x);
    int nb = 0;
    for (int s = 0; s < n; s++) {
        if (parent[s] < 0) {
            lab[s] = -1;
            continue;
        }
        int32_t r = find_root(parent, s);
        lab[s] = r == s ? nb++ : lab[r]; /* r <= s: already numbered */
    }
    return nb;
}

void pg_foam_field_to_labels_min(pg_foam_field_ws *ws, const float *phi,
                                 double threshold, int min_sites,
                                 int32_t *lab, int *bubbles)
{
    const int h = ws->h, w = ws->w, n = h * w;
    const uint64_t inv_w = UINT64_MAX / (uint64_t)w + 1;
    int nb = gas_components(ws, phi, (float)threshold, lab);
    if (min_sites > 1 && nb > 1) nb = drop_small(ws, nb, min_sites, lab);
    if (bubbles) *bubbles = nb ? nb : 1;
    if (nb == 0) {
        for (int s = 0; s < n; s++) lab[s] = 0;
        return;
    }
    /* Film sites join the nearest gas in breadth-first order. A gas site
     * with no film neighbour would add nothing to the queue, so only the
     * gas sites on a film's edge start it (in scan order, as before). */
    int head = 0, tail = 0, nb4[4];
    for (int y = 0, s = 0; y < h; y++) {
        const int32_t *up = lab + (size_t)(y ? y - 1 : h - 1) * w;
        const int32_t *down = lab + (size_t)(y + 1 < h ? y + 1 : 0) * w;
        const int32_t *row = lab + (size_t)y * w;
        for (int x = 0; x < w; x++, s++)
            if (row[x] >= 0 &&
                (row[x ? x - 1 : w - 1] < 0 || row[x + 1 < w ? x + 1 : 0] < 0 ||
                 up[x] < 0 || down[x] < 0))
                ws->queue[tail++] = s;
    }
    while (head < tail) {
        int s = ws->queue[head++];
        neighbours(s, h, w, inv_w, nb4);
        for (int k = 0; k < 4; k++)
            if (lab[nb4[k]] < 0) {
                lab[nb4[k]] = lab[s];
                ws->queue[tail++] = nb4[k];
            }
    }
}
