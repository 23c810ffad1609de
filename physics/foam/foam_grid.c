#include "physics/foam/foam_grid.h"

#include <string.h>

pg_status pg_foam_grid_check(int h, int w, int stride, const char *what)
{
    if (stride < 1 || stride > PG_FOAM_GRID_STRIDE_MAX)
        return PG_FAIL(PG_ERR_ARG, "%s: a coarse grid stride of %d (must be "
                       "1..%d)", what, stride, PG_FOAM_GRID_STRIDE_MAX);
    if (h < stride || w < stride || h % stride || w % stride)
        return PG_FAIL(PG_ERR_ARG, "%s: frames of %dx%d sites do not divide "
                       "into %dx%d blocks (sides must be multiples of the "
                       "stride %d)", what, h, w, stride, stride, stride);
    return PG_OK;
}

/* The label of largest total weight among n <= PG_FOAM_GRID_STRIDE_MAX^2
 * (weights wt, or 1 each when wt is NULL: the most frequent); of equal
 * totals the one reached first. */
static int32_t heaviest(const int32_t *lab, const float *wt, int n)
{
    int32_t seen[PG_FOAM_GRID_STRIDE_MAX * PG_FOAM_GRID_STRIDE_MAX];
    float sum[PG_FOAM_GRID_STRIDE_MAX * PG_FOAM_GRID_STRIDE_MAX];
    int distinct = 0;
    for (int k = 0; k < n; k++) {
        float w = wt ? wt[k] : 1.0f;
        int i = 0;
        while (i < distinct && seen[i] != lab[k]) i++;
        if (i == distinct) {
            seen[distinct] = lab[k];
            sum[distinct++] = 0.0f;
        }
        sum[i] += w;
    }
    int best = 0;
    for (int i = 1; i < distinct; i++)
        if (sum[i] > sum[best]) best = i;
    return seen[best];
}

void pg_foam_labels_coarsen(const int32_t *fine, int h, int w, int stride,
                            int32_t *coarse)
{
    int s = stride, hc = h / s, wc = w / s;
    int32_t block[PG_FOAM_GRID_STRIDE_MAX * PG_FOAM_GRID_STRIDE_MAX];
    for (int I = 0; I < hc; I++)
        for (int J = 0; J < wc; J++) {
            int n = 0;
            for (int a = 0; a < s; a++)
                for (int b = 0; b < s; b++)
                    block[n++] = fine[(size_t)(I * s + a) * (size_t)w
                                      + (size_t)(J * s + b)];
            coarse[(size_t)I * (size_t)wc + (size_t)J] = heaviest(block, NULL,
                                                                 n);
        }
}

/* Cubic B-spline weights of the four coarse sites at offsets -1, 0, 1, 2
 * from a point a fraction f (0 <= f < 1) past site 0: positive, summing
 * to 1, symmetric about f = 1/2. */
static void bspline(float f, float w[4])
{
    float g = 1.0f - f;
    w[0] = g * g * g / 6.0f;
    w[1] = (3.0f * f * f * f - 6.0f * f * f + 4.0f) / 6.0f;
    w[2] = (3.0f * g * g * g - 6.0f * g * g + 4.0f) / 6.0f;
    w[3] = f * f * f / 6.0f;
}

/* For fine offset r in a block: the first of the four coarse sites
 * around it (relative to the block's own, -2 or -1) and their weights.
 * The fine site lies at coarse coordinate (r + 1/2)/s - 1/2 from its
 * block's site. */
static void taps(int s, int first[], float wt[][4])
{
    for (int r = 0; r < s; r++) {
        float t = ((float)r + 0.5f) / (float)s - 0.5f;
        int back = t < 0.0f;
        first[r] = -1 - back;
        bspline(back ? t + 1.0f : t, wt[r]);
    }
}

/* A block of s x s fine sites whose 5 x 5 coarse neighbourhood (every
 * tap of its sites) holds more than one label: the weight of each label
 * at each fine site, separably (rows first), and the heaviest. */
static void vote_block(const int32_t nb[25], int s, const int first[],
                       const float tw[][4], int32_t *block, int w)
{
    float best[PG_FOAM_GRID_STRIDE_MAX * PG_FOAM_GRID_STRIDE_MAX];
    float row_sum[5][PG_FOAM_GRID_STRIDE_MAX];
    for (int k = 0; k < s * s; k++) best[k] = -1.0f;
    for (int d = 0; d < 25; d++) {
        int32_t l = nb[d];
        int repeat = 0;
        for (int e = 0; e < d && !repeat; e++) repeat = nb[e] == l;
        if (repeat) continue; /* each label once, in order of appearance */
        for (int a = 0; a < 5; a++)
            for (int rx = 0; rx < s; rx++) {
                const int32_t *r = nb + a * 5 + first[rx] + 2;
                float sum = 0.0f;
                for (int b = 0; b < 4; b++)
                    if (r[b] == l) sum += tw[rx][b];
                row_sum[a][rx] = sum;
            }
        for (int ry = 0; ry < s; ry++) {
            int a0 = first[ry] + 2;
            for (int rx = 0; rx < s; rx++) {
                float v = 0.0f;
                for (int a = 0; a < 4; a++) v += tw[ry][a] * row_sum[a0 + a][rx];
                if (v > best[ry * s + rx]) {
                    best[ry * s + rx] = v;
                    block[(size_t)ry * (size_t)w + (size_t)rx] = l;
                }
            }
        }
    }
}

void pg_foam_labels_refine(const int32_t *coarse, int hc, int wc, int stride,
                           int32_t *fine)
{
    int s = stride, w = wc * s;
    if (s == 1) { /* the same grid */
        memcpy(fine, coarse, (size_t)hc * (size_t)wc * sizeof *fine);
        return;
    }
    int first[PG_FOAM_GRID_STRIDE_MAX];
    float tw[PG_FOAM_GRID_STRIDE_MAX][4];
    taps(s, first, tw);
    for (int I = 0; I < hc; I++) {
        const int32_t *rows[5]; /* coarse rows I - 2 .. I + 2 */
        for (int a = 0; a < 5; a++)
            rows[a] = coarse + (size_t)(((I - 2 + a) % hc + hc) % hc)
                               * (size_t)wc;
        int32_t *block_row = fine + (size_t)I * (size_t)s * (size_t)w;
        for (int J = 0; J < wc; J++) {
            int32_t nb[25];
            int one = 1;
            for (int b = 0; b < 5; b++) {
                int j = ((J - 2 + b) % wc + wc) % wc;
                for (int a = 0; a < 5; a++) {
                    nb[a * 5 + b] = rows[a][j];
                    one &= nb[a * 5 + b] == nb[0];
                }
            }
            int32_t *block = block_row + (size_t)J * (size_t)s;
            if (!one) {
                vote_block(nb, s, first, tw, block, w);
                continue;
            }
            for (int ry = 0; ry < s; ry++) /* inside a bubble: most blocks */
                for (int rx = 0; rx < s; rx++)
                    block[(size_t)ry * (size_t)w + (size_t)rx] = nb[0];
        }
    }
}
