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

/* Grid positions [*lo, *hi) along one axis whose tap at offset k (kernel
 * index times dilation) lands inside the image (0 <= o*s - pad + k < extent); the others read
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

/* d[t] = s[t * stride] for t < n. The literal strides 1 and 2 (every
 * conv of dcgan64 is stride 2) compile to vector loads (and one shuffle per
 * vector for 2); the generic index was a scalar load and store per value,
 * which made im2col ~17 % of a training step (perf, docs/benchmarks.md). */
static inline void copy_strided(float *restrict d, const float *restrict s,
                                int n, int stride)
{
    if (stride == 1)
        for (int t = 0; t < n; t++) d[t] = s[t];
    else if (stride == 2)
        for (int t = 0; t < n; t++) d[t] = s[2 * t];
    else
        for (int t = 0; t < n; t++) d[t] = s[(size_t)t * stride];
}

/* Rows (channel, kernel row, kernel column) in parallel; each row loops
 * over the nb samples, so its index arithmetic and padding spans are paid
 * once per group, not once per sample (D's last conv has rows of 16
 * values: the per-row work was as large as the copy). */
void pg_conv_im2col(const pg_conv_geom *q, const float *img,
                    size_t img_stride, int nb, float *cols, size_t ld)
{
    long rows = (long)q->c * q->kh * q->kw;
    size_t plane = (size_t)q->h * q->w, pos = (size_t)q->oh * q->ow;
    int dh = pg_conv_dil(q->dh), dw = pg_conv_dil(q->dw);
    #pragma omp parallel for if ((size_t)rows * nb * pos > PG_OMP_MIN)
    for (long r = 0; r < rows; r++) {
        /* tap offsets: kernel column and row times the dilation */
        int j = (int)(r % q->kw) * dw, i = (int)(r / q->kw % q->kh) * dh;
        long c = r / ((long)q->kw * q->kh);
        int x0, x1, y0, y1;
        span(j, q->sw, q->pw, q->w, q->ow, &x0, &x1);
        span(i, q->sh, q->ph, q->h, q->oh, &y0, &y1);
        if (y1 <= y0 || x1 <= x0) { /* the row reads padding only */
            for (int b = 0; b < nb; b++)
                memset(cols + (size_t)r * ld + b * pos, 0,
                       pos * sizeof *cols);
            continue;
        }
        for (int b = 0; b < nb; b++) {
            const float *src = img + b * img_stride + (size_t)c * plane +
                               (x0 * q->sw - q->pw + j);
            float *dst = cols + (size_t)r * ld + b * pos;
            memset(dst, 0, (size_t)y0 * q->ow * sizeof *dst);
            for (int oy = y0; oy < y1; oy++) {
                float *d = dst + (size_t)oy * q->ow;
                for (int ox = 0; ox < x0; ox++) d[ox] = 0.0f;
                copy_strided(d + x0,
                             src + (size_t)(oy * q->sh - q->ph + i) * q->w,
                             x1 - x0, q->sw);
                for (int ox = x1; ox < q->ow; ox++) d[ox] = 0.0f;
            }
            memset(dst + (size_t)y1 * q->ow, 0,
                   (size_t)(q->oh - y1) * q->ow * sizeof *dst);
        }
    }
}

/* row[t * stride] += s[t] for t < n (scalar: a store with gaps does not
 * vectorise). */
static inline void add_strided(float *restrict row, const float *restrict s,
                               int n, int stride)
{
    for (int t = 0; t < n; t++) row[(size_t)t * stride] += s[t];
}

/* Stride 2, kernel columns j and j + 1 together: they hit the even and odd
 * pixels of the same pair, row[2t] += a[t], row[2t + 1] += b[t], a store
 * group without gaps that compiles to vector loads, two shuffles and vector
 * stores. */
static inline void add_pair2(float *restrict row, const float *restrict a,
                             const float *restrict b, int n)
{
    for (int t = 0; t < n; t++) {
        row[2 * t] += a[t];
        row[2 * t + 1] += b[t];
    }
}

/* One image row from kernel row i: the columns' segment s0 (row j of the
 * kernel at s0 + j*ld) added onto it. */
static void col2im_row(const pg_conv_geom *q, const float *s0, size_t ld,
                       float *row)
{
    int j = 0, dw = pg_conv_dil(q->dw);
    /* Pairs of kernel columns (stride 2, no dilation): where both land
     * inside the row add_pair2, at the edges one by one. */
    for (; q->sw == 2 && dw == 1 && j + 1 < q->kw; j += 2) {
        int a0, a1, b0, b1;
        span(j, 2, q->pw, q->w, q->ow, &a0, &a1);
        span(j + 1, 2, q->pw, q->w, q->ow, &b0, &b1);
        const float *sa = s0 + (size_t)j * ld, *sb = sa + ld;
        int lo = a0 > b0 ? a0 : b0, hi = a1 < b1 ? a1 : b1;
        if (hi < lo) lo = hi = a0; /* no overlap: all edges */
        float *ra = row + (j - q->pw), *rb = ra + 1;
        for (int ox = a0; ox < lo && ox < a1; ox++) ra[2 * ox] += sa[ox];
        for (int ox = hi > a0 ? hi : a0; ox < a1; ox++) ra[2 * ox] += sa[ox];
        for (int ox = b0; ox < lo && ox < b1; ox++) rb[2 * ox] += sb[ox];
        for (int ox = hi > b0 ? hi : b0; ox < b1; ox++) rb[2 * ox] += sb[ox];
        if (hi > lo) add_pair2(ra + 2 * lo, sa + lo, sb + lo, hi - lo);
    }
    for (; j < q->kw; j++) {
        int x0, x1, off = j * dw;
        span(off, q->sw, q->pw, q->w, q->ow, &x0, &x1);
        if (x1 > x0)
            add_strided(row + (x0 * q->sw - q->pw + off),
                        s0 + (size_t)j * ld + x0, x1 - x0, q->sw);
    }
}

/* Parallel over channels: rows of different channels touch disjoint
 * image planes, so the scatter-add needs no atomics. */
void pg_conv_col2im_add(const pg_conv_geom *q, const float *cols, size_t ld,
                        int nb, float *img, size_t img_stride)
{
    size_t plane = (size_t)q->h * q->w, pos = (size_t)q->oh * q->ow;
    int dh = pg_conv_dil(q->dh);
    #pragma omp parallel for if ((size_t)q->c * q->kh * q->kw * nb * pos > PG_OMP_MIN)
    for (long c = 0; c < q->c; c++)
        for (int b = 0; b < nb; b++) {
            float *dst = img + b * img_stride + (size_t)c * plane;
            for (int i = 0; i < q->kh; i++) {
                int y0, y1;
                span(i * dh, q->sh, q->ph, q->h, q->oh, &y0, &y1);
                const float *src = cols + ((size_t)c * q->kh + i) * q->kw * ld +
                                   b * pos;
                for (int oy = y0; oy < y1; oy++)
                    col2im_row(q, src + (size_t)oy * q->ow, ld,
                               dst + (size_t)(oy * q->sh - q->ph + i * dh) *
                                         q->w);
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

int pg_conv_is_k4s2(const pg_conv_geom *q)
{
    return q->kh == 4 && q->kw == 4 && q->sh == 2 && q->sw == 2 &&
           q->ph == 1 && q->pw == 1 && pg_conv_dil(q->dh) == 1 &&
           pg_conv_dil(q->dw) == 1 && q->h == 2 * q->oh &&
           q->w == 2 * q->ow;
}

/* One image row from one kernel row's four columns k0..k3 (each the
 * columns row of kernel column j at the grid row that meets this image
 * row): pixel 2n takes k1[n] + k3[n - 1], pixel 2n + 1 takes
 * k2[n] + k0[n + 1] (the taps outside the grid are padding). add = 0
 * stores v + that, add = 1 adds it. The interior is branch-free and
 * vectorises; the two edge pixels are peeled. */
static inline void gather_row(float *restrict row, const float *k0,
                              const float *k1, const float *k2,
                              const float *k3, int ow, int add, float v)
{
    float e0 = k1[0], o_last = k2[ow - 1];
    float o0 = ow > 1 ? k2[0] + k0[1] : o_last;
    float e_last = ow > 1 ? k1[ow - 1] + k3[ow - 2] : e0;
    if (add) {
        for (int n = 1; n < ow - 1; n++) {
            row[2 * n] += k1[n] + k3[n - 1];
            row[2 * n + 1] += k2[n] + k0[n + 1];
        }
        row[0] += e0;
        row[1] += o0;
        if (ow > 1) {
            row[2 * ow - 2] += e_last;
            row[2 * ow - 1] += o_last;
        }
    } else {
        for (int n = 1; n < ow - 1; n++) {
            row[2 * n] = v + (k1[n] + k3[n - 1]);
            row[2 * n + 1] = v + (k2[n] + k0[n + 1]);
        }
        row[0] = v + e0;
        row[1] = v + o0;
        if (ow > 1) {
            row[2 * ow - 2] = v + e_last;
            row[2 * ow - 1] = v + o_last;
        }
    }
}

/* Image row 2m + py meets kernel rows 3 - py (grid row m + py - 1) and
 * 1 - py (grid row m + py), those inside the grid. Parallel over channels
 * like pg_conv_col2im_add. */
void pg_conv_col2im_k4s2(const pg_conv_geom *q, const float *cols,
                         size_t ld, int nb, float *img, size_t img_stride,
                         const float *bias, int accumulate)
{
    int oh = q->oh, ow = q->ow;
    size_t plane = (size_t)q->h * q->w, pos = (size_t)oh * ow;
    #pragma omp parallel for if ((size_t)q->c * 16 * nb * pos > PG_OMP_MIN)
    for (long c = 0; c < q->c; c++) {
        float v = bias && !accumulate ? bias[c] : 0.0f;
        const float *kc = cols + (size_t)c * 16 * ld; /* kernel (i, j) at (4i + j) * ld */
        for (int b = 0; b < nb; b++) {
            float *dst = img + b * img_stride + (size_t)c * plane;
            for (int y = 0; y < q->h; y++) {
                int py = y & 1, m = y >> 1;
                float *row = dst + (size_t)y * q->w;
                int add = accumulate;
                for (int hy = 0; hy < 2; hy++) {
                    int gy = m + py + hy - 1, i = 3 - py - 2 * hy;
                    if (gy < 0 || gy >= oh) continue;
                    const float *k = kc + (size_t)4 * i * ld + b * pos +
                                     (size_t)gy * ow;
                    gather_row(row, k, k + ld, k + 2 * ld, k + 3 * ld, ow,
                               add, v);
                    add = 1; /* grid row m always meets it */
                }
            }
        }
    }
}
