/* The oracle of a label-choice update; see foam_label_choice.h. */
#include "physics/foam/foam_label_choice.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

pg_status pg_foam_label_choice_check(int h, int w, int k, const char *what)
{
    if (k < 1 || k > PG_FOAM_LABEL_CHOICE_K_MAX || k % 2 == 0)
        return PG_FAIL(PG_ERR_ARG, "%s: a label-choice window of %d (must be "
                       "odd, 1..%d)", what, k, PG_FOAM_LABEL_CHOICE_K_MAX);
    if (k > h || k > w)
        return PG_FAIL(PG_ERR_ARG, "%s: a %dx%d window on a %dx%d grid", what,
                       k, k, h, w);
    return PG_OK;
}

/* The k x k window of g around (i, j), periodic, in row order. */
static void window(const int32_t *g, int h, int w, int i, int j, int k,
                   int32_t *win)
{
    const int r = k / 2;
    int n = 0;
    for (int di = -r; di <= r; di++) {
        const int32_t *row = g + (size_t)((i + di + h) % h) * w;
        for (int dj = -r; dj <= r; dj++) win[n++] = row[(j + dj + w) % w];
    }
}

static int contains(const int32_t *win, int n, int32_t v)
{
    for (int m = 0; m < n; m++)
        if (win[m] == v) return 1;
    return 0;
}

/* The label of cur's window seen most often in target's window; the site's
 * own label when none is seen at all. */
static int32_t nearest_choice(const int32_t *cw, const int32_t *tw, int n,
                              int32_t own)
{
    int32_t best = own;
    int best_count = 0;
    for (int m = 0; m < n; m++) {
        if (contains(cw, m, cw[m])) continue; /* counted at its first place */
        int count = 0;
        for (int q = 0; q < n; q++) count += tw[q] == cw[m];
        if (count > best_count) {
            best_count = count;
            best = cw[m];
        }
    }
    return best;
}

long pg_foam_label_choice_oracle(const int32_t *cur, const int32_t *target,
                                 int h, int w, int k, int32_t *out)
{
    int32_t cw[PG_FOAM_LABEL_CHOICE_K_MAX * PG_FOAM_LABEL_CHOICE_K_MAX];
    int32_t tw[PG_FOAM_LABEL_CHOICE_K_MAX * PG_FOAM_LABEL_CHOICE_K_MAX];
    const int n = k * k;
    long unrepresentable = 0;
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
            const size_t s = (size_t)i * w + j;
            window(cur, h, w, i, j, k, cw);
            if (contains(cw, n, target[s])) {
                out[s] = target[s];
                continue;
            }
            unrepresentable++;
            window(target, h, w, i, j, k, tw);
            out[s] = nearest_choice(cw, tw, n, cur[s]);
        }
    return unrepresentable;
}

void pg_foam_label_vote(const int32_t *cur, int h, int w, int k, double sigma,
                        int32_t *out)
{
    enum { N = PG_FOAM_LABEL_CHOICE_K_MAX * PG_FOAM_LABEL_CHOICE_K_MAX };
    int32_t cw[N], seen[N];
    double wt[N], sum[N];
    const int r = k / 2, n = k * k;
    for (int di = -r, m = 0; di <= r; di++)
        for (int dj = -r; dj <= r; dj++, m++)
            wt[m] = exp(-(double)(di * di + dj * dj) / (2.0 * sigma * sigma));
    for (int i = 0; i < h; i++)
        for (int j = 0; j < w; j++) {
            const size_t s = (size_t)i * w + j;
            window(cur, h, w, i, j, k, cw);
            /* the own label first, so that it wins ties */
            int distinct = 1;
            seen[0] = cur[s];
            sum[0] = 0.0;
            for (int m = 0; m < n; m++) {
                int q = 0;
                while (q < distinct && seen[q] != cw[m]) q++;
                if (q == distinct) {
                    seen[distinct] = cw[m];
                    sum[distinct++] = 0.0;
                }
                sum[q] += wt[m];
            }
            int best = 0;
            for (int q = 1; q < distinct; q++)
                if (sum[q] > sum[best]) best = q;
            out[s] = seen[best];
        }
}

static int cmp_i32(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return (x > y) - (x < y);
}

/* Sort a copy of v and keep each value once; returns how many. */
static long sorted_unique(const int32_t *v, long n, int32_t *dst)
{
    memcpy(dst, v, (size_t)n * sizeof *dst);
    qsort(dst, (size_t)n, sizeof *dst, cmp_i32);
    long u = 0;
    for (long m = 0; m < n; m++)
        if (!u || dst[u - 1] != dst[m]) dst[u++] = dst[m];
    return u;
}

pg_status pg_foam_labels_missing(const int32_t *target, const int32_t *got,
                                 long n, long *missing, long *distinct)
{
    int32_t *a = malloc((size_t)n * sizeof *a), *b = malloc((size_t)n * sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return PG_FAIL(PG_ERR_NOMEM, "foam labels: %ld sites", n);
    }
    long na = sorted_unique(target, n, a), nb = sorted_unique(got, n, b);
    long miss = 0, q = 0;
    for (long m = 0; m < na; m++) {
        while (q < nb && b[q] < a[m]) q++;
        if (q == nb || b[q] != a[m]) miss++;
    }
    free(a);
    free(b);
    *missing = miss;
    if (distinct) *distinct = na;
    return PG_OK;
}

pg_status pg_foam_labels_touched(const int32_t *target, const int32_t *got,
                                 long n, long *touched)
{
    int32_t *wrong = malloc((size_t)(n ? n : 1) * sizeof *wrong);
    int32_t *u = malloc((size_t)(n ? n : 1) * sizeof *u);
    if (!wrong || !u) {
        free(wrong);
        free(u);
        return PG_FAIL(PG_ERR_NOMEM, "foam labels: %ld sites", n);
    }
    long m = 0;
    for (long s = 0; s < n; s++)
        if (got[s] != target[s]) wrong[m++] = target[s];
    *touched = sorted_unique(wrong, m, u);
    free(wrong);
    free(u);
    return PG_OK;
}
