/* Film field <-> labels (data/foam_field.h). The gas components come from
 * foam_diag (gas sites labelled 0, film sites -1: the components of label
 * 0 are the bubbles); film sites are then grown into by multi-source BFS. */
#include "data/foam_field.h"

#include <stdlib.h>

#include "data/foam_diag.h"

enum { GAS = 0, FILM = -1 };

struct pg_foam_field_ws {
    int h, w;
    int32_t *mask;  /* GAS / FILM per site */
    int32_t *queue; /* BFS over sites */
    pg_foam_diag *diag;
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
    pg_status st = pg_foam_diag_create(h, w, &ws->diag);
    if (st != PG_OK) {
        free(ws);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
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
    pg_foam_diag_destroy(&(*ws)->diag);
    free((*ws)->mask);
    free((*ws)->queue);
    free(*ws);
    *ws = NULL;
}

void pg_foam_field_to_labels(pg_foam_field_ws *ws, const float *phi,
                             double threshold, int32_t *lab, int *bubbles)
{
    const int h = ws->h, w = ws->w, n = h * w;
    for (int s = 0; s < n; s++) ws->mask[s] = phi[s] < threshold ? GAS : FILM;
    pg_foam_diag_analyze(ws->diag, ws->mask);
    const int32_t *comp = pg_foam_diag_components(ws->diag);
    const int32_t *ids = pg_foam_diag_ids(ws->diag);
    /* Renumber the gas components 0.. in order; film sites start unset. */
    int nc = pg_foam_diag_count(ws->diag), nb = 0;
    int32_t *bubble_of = ws->queue; /* per component; reused below */
    for (int c = 0; c < nc; c++) bubble_of[c] = ids[c] == GAS ? nb++ : -1;
    for (int s = 0; s < n; s++) lab[s] = bubble_of[comp[s]];
    if (bubbles) *bubbles = nb ? nb : 1;
    if (nb == 0) {
        for (int s = 0; s < n; s++) lab[s] = 0;
        return;
    }
    int head = 0, tail = 0;
    for (int s = 0; s < n; s++)
        if (lab[s] >= 0) ws->queue[tail++] = s;
    while (head < tail) {
        int s = ws->queue[head++], y = s / w, x = s - y * w;
        int nb4[4] = {y * w + (x ? x - 1 : w - 1),
                      y * w + (x + 1 < w ? x + 1 : 0),
                      (y ? y - 1 : h - 1) * w + x,
                      (y + 1 < h ? y + 1 : 0) * w + x};
        for (int k = 0; k < 4; k++)
            if (lab[nb4[k]] < 0) {
                lab[nb4[k]] = lab[s];
                ws->queue[tail++] = nb4[k];
            }
    }
}
