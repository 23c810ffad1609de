/* Priority-flood filling (physics/terrain/terrain_fill.h). */
#include "physics/terrain/terrain_fill.h"

#include <stdint.h>
#include <stdlib.h>

const int PG_TERRAIN_NB_DR[8] = {-1, -1, -1, 0, 0, 1, 1, 1};
const int PG_TERRAIN_NB_DC[8] = {-1, 0, 1, -1, 1, -1, 0, 1};

typedef struct heap_item {
    double key;     /* filled level */
    float low;      /* ties: the lower ground first (0 unless asked) */
    uint64_t seq;   /* then push order: first in, first out */
    int idx;
} heap_item;

static int heap_less(const heap_item *a, const heap_item *b)
{
    if (a->key != b->key) return a->key < b->key;
    if (a->low != b->low) return a->low < b->low;
    return a->seq < b->seq;
}

static void heap_push(heap_item *h, size_t *n, heap_item it)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!heap_less(&it, &h[up])) break;
        h[i] = h[up];
        i = up;
    }
    h[i] = it;
}

static heap_item heap_pop(heap_item *h, size_t *n)
{
    heap_item top = h[0], last = h[--(*n)];
    size_t i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= *n) break;
        if (c + 1 < *n && heap_less(&h[c + 1], &h[c])) c++;
        if (!heap_less(&h[c], &last)) break;
        h[i] = h[c];
        i = c;
    }
    h[i] = last;
    return top;
}

pg_status pg_terrain_fill_create(int h, int w, pg_terrain_fill **out)
{
    *out = NULL;
    if (h < 1 || w < 1)
        return PG_FAIL(PG_ERR_ARG, "depression filling: %d x %d cells", h, w);
    pg_terrain_fill *f = calloc(1, sizeof *f);
    if (!f) return PG_FAIL(PG_ERR_NOMEM, "depression filling");
    size_t n = (size_t)h * (size_t)w;
    f->h = h;
    f->w = w;
    f->filled = malloc(n * sizeof *f->filled);
    f->from = malloc(n * sizeof *f->from);
    f->pour = malloc(n * sizeof *f->pour);
    f->order = malloc(n * sizeof *f->order);
    f->heap = malloc(n * sizeof(heap_item));
    if (!f->filled || !f->from || !f->pour || !f->order || !f->heap) {
        pg_terrain_fill_destroy(&f);
        return PG_FAIL(PG_ERR_NOMEM, "depression filling of %d x %d cells",
                       h, w);
    }
    *out = f;
    return PG_OK;
}

void pg_terrain_fill_destroy(pg_terrain_fill **fp)
{
    if (!fp || !*fp) return;
    pg_terrain_fill *f = *fp;
    free(f->filled);
    free(f->from);
    free(f->pour);
    free(f->order);
    free(f->heap);
    free(f);
    *fp = NULL;
}

void pg_terrain_fill_run(pg_terrain_fill *f, const float *z)
{
    pg_terrain_fill_run_ties(f, z, 0);
}

void pg_terrain_fill_run_ties(pg_terrain_fill *f, const float *z,
                              int lower_first)
{
    heap_item *heap = f->heap;
    size_t nh = 0, popped = 0, cells = (size_t)f->h * (size_t)f->w;
    uint64_t seq = 0;
    /* from = -2: not reached yet. */
    for (size_t i = 0; i < cells; i++) f->from[i] = -2;
    for (int r = 0; r < f->h; r++)
        for (int c = 0; c < f->w; c++) {
            if (r && c && r < f->h - 1 && c < f->w - 1) continue;
            int i = r * f->w + c;
            f->filled[i] = z[i];
            f->from[i] = -1;
            f->pour[i] = i;
            heap_push(heap, &nh, (heap_item){z[i], 0, seq++, i});
        }
    while (nh) {
        heap_item it = heap_pop(heap, &nh);
        f->order[popped++] = it.idx;
        int r = it.idx / f->w, c = it.idx % f->w;
        for (int k = 0; k < 8; k++) {
            int rr = r + PG_TERRAIN_NB_DR[k], cc = c + PG_TERRAIN_NB_DC[k];
            if (rr < 0 || cc < 0 || rr >= f->h || cc >= f->w) continue;
            int j = rr * f->w + cc;
            if (f->from[j] != -2) continue;
            f->from[j] = it.idx;
            if (z[j] > it.key) {
                f->filled[j] = z[j];
                f->pour[j] = j;
            } else {
                f->filled[j] = it.key;
                f->pour[j] = f->pour[it.idx];
            }
            heap_push(heap, &nh, (heap_item){f->filled[j],
                                             lower_first ? z[j] : 0, seq++,
                                             j});
        }
    }
}
