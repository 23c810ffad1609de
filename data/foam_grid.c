#include "data/foam_grid.h"

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

void pg_foam_labels_refine(const int32_t *coarse, int hc, int wc, int stride,
                           int32_t *fine)
{
    int s = stride, w = wc * s;
    /* Fine offset r in a block lies at coarse coordinate (r + 1/2)/s - 1/2
     * from the block's site: between it and the next (frac >= 0) or the
     * previous one (back = 1). */
    float frac[PG_FOAM_GRID_STRIDE_MAX];
    int back[PG_FOAM_GRID_STRIDE_MAX];
    for (int r = 0; r < s; r++) {
        float t = ((float)r + 0.5f) / (float)s - 0.5f;
        back[r] = t < 0.0f;
        frac[r] = back[r] ? t + 1.0f : t;
    }
    for (int I = 0; I < hc; I++)
        for (int ry = 0; ry < s; ry++) {
            int i0 = (I - back[ry] + hc) % hc, i1 = (i0 + 1) % hc;
            const int32_t *c0 = coarse + (size_t)i0 * (size_t)wc;
            const int32_t *c1 = coarse + (size_t)i1 * (size_t)wc;
            float fy = frac[ry];
            int32_t *row = fine + (size_t)(I * s + ry) * (size_t)w;
            for (int J = 0; J < wc; J++)
                for (int rx = 0; rx < s; rx++) {
                    int j0 = (J - back[rx] + wc) % wc, j1 = (j0 + 1) % wc;
                    int32_t lab[4] = {c0[j0], c0[j1], c1[j0], c1[j1]};
                    int32_t *out = row + J * s + rx;
                    if (lab[0] == lab[1] && lab[0] == lab[2]
                        && lab[0] == lab[3]) {
                        *out = lab[0];
                        continue;
                    }
                    float fx = frac[rx];
                    float wt[4] = {(1 - fy) * (1 - fx), (1 - fy) * fx,
                                   fy * (1 - fx), fy * fx};
                    *out = heaviest(lab, wt, 4);
                }
        }
}
