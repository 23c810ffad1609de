#include "data/foam_grid.h"

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

/* The label of largest total weight among n (weights wt, or 1 each when
 * wt is NULL: the most frequent); the first reached on ties. */
static int32_t heaviest(const int32_t *lab, const float *wt, int n)
{
    int32_t best = lab[0];
    float best_w = -1.0f;
    for (int k = 0; k < n; k++) {
        float sum = 0.0f;
        for (int m = 0; m < n; m++)
            if (lab[m] == lab[k]) sum += wt ? wt[m] : 1.0f;
        if (sum > best_w) {
            best_w = sum;
            best = lab[k];
        }
    }
    return best;
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
    for (int I = 0; I < hc; I++)
        for (int ry = 0; ry < s; ry++) {
            const int32_t *rows[4];
            for (int a = 0; a < 4; a++) {
                int i = ((I + first[ry] + a) % hc + hc) % hc;
                rows[a] = coarse + (size_t)i * (size_t)wc;
            }
            int32_t *out = fine + (size_t)(I * s + ry) * (size_t)w;
            for (int J = 0; J < wc; J++)
                for (int rx = 0; rx < s; rx++) {
                    int32_t lab[16];
                    float wt[16];
                    int n = 0, same = 1;
                    for (int b = 0; b < 4; b++) {
                        int j = ((J + first[rx] + b) % wc + wc) % wc;
                        for (int a = 0; a < 4; a++, n++) {
                            lab[n] = rows[a][j];
                            wt[n] = tw[ry][a] * tw[rx][b];
                            same &= lab[n] == lab[0];
                        }
                    }
                    out[J * s + rx] = same ? lab[0] : heaviest(lab, wt, 16);
                }
        }
}
