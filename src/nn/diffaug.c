#include "nn/diffaug.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* What one sample's draw was, kept for pg_diffaug_sample_draw. */
typedef struct draw {
    int flips, ty, tx, cy, cx;
} draw;

struct pg_diffaug {
    pg_diffaug_opts o;
    int n, c, h, w;
    int sy, sx;       /* largest shifts, cells */
    int cut_h, cut_w; /* cutout sides, cells */
    int *src;         /* n x h x w: input cell of each output cell, -1 zero */
    draw *d;          /* n */
};

static const struct {
    const char *name;
    unsigned bit;
} names[] = {{"flips", PG_DIFFAUG_FLIPS},
             {"translation", PG_DIFFAUG_TRANSLATION},
             {"cutout", PG_DIFFAUG_CUTOUT}};

pg_status pg_diffaug_parse(const char *list, const char *what,
                           unsigned *ops)
{
    *ops = 0;
    if (!list || !strcmp(list, "none") || !*list) return PG_OK;
    const char *p = list;
    while (*p) {
        size_t len = strcspn(p, ",");
        unsigned bit = 0;
        for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
            if (strlen(names[k].name) == len &&
                !strncmp(p, names[k].name, len))
                bit = names[k].bit;
        if (!bit)
            return PG_FAIL(PG_ERR_CONFIG, "%s = %s: unknown augmentation "
                           "'%.*s' (a comma-separated list of flips, "
                           "translation, cutout; or none)", what, list,
                           (int)len, p);
        *ops |= bit;
        p += len;
        if (*p == ',') p++;
    }
    return PG_OK;
}

pg_status pg_diffaug_create(const pg_diffaug_opts *o, int n, int c, int h,
                            int w, pg_diffaug **out)
{
    *out = NULL;
    if (n < 1 || c < 1 || h < 1 || w < 1)
        return PG_FAIL(PG_ERR_ARG, "diffaug: batch %d x %d x %d x %d", n, c,
                       h, w);
    if (!(o->shift >= 0 && o->shift <= 0.5) ||
        !(o->cutout >= 0 && o->cutout <= 1))
        return PG_FAIL(PG_ERR_ARG, "diffaug: shift %g (need [0, 0.5]), "
                       "cutout %g (need [0, 1])", o->shift, o->cutout);
    pg_diffaug *a = calloc(1, sizeof *a);
    if (!a) return PG_FAIL(PG_ERR_NOMEM, "diffaug");
    a->o = *o;
    a->n = n;
    a->c = c;
    a->h = h;
    a->w = w;
    a->sy = (int)lround(o->shift * h);
    a->sx = (int)lround(o->shift * w);
    a->cut_h = (int)lround(o->cutout * h);
    a->cut_w = (int)lround(o->cutout * w);
    a->src = malloc((size_t)n * (size_t)h * (size_t)w * sizeof *a->src);
    a->d = calloc((size_t)n, sizeof *a->d);
    if (!a->src || !a->d) {
        pg_diffaug_destroy(&a);
        return PG_FAIL(PG_ERR_NOMEM, "diffaug index maps");
    }
    /* Before any draw: the identity. */
    for (int i = 0; i < n; i++) {
        a->d[i] = (draw){0, 0, 0, -1, -1};
        for (int k = 0; k < h * w; k++) a->src[(size_t)i * h * w + k] = k;
    }
    *out = a;
    return PG_OK;
}

void pg_diffaug_destroy(pg_diffaug **ap)
{
    pg_diffaug *a = ap ? *ap : NULL;
    if (!a) return;
    free(a->src);
    free(a->d);
    free(a);
    *ap = NULL;
}

/* i folded into [0, n) by reflection about the edges (the edge cell is
 * not repeated: -1 -> 1, n -> n - 2); -1 with zero padding. */
static int pad_index(int i, int n, int reflect)
{
    if (i >= 0 && i < n) return i;
    if (!reflect || n == 1) return reflect ? 0 : -1;
    while (i < 0 || i >= n) i = i < 0 ? -i : 2 * (n - 1) - i;
    return i;
}

/* Uniform integer in [-s, s]. */
static int shift_draw(pg_rng *rng, int s)
{
    return s > 0 ? (int)pg_rng_uniform_int(rng, 2 * (unsigned long)s + 1) - s
                 : 0;
}

/* The index map of one sample from its draw. */
static void sample_map(const pg_diffaug *a, const draw *d, int *src)
{
    int h = a->h, w = a->w;
    int r0 = d->cy - a->cut_h / 2, c0 = d->cx - a->cut_w / 2;
    for (int r = 0; r < h; r++)
        for (int c = 0; c < w; c++) {
            int *s = &src[r * w + c];
            if (d->cy >= 0 && r >= r0 && r < r0 + a->cut_h && c >= c0 &&
                c < c0 + a->cut_w) {
                *s = -1;
                continue;
            }
            int rr = pad_index(r - d->ty, h, a->o.reflect);
            int cc = pad_index(c - d->tx, w, a->o.reflect);
            if (rr < 0 || cc < 0) {
                *s = -1;
                continue;
            }
            if (d->flips & 1) rr = h - 1 - rr;
            if (d->flips & 2) cc = w - 1 - cc;
            *s = rr * w + cc;
        }
}

void pg_diffaug_draw(pg_diffaug *a, pg_rng *rng)
{
    if (!a->o.ops) return;
    size_t hw = (size_t)a->h * (size_t)a->w;
    for (int i = 0; i < a->n; i++) {
        draw d = {0, 0, 0, -1, -1};
        if (a->o.ops & PG_DIFFAUG_FLIPS)
            d.flips = (int)pg_rng_uniform_int(rng, 4);
        if (a->o.ops & PG_DIFFAUG_TRANSLATION) {
            d.ty = shift_draw(rng, a->sy);
            d.tx = shift_draw(rng, a->sx);
        }
        if ((a->o.ops & PG_DIFFAUG_CUTOUT) && a->cut_h > 0 && a->cut_w > 0) {
            d.cy = (int)pg_rng_uniform_int(rng, (unsigned long)a->h);
            d.cx = (int)pg_rng_uniform_int(rng, (unsigned long)a->w);
        }
        a->d[i] = d;
        sample_map(a, &d, a->src + (size_t)i * hw);
    }
}

void pg_diffaug_forward(const pg_diffaug *a, const float *x, float *y)
{
    size_t hw = (size_t)a->h * (size_t)a->w;
    for (int i = 0; i < a->n; i++) {
        const int *src = a->src + (size_t)i * hw;
        for (int ch = 0; ch < a->c; ch++) {
            size_t base = ((size_t)i * (size_t)a->c + (size_t)ch) * hw;
            for (size_t o = 0; o < hw; o++)
                y[base + o] = src[o] >= 0 ? x[base + (size_t)src[o]] : 0.0f;
        }
    }
}

void pg_diffaug_backward(const pg_diffaug *a, const float *dy, float *dx)
{
    size_t hw = (size_t)a->h * (size_t)a->w;
    memset(dx, 0, (size_t)a->n * (size_t)a->c * hw * sizeof *dx);
    for (int i = 0; i < a->n; i++) {
        const int *src = a->src + (size_t)i * hw;
        for (int ch = 0; ch < a->c; ch++) {
            size_t base = ((size_t)i * (size_t)a->c + (size_t)ch) * hw;
            for (size_t o = 0; o < hw; o++)
                if (src[o] >= 0) dx[base + (size_t)src[o]] += dy[base + o];
        }
    }
}

void pg_diffaug_sample_draw(const pg_diffaug *a, int i, int *flips, int *ty,
                            int *tx, int *cy, int *cx)
{
    const draw *d = &a->d[i];
    *flips = d->flips;
    *ty = d->ty;
    *tx = d->tx;
    *cy = d->cy;
    *cx = d->cx;
}
