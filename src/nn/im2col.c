#include "nn/im2col.h"

#include <string.h>

#include "nn/op_impl.h"

/* Aim for this many GEMM columns per call: enough for sgemm to amortise
 * its packing, few enough that a group's columns (rows x this many floats)
 * stay in cache between im2col and the GEMM. 256 took ~10 % less CPU time
 * per dcgan64 training step than 1024 (docs/benchmarks.md). */
#define GROUP_COLUMNS 256
/* Cap on the group's scratch (floats; 16 MiB). A single sample may need
 * more: it is then processed alone. */
#define GROUP_SCRATCH_MAX ((size_t)1 << 22)

/* Grid positions [*lo, *hi) along one axis whose tap at kernel offset k
 * lands inside the image (0 <= o*s - pad + k < extent); the others read
 * zero padding. */
static void span(int k, int s, int pad, int extent, int grid, int *lo,
                 int *hi)
{
    int first = pad - k; /* o*s must reach this */
    int a = first <= 0 ? 0 : (first + s - 1) / s;
    int last = extent - 1 + pad - k; /* o*s may not pass this */
    int b = last < 0 ? 0 : last / s + 1;
    if (a > grid) a = grid;
    if (b > grid) b = grid;
    if (b < a) b = a;
    *lo = a;
    *hi = b;
}

void pg_conv_im2col(const pg_conv_geom *q, const float *img, float *cols,
                    size_t ld)
{
    long rows = (long)q->c * q->kh * q->kw;
    size_t plane = (size_t)q->h * q->w;
    #pragma omp parallel for if ((size_t)rows * q->oh * q->ow > PG_OMP_MIN)
    for (long r = 0; r < rows; r++) {
        int j = (int)(r % q->kw), i = (int)(r / q->kw % q->kh);
        long c = r / ((long)q->kw * q->kh);
        const float *src = img + (size_t)c * plane;
        float *dst = cols + (size_t)r * ld;
        int x0, x1;
        span(j, q->sw, q->pw, q->w, q->ow, &x0, &x1);
        for (int oy = 0; oy < q->oh; oy++) {
            float *d = dst + (size_t)oy * q->ow;
            int iy = oy * q->sh - q->ph + i;
            if (iy < 0 || iy >= q->h) {
                memset(d, 0, (size_t)q->ow * sizeof *d);
                continue;
            }
            const float *row = src + (size_t)iy * q->w;
            for (int ox = 0; ox < x0; ox++) d[ox] = 0.0f;
            if (q->sw == 1 && x1 > x0)
                memcpy(d + x0, row + (x0 - q->pw + j),
                       (size_t)(x1 - x0) * sizeof *d);
            else if (q->sw != 1)
                for (int ox = x0; ox < x1; ox++)
                    d[ox] = row[ox * q->sw - q->pw + j];
            for (int ox = x1; ox < q->ow; ox++) d[ox] = 0.0f;
        }
    }
}

/* Parallel over channels: rows of different channels touch disjoint
 * image planes, so the scatter-add needs no atomics. */
void pg_conv_col2im_add(const pg_conv_geom *q, const float *cols, size_t ld,
                        float *img)
{
    size_t plane = (size_t)q->h * q->w;
    #pragma omp parallel for if ((size_t)q->c * q->kh * q->kw * q->oh * q->ow > PG_OMP_MIN)
    for (long c = 0; c < q->c; c++) {
        float *dst = img + (size_t)c * plane;
        for (int i = 0; i < q->kh; i++)
            for (int j = 0; j < q->kw; j++) {
                size_t r = ((size_t)c * q->kh + i) * q->kw + j;
                const float *src = cols + r * ld;
                int x0, x1;
                span(j, q->sw, q->pw, q->w, q->ow, &x0, &x1);
                for (int oy = 0; oy < q->oh; oy++) {
                    int iy = oy * q->sh - q->ph + i;
                    if (iy < 0 || iy >= q->h) continue;
                    const float *s = src + (size_t)oy * q->ow;
                    float *row = dst + (size_t)iy * q->w;
                    for (int ox = x0; ox < x1; ox++)
                        row[ox * q->sw - q->pw + j] += s[ox];
                }
            }
    }
}

int pg_conv_group(int batch, size_t positions, size_t floats_per_column)
{
    size_t want = (GROUP_COLUMNS + positions - 1) / positions;
    int nb = want < (size_t)batch ? (int)want : batch;
    while (nb > 1 && (size_t)nb * positions * floats_per_column >
                         GROUP_SCRATCH_MAX)
        nb--;
    return nb < 1 ? 1 : nb;
}

void pg_conv_gather(const float *src, int nb, int c, size_t p, float *dst)
{
    size_t ld = (size_t)nb * p;
    #pragma omp parallel for if ((size_t)c * ld > PG_OMP_MIN)
    for (long ch = 0; ch < c; ch++)
        for (int b = 0; b < nb; b++)
            memcpy(dst + (size_t)ch * ld + (size_t)b * p,
                   src + ((size_t)b * c + ch) * p, p * sizeof *dst);
}

void pg_conv_scatter_add(const float *src, int nb, int c, size_t p,
                         float *dst)
{
    size_t ld = (size_t)nb * p;
    #pragma omp parallel for if ((size_t)c * ld > PG_OMP_MIN)
    for (long ch = 0; ch < c; ch++)
        for (int b = 0; b < nb; b++) {
            const float *s = src + (size_t)ch * ld + (size_t)b * p;
            float *d = dst + ((size_t)b * c + ch) * p;
            for (size_t k = 0; k < p; k++) d[k] += s[k];
        }
}

void pg_conv_scatter_bias(const float *src, int nb, int c, size_t p,
                          const float *bias, float *dst)
{
    size_t ld = (size_t)nb * p;
    #pragma omp parallel for if ((size_t)c * ld > PG_OMP_MIN)
    for (long ch = 0; ch < c; ch++) {
        float v = bias ? bias[ch] : 0.0f;
        for (int b = 0; b < nb; b++) {
            const float *s = src + (size_t)ch * ld + (size_t)b * p;
            float *d = dst + ((size_t)b * c + ch) * p;
            for (size_t k = 0; k < p; k++) d[k] = s[k] + v;
        }
    }
}

void pg_conv_fill_bias(float *dst, int c, size_t p, const float *bias)
{
    if (!bias) {
        memset(dst, 0, (size_t)c * p * sizeof *dst);
        return;
    }
    for (int ch = 0; ch < c; ch++)
        for (size_t k = 0; k < p; k++) dst[(size_t)ch * p + k] = bias[ch];
}

/* Double accumulation: a channel sums batch * positions values. */
void pg_conv_bias_grad(const float *dy, int n, int c, size_t p, float *db)
{
    #pragma omp parallel for if ((size_t)n * c * p > PG_OMP_MIN)
    for (long ch = 0; ch < c; ch++) {
        double s = 0;
        for (int b = 0; b < n; b++) {
            const float *d = dy + ((size_t)b * c + ch) * p;
            for (size_t k = 0; k < p; k++) s += d[k];
        }
        db[ch] += (float)s;
    }
}
