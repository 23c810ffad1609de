/* Bubble tracking by maximal overlap (foam_track.h). */
#include "physics/foam/foam_track.h"

#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_diag.h"

/* One (component, previous id) overlap: `sites` shared sites. */
typedef struct overlap {
    int32_t comp, prev;
    int64_t sites;
} overlap;

static int by_pair(const void *a, const void *b)
{
    const overlap *x = a, *y = b;
    if (x->comp != y->comp) return x->comp < y->comp ? -1 : 1;
    return (x->prev > y->prev) - (x->prev < y->prev);
}

/* Largest overlap first; ties: lower component, then smaller id. */
static int by_claim(const void *a, const void *b)
{
    const overlap *x = a, *y = b;
    if (x->sites != y->sites) return x->sites > y->sites ? -1 : 1;
    if (x->comp != y->comp) return x->comp < y->comp ? -1 : 1;
    return (x->prev > y->prev) - (x->prev < y->prev);
}

typedef struct tracker {
    pg_foam_diag *d;
    overlap *ov;      /* up to one per site */
    int32_t *prev;    /* previous frame, tracked ids */
    int32_t *assign;  /* per component of the current frame */
    uint8_t *claimed; /* per tracked id so far */
    size_t claimed_cap;
    int32_t next_id;
} tracker;

static pg_status claim_room(tracker *t, int32_t id)
{
    if ((size_t)id < t->claimed_cap) return PG_OK;
    size_t cap = t->claimed_cap ? 2 * t->claimed_cap : 1024;
    while (cap <= (size_t)id) cap *= 2;
    uint8_t *c = realloc(t->claimed, cap);
    if (!c) return PG_FAIL(PG_ERR_NOMEM, "foam tracking: %zu ids", cap);
    memset(c + t->claimed_cap, 0, cap - t->claimed_cap);
    t->claimed = c;
    t->claimed_cap = cap;
    return PG_OK;
}

/* Relabel one frame (t > 0) against t->prev. */
static pg_status track_frame(tracker *t, int32_t *f, size_t sites)
{
    pg_foam_diag_analyze(t->d, f);
    const int32_t *comp = pg_foam_diag_components(t->d);
    int count = pg_foam_diag_count(t->d);
    /* Runs of equal (component, previous id) along the rows, then sorted
     * and merged: the overlap table. */
    size_t n = 0;
    for (size_t i = 0; i < sites; i++) {
        if (n && t->ov[n - 1].comp == comp[i] && t->ov[n - 1].prev == t->prev[i]) {
            t->ov[n - 1].sites++;
            continue;
        }
        t->ov[n++] = (overlap){comp[i], t->prev[i], 1};
    }
    qsort(t->ov, n, sizeof *t->ov, by_pair);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (m && t->ov[m - 1].comp == t->ov[i].comp &&
            t->ov[m - 1].prev == t->ov[i].prev)
            t->ov[m - 1].sites += t->ov[i].sites;
        else
            t->ov[m++] = t->ov[i];
    }
    /* Greedy matching: pairs in decreasing overlap; a pair is taken when
     * neither its component nor its previous id is taken yet. */
    qsort(t->ov, m, sizeof *t->ov, by_claim);
    for (int c = 0; c < count; c++) t->assign[c] = -1;
    for (size_t i = 0; i < m; i++) {
        const overlap *o = &t->ov[i];
        PG_CHECK(claim_room(t, o->prev));
        if (t->claimed[o->prev] || t->assign[o->comp] >= 0) continue;
        t->claimed[o->prev] = 1;
        t->assign[o->comp] = o->prev;
    }
    for (int c = 0; c < count; c++)
        if (t->assign[c] < 0) t->assign[c] = t->next_id++;
    for (size_t i = 0; i < sites; i++) f[i] = t->assign[comp[i]];
    /* Claims are per frame. */
    for (size_t i = 0; i < m; i++) t->claimed[t->ov[i].prev] = 0;
    return PG_OK;
}

pg_status pg_foam_track(int32_t *labels, int frames, int h, int w)
{
    if (frames < 1 || h < 1 || w < 1)
        return PG_FAIL(PG_ERR_ARG, "foam tracking: %d frames of %d x %d",
                       frames, h, w);
    size_t sites = (size_t)h * w;
    tracker t = {0};
    pg_status st = PG_OK;
    PG_CHECK_GOTO(st, pg_foam_diag_create(h, w, &t.d), done);
    t.ov = malloc(sites * sizeof *t.ov);
    t.prev = malloc(sites * sizeof *t.prev);
    t.assign = malloc(sites * sizeof *t.assign);
    if (!t.ov || !t.prev || !t.assign) {
        st = PG_FAIL(PG_ERR_NOMEM, "foam tracking of %d x %d", h, w);
        goto done;
    }
    /* Frame 0: ids are the component numbers. */
    pg_foam_diag_analyze(t.d, labels);
    const int32_t *comp = pg_foam_diag_components(t.d);
    for (size_t i = 0; i < sites; i++) labels[i] = comp[i];
    t.next_id = pg_foam_diag_count(t.d);
    for (int f = 1; f < frames; f++) {
        memcpy(t.prev, labels + (size_t)(f - 1) * sites, sites * sizeof *t.prev);
        PG_CHECK_GOTO(st, track_frame(&t, labels + (size_t)f * sites, sites),
                      done);
    }
done:
    pg_foam_diag_destroy(&t.d);
    free(t.ov);
    free(t.prev);
    free(t.assign);
    free(t.claimed);
    return st;
}
