#include "physics/terrain/terrain_sr_pairs.h"

#include "base/sample_range.h"

pg_status pg_terrain_sr_downsample(const float *fine, int n, int h, int w,
                                   int factor, float *coarse)
{
    if (factor < 1 || h < factor || w < factor || h % factor || w % factor)
        return PG_FAIL(PG_ERR_ARG, "super-resolution pairs: a %dx%d patch "
                       "cannot be block-averaged by %d (sides must be "
                       "multiples of the factor)", h, w, factor);
    int ch = h / factor, cw = w / factor;
    double inv = 1.0 / ((double)factor * factor);
    for (int s = 0; s < n; s++) {
        const float *f = fine + (size_t)s * h * w;
        float *c = coarse + (size_t)s * ch * cw;
        for (int i = 0; i < ch; i++)
            for (int j = 0; j < cw; j++) {
                double sum = 0;
                for (int a = 0; a < factor; a++)
                    for (int b = 0; b < factor; b++)
                        sum += f[(size_t)(i * factor + a) * w +
                                 (size_t)(j * factor + b)];
                c[(size_t)i * cw + j] = (float)(sum * inv);
            }
    }
    return PG_OK;
}

void pg_terrain_sr_normalize(float *coarse, size_t coarse_len, float *fine,
                             size_t fine_len, int n, double *mid,
                             double *half)
{
    for (int s = 0; s < n; s++) {
        float *c = coarse + (size_t)s * coarse_len;
        float *f = fine + (size_t)s * fine_len;
        pg_data_sample_range(c, coarse_len, &mid[s], &half[s]);
        for (size_t k = 0; k < coarse_len; k++)
            c[k] = (float)(((double)c[k] - mid[s]) / half[s]);
        for (size_t k = 0; k < fine_len; k++)
            f[k] = (float)(((double)f[k] - mid[s]) / half[s]);
    }
}
