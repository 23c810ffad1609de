/* Bubble colouring: the touch graph of ids over the given frames,
 * coloured greedily (see foam_colors.h). */
#include "viz/foam_colors.h"

#include <stdlib.h>
#include <string.h>

/* ColorBrewer Set3 (Cynthia Brewer, colorbrewer2.org): twelve light
 * colours, all far from the dark film colour. */
const uint8_t PG_FOAM_PALETTE[PG_FOAM_PALETTE_SIZE][3] = {
    {0x8d, 0xd3, 0xc7}, {0xff, 0xff, 0xb3}, {0xbe, 0xba, 0xda},
    {0xfb, 0x80, 0x72}, {0x80, 0xb1, 0xd3}, {0xfd, 0xb4, 0x62},
    {0xb3, 0xde, 0x69}, {0xfc, 0xcd, 0xe5}, {0xd9, 0xd9, 0xd9},
    {0xbc, 0x80, 0xbd}, {0xcc, 0xeb, 0xc5}, {0xff, 0xed, 0x6f},
};
const uint8_t PG_FOAM_FILM_RGB[3] = {0x2b, 0x2b, 0x2b};

struct pg_foam_colors {
    int32_t *ids;     /* sorted distinct ids */
    uint8_t *color;   /* palette index per id */
    size_t n_ids, n_pairs, conflicts;
};

/* A fixed integer hash (the splitmix64 finaliser): the starting colour
 * of an id, and the colour of ids the colouring has not seen. */
static uint64_t mix(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int hash_color(int32_t id)
{
    return (int)(mix((uint64_t)(uint32_t)id) % PG_FOAM_PALETTE_SIZE);
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static size_t unique_i32(int32_t *v, size_t n)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, cmp_i32);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[k - 1]) v[k++] = v[i];
    return k;
}

static size_t unique_u64(uint64_t *v, size_t n)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, cmp_u64);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (v[i] != v[k - 1]) v[k++] = v[i];
    return k;
}

/* Position of id in the sorted ids (which hold it), or n when absent. */
static size_t find_id(const int32_t *ids, size_t n, int32_t id)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ids[mid] < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < n && ids[lo] == id ? lo : n;
}

/* Distinct ids of all frames. Runs of equal ids along rows are pushed
 * once, which shrinks the array to sort by about the mean chord length. */
static pg_status collect_ids(pg_foam_colors *c, const int32_t *labels,
                             size_t sites)
{
    size_t cap = 1024, n = 0;
    int32_t *v = malloc(cap * sizeof *v);
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "foam colours: ids");
    for (size_t i = 0; i < sites; i++) {
        if (labels[i] < 0) {
            free(v);
            return PG_FAIL(PG_ERR_FORMAT, "foam colours: negative bubble id "
                           "%d at site %zu", (int)labels[i], i);
        }
        if (n && v[n - 1] == labels[i]) continue;
        if (n == cap) {
            int32_t *nv = realloc(v, 2 * cap * sizeof *nv);
            if (!nv) {
                free(v);
                return PG_FAIL(PG_ERR_NOMEM, "foam colours: ids");
            }
            v = nv;
            cap *= 2;
        }
        v[n++] = labels[i];
    }
    c->n_ids = unique_i32(v, n);
    c->ids = v;
    return PG_OK;
}

/* Touching pairs (i < j, indices into ids) packed as i << 32 | j, distinct. */
static pg_status collect_pairs(const pg_foam_colors *c, const int32_t *labels,
                               int frames, int h, int w, uint64_t **out,
                               size_t *n_out)
{
    size_t cap = 1024, n = 0;
    uint64_t *v = malloc(cap * sizeof *v), last = UINT64_MAX;
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "foam colours: pairs");
    for (int t = 0; t < frames; t++) {
        const int32_t *f = labels + (size_t)t * h * w;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++) {
                int32_t a = f[(size_t)y * w + x];
                int32_t nb[2] = {f[(size_t)y * w + (x + 1) % w],
                                 f[(size_t)((y + 1) % h) * w + x]};
                for (int k = 0; k < 2; k++) {
                    if (nb[k] == a) continue;
                    uint64_t i = find_id(c->ids, c->n_ids, a);
                    uint64_t j = find_id(c->ids, c->n_ids, nb[k]);
                    uint64_t key = i < j ? i << 32 | j : j << 32 | i;
                    if (key == last) continue;
                    if (n == cap) {
                        uint64_t *nv = realloc(v, 2 * cap * sizeof *nv);
                        if (!nv) {
                            free(v);
                            return PG_FAIL(PG_ERR_NOMEM, "foam colours: pairs");
                        }
                        v = nv;
                        cap *= 2;
                    }
                    v[n++] = last = key;
                }
            }
    }
    *n_out = unique_u64(v, n);
    *out = v;
    return PG_OK;
}

static pg_status color_graph(pg_foam_colors *c, const uint64_t *pairs,
                             size_t np)
{
    size_t n = c->n_ids;
    size_t *start = calloc(n + 1, sizeof *start);
    size_t *adj = malloc((2 * np + 1) * sizeof *adj);
    uint64_t *order = malloc((n + 1) * sizeof *order);
    size_t *fill = calloc(n + 1, sizeof *fill);
    if (!start || !adj || !order || !fill) {
        free(start); free(adj); free(order); free(fill);
        return PG_FAIL(PG_ERR_NOMEM, "foam colours: graph of %zu ids", n);
    }
    for (size_t k = 0; k < np; k++) {
        start[(pairs[k] >> 32) + 1]++;
        start[(pairs[k] & 0xffffffffu) + 1]++;
    }
    for (size_t i = 0; i < n; i++) start[i + 1] += start[i];
    for (size_t k = 0; k < np; k++) {
        size_t i = pairs[k] >> 32, j = pairs[k] & 0xffffffffu;
        adj[start[i] + fill[i]++] = j;
        adj[start[j] + fill[j]++] = i;
    }
    /* fill[i] is now i's degree. Colouring order: degree descending,
     * then id ascending (sorting keys (max - degree) << 32 | index). */
    for (size_t i = 0; i < n; i++)
        order[i] = (uint64_t)(UINT32_MAX - fill[i]) << 32 | i;
    qsort(order, n, sizeof *order, cmp_u64);
    const uint8_t NONE = 0xff;
    memset(c->color, NONE, n);
    for (size_t k = 0; k < n; k++) {
        size_t i = order[k] & 0xffffffffu;
        size_t used[PG_FOAM_PALETTE_SIZE] = {0};
        for (size_t e = start[i]; e < start[i + 1]; e++)
            if (c->color[adj[e]] != NONE) used[c->color[adj[e]]]++;
        int h0 = hash_color(c->ids[i]), best = h0;
        for (int d = 0; d < PG_FOAM_PALETTE_SIZE; d++) {
            int col = (h0 + d) % PG_FOAM_PALETTE_SIZE;
            if (used[col] < used[best]) best = col;
            if (!used[col]) break;
        }
        c->color[i] = (uint8_t)best;
    }
    c->conflicts = 0;
    for (size_t k = 0; k < np; k++)
        if (c->color[pairs[k] >> 32] == c->color[pairs[k] & 0xffffffffu])
            c->conflicts++;
    free(start); free(adj); free(order); free(fill);
    return PG_OK;
}

pg_status pg_foam_colors_create(const int32_t *labels, int frames, int h,
                                int w, pg_foam_colors **out)
{
    *out = NULL;
    if (frames < 1 || h < 1 || w < 1)
        return PG_FAIL(PG_ERR_ARG, "foam colours: %d frames of %d x %d",
                       frames, h, w);
    pg_foam_colors *c = calloc(1, sizeof *c);
    if (!c) return PG_FAIL(PG_ERR_NOMEM, "foam colours");
    uint64_t *pairs = NULL;
    pg_status st = PG_OK;
    PG_CHECK_GOTO(st, collect_ids(c, labels, (size_t)frames * h * w), fail);
    if (c->n_ids >= (1ULL << 32)) {
        st = PG_FAIL(PG_ERR_ARG, "foam colours: %zu distinct ids", c->n_ids);
        goto fail;
    }
    c->color = malloc(c->n_ids);
    if (!c->color) {
        st = PG_FAIL(PG_ERR_NOMEM, "foam colours: %zu ids", c->n_ids);
        goto fail;
    }
    PG_CHECK_GOTO(st, collect_pairs(c, labels, frames, h, w, &pairs,
                                    &c->n_pairs), fail);
    PG_CHECK_GOTO(st, color_graph(c, pairs, c->n_pairs), fail);
    free(pairs);
    *out = c;
    return PG_OK;
fail:
    free(pairs);
    pg_foam_colors_destroy(&c);
    return st;
}

void pg_foam_colors_destroy(pg_foam_colors **c)
{
    if (!c || !*c) return;
    free((*c)->ids);
    free((*c)->color);
    free(*c);
    *c = NULL;
}

int pg_foam_colors_index(const pg_foam_colors *c, int32_t id)
{
    size_t k = find_id(c->ids, c->n_ids, id);
    return k < c->n_ids ? c->color[k] : hash_color(id);
}

size_t pg_foam_colors_ids(const pg_foam_colors *c) { return c->n_ids; }
size_t pg_foam_colors_pairs(const pg_foam_colors *c) { return c->n_pairs; }
size_t pg_foam_colors_conflicts(const pg_foam_colors *c) { return c->conflicts; }

void pg_foam_colors_render(const pg_foam_colors *c, const int32_t *labels,
                           int h, int w, int scale, uint8_t *rgb)
{
    size_t row = (size_t)w * scale * 3;
    int32_t last_id = -1;
    const uint8_t *fill = PG_FOAM_FILM_RGB;
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            int32_t a = labels[(size_t)y * w + x];
            int right = labels[(size_t)y * w + (x + 1) % w] != a;
            int down = labels[(size_t)((y + 1) % h) * w + x] != a;
            int diag = labels[(size_t)((y + 1) % h) * w + (x + 1) % w] != a;
            if (a != last_id) { /* runs along rows: one lookup per run */
                fill = PG_FOAM_PALETTE[pg_foam_colors_index(c, a)];
                last_id = a;
            }
            for (int i = 0; i < scale; i++) {
                uint8_t *p = rgb + ((size_t)y * scale + i) * row +
                             (size_t)x * scale * 3;
                for (int j = 0; j < scale; j++, p += 3) {
                    int film = (j == scale - 1 && right) ||
                               (i == scale - 1 && down) ||
                               (scale >= 2 && i == scale - 1 &&
                                j == scale - 1 && diag);
                    memcpy(p, film ? PG_FOAM_FILM_RGB : fill, 3);
                }
            }
        }
}
