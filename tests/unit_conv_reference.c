/* The GEMM-based conv / transposed conv (2D and 1D) against direct loops in
 * double precision: forward output and backward dx, dW, db on fixed shapes
 * that reach every code path (one sample per GEMM, grouped samples, a
 * partial last group, the 1x1 direct path, dilation, the gathering col2im
 * of 4x4 stride-2 windows) and on random shapes. Backward
 * must add to existing gradients, skip dW when parameter gradients are off
 * and skip dx for an input that needs none. Impossible shapes and bad
 * arguments must fail the build with a message. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nn/ops.h"
#include "nn/im2col.h"
#include "runner.h"

#define TOL 1e-4

typedef struct shape {
    int transposed, one_d;
    int n, c, h, w; /* h is 1 for 1D */
    int oc, kh, kw, sh, sw, ph, pw, oph, opw;
    int bias;
    int dh, dw; /* dilation (conv only); 0 reads as 1 */
} shape;

static int dil(int d) { return d > 1 ? d : 1; }

static void out_extent(const shape *s, int *oh, int *ow)
{
    if (s->transposed) {
        *oh = (s->h - 1) * s->sh - 2 * s->ph + s->kh + s->oph;
        *ow = (s->w - 1) * s->sw - 2 * s->pw + s->kw + s->opw;
    } else {
        *oh = (s->h + 2 * s->ph - dil(s->dh) * (s->kh - 1) - 1) / s->sh + 1;
        *ow = (s->w + 2 * s->pw - dil(s->dw) * (s->kw - 1) - 1) / s->sw + 1;
    }
}

/* Direct loops over (sample, in channel, out channel, tap, grid position):
 * the input pixel at grid position (gy, gx) and tap (i, j) meets the output
 * pixel (oy, ox); for conv the grid is the output, for convT the input.
 * A dilated conv's tap (i, j) sits (i*dh, j*dw) from the window's corner.
 * Computes y = conv(x) + b and, from dy, dx, dw, db. */
static void reference(const shape *s, const float *x, const float *w,
                      const float *b, const float *dy, double *y, double *dx,
                      double *dw, double *db)
{
    int oh, ow;
    out_extent(s, &oh, &ow);
    int gh = s->transposed ? s->h : oh, gw = s->transposed ? s->w : ow;
    int ih = s->transposed ? oh : s->h, iw = s->transposed ? ow : s->w;
    for (int n = 0; n < s->n; n++)
        for (int o = 0; o < s->oc; o++)
            for (int p = 0; p < oh * ow; p++) {
                y[((size_t)n * s->oc + o) * oh * ow + p] = b ? b[o] : 0.0;
                if (b) db[o] += dy[((size_t)n * s->oc + o) * oh * ow + p];
            }
    for (int n = 0; n < s->n; n++)
        for (int c = 0; c < s->c; c++)
            for (int o = 0; o < s->oc; o++)
                for (int i = 0; i < s->kh; i++)
                    for (int j = 0; j < s->kw; j++)
                        for (int gy = 0; gy < gh; gy++)
                            for (int gx = 0; gx < gw; gx++) {
                                int py = gy * s->sh - s->ph + i * dil(s->dh);
                                int px = gx * s->sw - s->pw + j * dil(s->dw);
                                if (py < 0 || py >= ih || px < 0 || px >= iw)
                                    continue;
                                size_t xi, yi, wi;
                                if (s->transposed) {
                                    xi = (((size_t)n * s->c + c) * s->h + gy) * s->w + gx;
                                    yi = (((size_t)n * s->oc + o) * oh + py) * ow + px;
                                    wi = (((size_t)c * s->oc + o) * s->kh + i) * s->kw + j;
                                } else {
                                    xi = (((size_t)n * s->c + c) * s->h + py) * s->w + px;
                                    yi = (((size_t)n * s->oc + o) * oh + gy) * ow + gx;
                                    wi = (((size_t)o * s->c + c) * s->kh + i) * s->kw + j;
                                }
                                y[yi] += (double)w[wi] * x[xi];
                                dx[xi] += (double)w[wi] * dy[yi];
                                dw[wi] += (double)x[xi] * dy[yi];
                            }
}

/* max |got - want| / max |want| (want all zero: the absolute error). */
static double rel_err(const float *got, const double *want, size_t len)
{
    double e = 0, m = 0;
    for (size_t i = 0; i < len; i++) {
        e = fmax(e, fabs(got[i] - want[i]));
        m = fmax(m, fabs(want[i]));
    }
    return m > 0 ? e / m : e;
}

static int build(pg_graph *g, int x, const shape *s)
{
    pg_attr a = {.out_ch = s->oc, .kh = s->kh, .kw = s->kw, .sh = s->sh,
                 .sw = s->sw, .ph = s->ph, .pw = s->pw, .oph = s->oph,
                 .opw = s->opw, .dh = s->dh, .dw = s->dw,
                 .flags = s->bias ? 0 : PG_NO_BIAS};
    if (s->one_d && dil(s->dw) > 1)
        return pg_op_conv1d_dilated(g, x, s->oc, s->kw, s->dw, s->pw, a.flags);
    if (s->one_d)
        return s->transposed
                   ? pg_op_conv_transpose1d(g, x, s->oc, s->kw, s->sw, s->pw,
                                            a.flags)
                   : pg_op_conv1d(g, x, s->oc, s->kw, s->sw, s->pw, a.flags);
    return s->transposed ? pg_op_conv_transpose2d_ex(g, x, &a)
                         : pg_op_conv2d_ex(g, x, &a);
}

static void describe(const shape *s, char *buf, size_t len)
{
    snprintf(buf, len,
             "%s%s n%d c%d %dx%d -> oc%d k%dx%d s%dx%d p%dx%d op%dx%d "
             "d%dx%d%s",
             s->transposed ? "convt" : "conv", s->one_d ? "1d" : "2d", s->n,
             s->c, s->h, s->w, s->oc, s->kh, s->kw, s->sh, s->sw, s->ph,
             s->pw, s->oph, s->opw, dil(s->dh), dil(s->dw),
             s->bias ? "" : " nobias");
}

/* Which gradients the graph asks for. */
enum { WANT_DX = 1, WANT_DW = 2, WANT_ALL = 3 };

static void check_shape(const shape *s, pg_rng *rng, int want)
{
    char label[160];
    describe(s, label, sizeof label);
    pg_net *net = NULL;
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_net_create("T", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int x = s->one_d ? pg_op_input(g, 3, (int[]){s->n, s->c, s->w})
                     : pg_op_input(g, 4, (int[]){s->n, s->c, s->h, s->w});
    int y = build(g, x, s);
    PG_ASSERT_OK(pg_graph_finalize(g));
    if (!(want & WANT_DX)) pg_graph_set_requires_grad(g, x, 0);
    if (!(want & WANT_DW)) pg_graph_set_param_grads(g, 0);

    pg_tensor *xt = pg_graph_out(g, x), *yt = pg_graph_out(g, y);
    int oh, ow;
    out_extent(s, &oh, &ow);
    CU_ASSERT_EQUAL_FATAL(yt->size, (size_t)s->n * s->oc * oh * ow);
    size_t wlen = (size_t)s->c * s->oc * s->kh * s->kw;
    pg_rng_fill_gaussian(rng, net->w, net->nw, 1.0);
    pg_rng_fill_gaussian(rng, xt->data, xt->size, 1.0);
    PG_ASSERT_OK(pg_graph_forward(g));

    /* Gradients already present must be kept: backward adds. */
    pg_graph_zero_grads(g);
    float *dx0 = malloc(xt->size * sizeof *dx0);
    float *g0 = malloc(net->nw * sizeof *g0);
    pg_rng_fill_gaussian(rng, dx0, xt->size, 1.0);
    pg_rng_fill_gaussian(rng, g0, net->nw, 1.0);
    memcpy(pg_graph_gradv(g, x), dx0, xt->size * sizeof *dx0);
    memcpy(net->g, g0, net->nw * sizeof *g0);
    float *dy = pg_graph_gradv(g, y);
    pg_rng_fill_gaussian(rng, dy, yt->size, 1.0);
    PG_ASSERT_OK(pg_graph_backward(g));

    double *ry = calloc(yt->size, sizeof *ry);
    double *rdx = calloc(xt->size, sizeof *rdx);
    double *rdw = calloc(wlen + s->oc, sizeof *rdw);
    reference(s, xt->data, net->w, s->bias ? net->w + wlen : NULL, dy, ry,
              rdx, rdw, rdw + wlen);
    /* What backward should have left: the old values plus the new ones. */
    float *gotdx = malloc(xt->size * sizeof *gotdx);
    float *gotg = malloc(net->nw * sizeof *gotg);
    for (size_t i = 0; i < xt->size; i++)
        gotdx[i] = pg_graph_gradv(g, x)[i] - dx0[i];
    for (size_t i = 0; i < net->nw; i++) gotg[i] = net->g[i] - g0[i];

    double ey = rel_err(yt->data, ry, yt->size);
    double edx = (want & WANT_DX) ? rel_err(gotdx, rdx, xt->size) : 0;
    double edw = (want & WANT_DW) ? rel_err(gotg, rdw, wlen) : 0;
    double edb = (want & WANT_DW) && s->bias ? rel_err(gotg + wlen, rdw + wlen,
                                                       (size_t)s->oc)
                                             : 0;
    /* A gradient not asked for stays exactly as it was. */
    int dx_kept = 1, g_kept = 1;
    for (size_t i = 0; i < xt->size; i++)
        if (!(want & WANT_DX) && gotdx[i] != 0.0f) dx_kept = 0;
    for (size_t i = 0; i < net->nw; i++)
        if (!(want & WANT_DW) && gotg[i] != 0.0f) g_kept = 0;
    if (ey > TOL || edx > TOL || edw > TOL || edb > TOL || !dx_kept || !g_kept)
        fprintf(stderr, "%s (want %d): y %.2e dx %.2e dW %.2e db %.2e%s%s\n",
                label, want, ey, edx, edw, edb,
                dx_kept ? "" : " dx touched", g_kept ? "" : " net grad touched");
    CU_ASSERT(ey <= TOL);
    CU_ASSERT(edx <= TOL);
    CU_ASSERT(edw <= TOL);
    CU_ASSERT(edb <= TOL);
    CU_ASSERT(dx_kept);
    CU_ASSERT(g_kept);
    free(ry); free(rdx); free(rdw); free(gotdx); free(gotg); free(dx0); free(g0);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
}

/* Shapes chosen for the code paths: images above 1024 positions run one
 * sample per GEMM (the 33x33 3x3 ones have columns matrices large enough
 * for the OpenMP loops), 20x20 images group three samples so a batch of
 * four ends with a lone sample, 1x1 windows take the direct path. */
static const shape fixed[] = {
    /* t 1d  n  c   h   w oc kh kw sh sw ph pw oph opw bias dh dw */
    {0, 0, 2, 4, 33, 33, 3, 3, 3, 1, 1, 1, 1, 0, 0, 1, 0, 0},
    {0, 0, 4, 2, 20, 20, 2, 3, 3, 1, 1, 1, 1, 0, 0, 1, 0, 0},
    {0, 0, 2, 3, 33, 33, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0},
    {0, 0, 4, 3, 20, 20, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0},
    {1, 0, 2, 2, 33, 33, 4, 3, 3, 1, 1, 1, 1, 0, 0, 1, 0, 0},
    {1, 0, 4, 2, 20, 20, 2, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {1, 0, 2, 3, 33, 33, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0},
    {1, 0, 4, 3, 20, 20, 2, 1, 1, 1, 1, 0, 0, 0, 0, 1, 0, 0},
    {0, 1, 2, 2, 1, 1500, 3, 1, 5, 1, 1, 0, 2, 0, 0, 1, 0, 0},
    {1, 1, 4, 2, 1, 400, 2, 1, 4, 1, 2, 0, 1, 0, 0, 1, 0, 0},
    /* Stride 2: the pairwise col2im (kernel columns j, j+1 together) and
     * the vectorised im2col copy, with their edge cases: dcgan64's 4x4
     * stride 2 padding 1 conv and transposed conv on grouped samples (16
     * positions per sample, so 16 samples per GEMM, and a partial group),
     * odd kernels (a lone last column), padding wider than the kernel
     * (rows that read padding only), and pairs that never overlap. */
    {0, 0, 19, 3, 8, 8, 5, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {1, 0, 19, 5, 4, 4, 3, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {0, 0, 2, 2, 11, 13, 3, 3, 5, 2, 2, 1, 2, 0, 0, 0, 0, 0},
    {1, 0, 2, 2, 5, 6, 3, 5, 3, 2, 2, 2, 1, 1, 0, 1, 0, 0},
    {0, 0, 2, 2, 5, 5, 2, 1, 2, 2, 2, 2, 2, 0, 0, 1, 0, 0},
    {1, 0, 3, 2, 3, 2, 2, 4, 4, 2, 2, 3, 3, 1, 1, 1, 0, 0},
    {0, 1, 3, 2, 1, 9, 2, 1, 4, 1, 2, 0, 3, 0, 0, 1, 0, 0},
    /* Dilated (ByteNet-style residual blocks): 1D with dilations 2 and 4
     * on grouped and lone samples, the padding that keeps L, a window
     * that reads padding only at some taps, 2D with stride and dilation
     * (no stride-2 pair path then). */
    {0, 1, 4, 3, 1, 40, 3, 1, 3, 1, 1, 0, 2, 0, 0, 1, 1, 2},
    {0, 1, 2, 2, 1, 1500, 2, 1, 3, 1, 1, 0, 4, 0, 0, 1, 1, 4},
    {0, 1, 3, 2, 1, 7, 2, 1, 3, 1, 1, 0, 6, 0, 0, 0, 1, 3},
    {0, 0, 3, 2, 9, 11, 2, 3, 3, 2, 2, 2, 1, 0, 0, 1, 2, 3},
    {0, 0, 2, 2, 33, 33, 3, 3, 3, 1, 1, 2, 2, 0, 0, 1, 2, 2},
    /* The gathering col2im (4x4 stride 2 padding 1, pg_conv_col2im_k4s2):
     * convT forward and conv dx on grouped samples with a partial group,
     * on rectangular, 1-wide and 1-pixel grids, one sample per group (32x32
     * grid), and its neighbours that must not take it (odd conv extents,
     * output padding). */
    {1, 0, 19, 6, 4, 4, 5, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {1, 0, 3, 2, 1, 3, 3, 4, 4, 2, 2, 1, 1, 0, 0, 0, 0, 0},
    {1, 0, 2, 2, 32, 32, 1, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {0, 0, 19, 5, 8, 8, 6, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {0, 0, 3, 2, 2, 6, 3, 4, 4, 2, 2, 1, 1, 0, 0, 0, 0, 0},
    {0, 0, 2, 1, 64, 64, 2, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {0, 0, 3, 2, 7, 6, 3, 4, 4, 2, 2, 1, 1, 0, 0, 1, 0, 0},
    {1, 0, 3, 2, 3, 3, 2, 4, 4, 2, 2, 1, 1, 1, 0, 1, 0, 0},
};

static void test_fixed_shapes(void)
{
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(2024, 0, PG_RNG_TEST, &rng));
    int count = (int)(sizeof fixed / sizeof fixed[0]);
    for (int i = 0; i < count; i++) check_shape(&fixed[i], rng, WANT_ALL);
    pg_rng_destroy(&rng);
}

static int uniform_int(pg_rng *r, int lo, int hi)
{
    return lo + (int)pg_rng_uniform_int(r, (unsigned long)(hi - lo + 1));
}

/* A random valid shape: small extents, kernel 1..5, stride 1..3, padding
 * 0..2, output padding below the stride. */
static shape random_shape(pg_rng *r)
{
    for (;;) {
        shape s = {.transposed = uniform_int(r, 0, 1),
                   .one_d = uniform_int(r, 0, 1), .n = uniform_int(r, 1, 4),
                   .c = uniform_int(r, 1, 4), .oc = uniform_int(r, 1, 4),
                   .w = uniform_int(r, 1, 10), .kw = uniform_int(r, 1, 5),
                   .sw = uniform_int(r, 1, 3), .pw = uniform_int(r, 0, 2),
                   .bias = uniform_int(r, 0, 3) > 0, .h = 1, .kh = 1, .sh = 1};
        /* dilation for convolutions; the 1D builder is stride 1 */
        if (!s.transposed && (!s.one_d || s.sw == 1)) {
            s.dw = uniform_int(r, 1, 3);
            if (!s.one_d) s.dh = uniform_int(r, 1, 3);
        }
        if (!s.one_d) {
            s.h = uniform_int(r, 1, 10);
            s.kh = uniform_int(r, 1, 5);
            s.sh = uniform_int(r, 1, 3);
            s.ph = uniform_int(r, 0, 2);
        }
        if (s.transposed && !s.one_d) {
            s.oph = uniform_int(r, 0, s.sh - 1);
            s.opw = uniform_int(r, 0, s.sw - 1);
        }
        int oh, ow;
        out_extent(&s, &oh, &ow);
        int fits = s.transposed
                       ? 1
                       : s.h + 2 * s.ph >= dil(s.dh) * (s.kh - 1) + 1 &&
                             s.w + 2 * s.pw >= dil(s.dw) * (s.kw - 1) + 1;
        if (fits && oh >= 1 && ow >= 1) return s;
    }
}

static void test_random_shapes(void)
{
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(77, 0, PG_RNG_TEST, &rng));
    for (int i = 0; i < 200; i++) {
        shape s = random_shape(rng);
        check_shape(&s, rng, WANT_ALL);
    }
    pg_rng_destroy(&rng);
}

/* Frozen net (no dW, db) and an input without gradient (no dx). */
static void test_partial_gradients(void)
{
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &rng));
    int picks[] = {1, 3, 5, 7, 9};
    for (int i = 0; i < 5; i++) {
        check_shape(&fixed[picks[i]], rng, WANT_DX);
        check_shape(&fixed[picks[i]], rng, WANT_DW);
    }
    for (int i = 0; i < 6; i++) {
        shape s = random_shape(rng);
        check_shape(&s, rng, i % 2 ? WANT_DX : WANT_DW);
    }
    pg_rng_destroy(&rng);
}

/* The geometries that take the gathering col2im (grid oh x ow -> image h x
 * w): dcgan64's 4x4 stride-2 padding-1 layers do; an odd image extent
 * (a conv's input, or output padding), another window, stride, padding or
 * a dilation do not, and fall back to the scatter-add (checked above). */
static void test_k4s2_geometry(void)
{
    pg_conv_geom q = {.c = 3, .h = 8, .w = 6, .kh = 4, .kw = 4, .sh = 2,
                      .sw = 2, .ph = 1, .pw = 1, .oh = 4, .ow = 3};
    CU_ASSERT(pg_conv_is_k4s2(&q));
    pg_conv_geom v = q;
    v.h = 9;
    CU_ASSERT(!pg_conv_is_k4s2(&v));
    v = q;
    v.w = 7;
    CU_ASSERT(!pg_conv_is_k4s2(&v));
    v = q;
    v.kw = 3;
    CU_ASSERT(!pg_conv_is_k4s2(&v));
    v = q;
    v.sh = 1;
    CU_ASSERT(!pg_conv_is_k4s2(&v));
    v = q;
    v.pw = 2;
    CU_ASSERT(!pg_conv_is_k4s2(&v));
    v = q;
    v.dh = 2;
    CU_ASSERT(!pg_conv_is_k4s2(&v));
}

/* ---- build errors ------------------------------------------------------ */

/* Build one layer on an input of the given shape; finalize must fail with
 * a message containing `expect`. */
typedef int (*layer_fn)(pg_graph *g, int x);

static void expect_failure(int ndim, const int *in_shape, layer_fn layer,
                           const char *expect)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_net_create("T", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int x = pg_op_input(g, ndim, in_shape);
    CU_ASSERT_EQUAL(layer(g, x), -1);
    pg_status st = pg_graph_finalize(g);
    CU_ASSERT_NOT_EQUAL(st, PG_OK);
    const char *msg = pg_error_message();
    if (!strstr(msg, expect))
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, expect);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, expect));
    pg_error_clear();
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
}

static int big_kernel(pg_graph *g, int x) { return pg_op_conv2d(g, x, 2, 6, 1, 0, 0); }
static int big_kernel_1d(pg_graph *g, int x) { return pg_op_conv1d(g, x, 2, 9, 1, 1, 0); }
static int rect_too_tall(pg_graph *g, int x)
{
    pg_attr a = {.out_ch = 2, .kh = 7, .kw = 1, .sh = 1, .sw = 1, .ph = 1};
    return pg_op_conv2d_ex(g, x, &a);
}
static int convt_empty(pg_graph *g, int x)
{
    return pg_op_conv_transpose2d(g, x, 2, 1, 1, 2, 0);
}
static int zero_stride(pg_graph *g, int x) { return pg_op_conv2d(g, x, 2, 3, 0, 1, 0); }
static int neg_pad(pg_graph *g, int x) { return pg_op_conv2d(g, x, 2, 3, 1, -1, 0); }
static int no_channels(pg_graph *g, int x) { return pg_op_conv2d(g, x, 0, 3, 1, 1, 0); }
static int bad_flags(pg_graph *g, int x) { return pg_op_conv2d(g, x, 2, 3, 1, 1, PG_AFFINE); }
static int big_output_padding(pg_graph *g, int x)
{
    pg_attr a = {.out_ch = 2, .kh = 4, .kw = 4, .sh = 2, .sw = 2, .ph = 1,
                 .pw = 1, .oph = 2};
    return pg_op_conv_transpose2d_ex(g, x, &a);
}
static int conv_output_padding(pg_graph *g, int x)
{
    pg_attr a = {.out_ch = 2, .kh = 3, .kw = 3, .sh = 2, .sw = 2, .opw = 1};
    return pg_op_conv2d_ex(g, x, &a);
}
static int conv2d_on_sequence(pg_graph *g, int x) { return pg_op_conv2d(g, x, 2, 3, 1, 1, 0); }
static int conv1d_on_image(pg_graph *g, int x) { return pg_op_conv1d(g, x, 2, 3, 1, 1, 0); }
/* k 3 at dilation 3 spans 7 > 6 */
static int dilated_too_wide(pg_graph *g, int x) { return pg_op_conv1d_dilated(g, x, 2, 3, 3, 0, 0); }
static int zero_dilation(pg_graph *g, int x) { return pg_op_conv1d_dilated(g, x, 2, 3, 0, 1, 0); }
static int negative_dilation(pg_graph *g, int x)
{
    pg_attr a = {.out_ch = 2, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .dh = -1};
    return pg_op_conv2d_ex(g, x, &a);
}
static int convt_dilated(pg_graph *g, int x)
{
    pg_attr a = {.out_ch = 2, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .dw = 2};
    return pg_op_conv_transpose2d_ex(g, x, &a);
}

static void test_build_errors(void)
{
    int img[] = {2, 3, 4, 4}, seq[] = {2, 3, 6};
    expect_failure(4, img, big_kernel, "larger than input");
    expect_failure(3, seq, big_kernel_1d, "larger than input");
    expect_failure(4, img, rect_too_tall, "larger than input");
    expect_failure(4, (int[]){1, 2, 1, 1}, convt_empty, "empty output");
    expect_failure(4, img, zero_stride, "strides must be >= 1");
    expect_failure(4, img, neg_pad, "padding must be >= 0");
    expect_failure(4, img, no_channels, "out_ch must be >= 1");
    expect_failure(4, img, bad_flags, "flags");
    expect_failure(4, img, big_output_padding, "smaller than the stride");
    expect_failure(4, img, conv_output_padding, "transposed");
    expect_failure(3, seq, conv2d_on_sequence, "expected (N, C, H, W)");
    expect_failure(4, img, conv1d_on_image, "expected (N, C, L)");
    expect_failure(3, seq, dilated_too_wide, "spanning 1x7");
    expect_failure(3, seq, zero_dilation, "dilation must be >= 1");
    expect_failure(4, img, negative_dilation, "dilation must be >= 1");
    expect_failure(4, img, convt_dilated, "dilation is for convolutions");
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_conv_reference");
    PG_TEST(s, test_fixed_shapes);
    PG_TEST(s, test_random_shapes);
    PG_TEST(s, test_partial_gradients);
    PG_TEST(s, test_k4s2_geometry);
    PG_TEST(s, test_build_errors);
}
