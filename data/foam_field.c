/* Film field <-> labels (data/foam_field.h). The gas components are found
 * by a flood fill of the gas sites alone (periodic 4-neighbours, numbered
 * in scan order of their first site: the numbering foam_diag's components
 * of the gas/film mask would give, without its neighbour bookkeeping,
 * which a rollout does not need and which cost most of the time); film
 * sites are then grown into by multi-source BFS. */
#include "data/foam_field.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

enum { GAS = 0, FILM = -1 };

struct pg_foam_field_ws {
    int h, w;
    int32_t *mask;  /* GAS / FILM per site */
    int32_t *queue; /* flood-fill stack, then BFS queue, over sites */
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
    if (!ws->mask || !ws->queue) {
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

/* Exact periodic squared Euclidean distance transform, separable: per row
 * the 1D distance g to the nearest film site of that row (two sweeps
 * twice around the ring), then per column d^2 = min over rows y' of
 * (y - y')^2 + g(y')^2, searched outward from y and stopped once
 * (y - y')^2 alone reaches the best found (so it is exact). */
void pg_foam_field_wide(pg_foam_field_ws *ws, const int32_t *lab,
                        double sigma, float *phi)
{
    const int h = ws->h, w = ws->w;
    if (sigma <= 0) {
        pg_foam_field_from_labels(lab, h, w, phi);
        return;
    }
    const int32_t none = INT32_MAX; /* no film in this row */
    int32_t *g = ws->mask;
    for (int y = 0; y < h; y++) {
        int32_t *gy = g + (size_t)y * w;
        for (int x = 0; x < w; x++) gy[x] = none;
        long last = -1;
        for (int i = 0; i < 2 * w; i++) {
            int x = i % w;
            if (on_film(lab, h, w, y, x)) last = i;
            if (last >= 0 && i - last < gy[x]) gy[x] = (int32_t)(i - last);
        }
        last = -1;
        for (int i = 2 * w - 1; i >= 0; i--) {
            int x = i % w;
            if (on_film(lab, h, w, y, x)) last = i;
            if (last >= 0 && last - i < gy[x]) gy[x] = (int32_t)(last - i);
        }
    }
    const float k = (float)(-1.0 / (2.0 * sigma * sigma));
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int64_t best = INT64_MAX;
            for (int dy = 0; dy <= h / 2; dy++) {
                int64_t dy2 = (int64_t)dy * dy;
                if (dy2 >= best) break;
                int ya = (y + dy) % h, yb = (y - dy + h) % h;
                int32_t ga = g[(size_t)ya * w + x], gb = g[(size_t)yb * w + x];
                if (ga != none && dy2 + (int64_t)ga * ga < best)
                    best = dy2 + (int64_t)ga * ga;
                if (gb != none && dy2 + (int64_t)gb * gb < best)
                    best = dy2 + (int64_t)gb * gb;
            }
            phi[(size_t)y * w + x] =
                best == INT64_MAX ? 0.0f : expf(k * (float)best);
        }
}

/* The 4 periodic neighbours of site s. */
static inline void neighbours(int s, int h, int w, int nb4[4])
{
    int y = s / w, x = s - y * w;
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

void pg_foam_field_to_labels_min(pg_foam_field_ws *ws, const float *phi,
                                 double threshold, int min_sites,
                                 int32_t *lab, int *bubbles)
{
    const int h = ws->h, w = ws->w, n = h * w;
    int32_t *stack = ws->queue;
    for (int s = 0; s < n; s++) {
        ws->mask[s] = phi[s] < threshold ? GAS : FILM;
        lab[s] = -1;
    }
    /* Gas components, numbered 0.. in scan order. */
    int nb = 0;
    for (int s0 = 0; s0 < n; s0++) {
        if (ws->mask[s0] != GAS || lab[s0] >= 0) continue;
        int top = 0;
        lab[s0] = nb;
        stack[top++] = s0;
        while (top) {
            int s = stack[--top], nb4[4];
            neighbours(s, h, w, nb4);
            for (int k = 0; k < 4; k++)
                if (ws->mask[nb4[k]] == GAS && lab[nb4[k]] < 0) {
                    lab[nb4[k]] = nb;
                    stack[top++] = nb4[k];
                }
        }
        nb++;
    }
    if (min_sites > 1 && nb > 1) nb = drop_small(ws, nb, min_sites, lab);
    if (bubbles) *bubbles = nb ? nb : 1;
    if (nb == 0) {
        for (int s = 0; s < n; s++) lab[s] = 0;
        return;
    }
    int head = 0, tail = 0;
    for (int s = 0; s < n; s++)
        if (lab[s] >= 0) ws->queue[tail++] = s;
    while (head < tail) {
        int s = ws->queue[head++], nb4[4];
        neighbours(s, h, w, nb4);
        for (int k = 0; k < 4; k++)
            if (lab[nb4[k]] < 0) {
                lab[nb4[k]] = lab[s];
                ws->queue[tail++] = nb4[k];
            }
    }
}
