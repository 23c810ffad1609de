/* U-Net / PatchGAN shapes and build errors, the SR pair builder's block
 * averaging and normalisation, and the bicubic baseline on smooth
 * fields. */
#include <math.h>

#include "physics/terrain/terrain_sr_pairs.h"
#include "models/patchgan.h"
#include "models/unet.h"
#include "nn/ops.h"
#include "physics/terrain/terrain_bicubic.h"
#include "runner.h"

static void test_shapes(void)
{
    pg_net *net;
    pg_graph *g;
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int c = pg_op_input(g, 4, (int[]){3, 1, 8, 8});
    pg_unet_spec s = {1, 4, 3, PG_UPSAMPLE_TRANSPOSE};
    int y = pg_unet_sr_generator(g, c, 4, 0, &s);
    int x = pg_op_input(g, 4, (int[]){3, 1, 32, 32});
    pg_patchgan_spec ps = {4, 3};
    int feat;
    int d = pg_patchgan_build(g, pg_op_upsample(g, c, 4), x, &ps, &feat);
    PG_ASSERT_OK(pg_graph_finalize(g));
    const pg_tensor *t = pg_graph_out(g, y);
    CU_ASSERT_EQUAL(t->shape[0], 3);
    CU_ASSERT_EQUAL(t->shape[1], 1);
    CU_ASSERT_EQUAL(t->shape[2], 32);
    CU_ASSERT_EQUAL(t->shape[3], 32);
    t = pg_graph_out(g, d);
    CU_ASSERT_EQUAL(t->shape[1], 1);
    CU_ASSERT_EQUAL(t->shape[2], 4);
    CU_ASSERT_EQUAL(t->shape[3], 4);
    CU_ASSERT_EQUAL(pg_graph_out(g, feat)->shape[1], 16);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
}

/* An untrained SR generator with zeroed last layer returns the nearest
 * upsampled input exactly (the residual design). */
static void test_sr_residual_identity(void)
{
    pg_net *net;
    pg_graph *g;
    pg_rng *rng;
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &rng));
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int c = pg_op_input(g, 4, (int[]){1, 1, 4, 4});
    pg_unet_spec s = {1, 2, 2, PG_UPSAMPLE_TRANSPOSE};
    int y = pg_unet_sr_generator(g, c, 4, 0, &s);
    PG_ASSERT_OK(pg_graph_finalize(g));
    PG_ASSERT_OK(pg_net_init(net, rng));
    /* The last slices are the output convT's weight and bias. */
    const pg_slice *w = &net->slices[net->n_slices - 2];
    const pg_slice *b = &net->slices[net->n_slices - 1];
    for (size_t i = 0; i < w->len; i++) net->w[w->off + i] = 0;
    for (size_t i = 0; i < b->len; i++) net->w[b->off + i] = 0;
    float *in = pg_graph_data(g, c);
    for (int i = 0; i < 16; i++) in[i] = (float)(i - 7) / 8.0f;
    PG_ASSERT_OK(pg_graph_forward(g));
    const float *out = pg_graph_data(g, y);
    for (int p = 0; p < 16; p++)
        for (int q = 0; q < 16; q++)
            CU_ASSERT_EQUAL(out[p * 16 + q], in[(p / 4) * 4 + q / 4]);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&rng);
}

static void test_build_errors(void)
{
    pg_net *net;
    pg_graph *g;
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int x = pg_op_input(g, 4, (int[]){1, 1, 12, 12});
    pg_unet_spec s = {1, 4, 3, PG_UPSAMPLE_TRANSPOSE}; /* 12 is not divisible by 8 */
    CU_ASSERT_EQUAL(pg_unet_build(g, x, &s), -1);
    CU_ASSERT_EQUAL(pg_graph_finalize(g), PG_ERR_SHAPE);
    pg_error_clear();
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
}

static void test_downsample(void)
{
    float fine[2 * 8 * 8], coarse[2 * 2 * 2];
    for (int s = 0; s < 2; s++)
        for (int i = 0; i < 8; i++)
            for (int j = 0; j < 8; j++)
                fine[s * 64 + i * 8 + j] = (float)(100 * s + 10 * i + j);
    PG_ASSERT_OK(pg_terrain_sr_downsample(fine, 2, 8, 8, 4, coarse));
    /* Block (0,0): mean of 10 i + j over i, j in 0..3 = 15 + 1.5. */
    CU_ASSERT_DOUBLE_EQUAL(coarse[0], 16.5, 1e-5);
    CU_ASSERT_DOUBLE_EQUAL(coarse[1], 20.5, 1e-5);
    CU_ASSERT_DOUBLE_EQUAL(coarse[2], 56.5, 1e-5);
    CU_ASSERT_DOUBLE_EQUAL(coarse[7], 100 + 60.5, 1e-5);
    CU_ASSERT_EQUAL(pg_terrain_sr_downsample(fine, 1, 8, 6, 4, coarse),
                    PG_ERR_ARG);
    pg_error_clear();
    /* Normalisation by the coarse range: coarse into [-1, 1]. */
    double mid[2], half[2];
    pg_terrain_sr_normalize(coarse, 4, fine, 64, 2, mid, half);
    CU_ASSERT_DOUBLE_EQUAL(mid[0], 0.5 * (16.5 + 60.5), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(half[0], 0.5 * (60.5 - 16.5), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(coarse[0], -1.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(coarse[3], 1.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(fine[0], (0 - mid[0]) / half[0], 1e-6);
}

enum { C = 8, F = 4, N = C * F };

/* fine = f on the N x N grid, coarse its F x F block averages, and a
 * bicubic workspace for them. */
static pg_terrain_bicubic *sample(double (*f)(double, double), float *fine,
                                  float *coarse)
{
    for (int p = 0; p < N; p++)
        for (int q = 0; q < N; q++) fine[p * N + q] = (float)f(q, p);
    pg_terrain_bicubic *b = NULL;
    PG_ASSERT_OK(pg_terrain_sr_downsample(fine, 1, N, N, F, coarse));
    PG_ASSERT_OK(pg_terrain_bicubic_create(C, C, F, &b));
    return b;
}

/* Coarse block averages of f, upsampled by bicubic, against f. */
static double bicubic_error(double (*f)(double, double), int interior)
{
    float fine[N * N], coarse[C * C], up[N * N];
    pg_terrain_bicubic *b = sample(f, fine, coarse);
    PG_ASSERT_OK(pg_terrain_bicubic_upsample(b, coarse, up));
    pg_terrain_bicubic_destroy(&b);
    CU_ASSERT_PTR_NULL(b);
    double worst = 0;
    int lo = interior ? 2 * F : 0, hi = interior ? N - 2 * F : N;
    for (int p = lo; p < hi; p++)
        for (int q = lo; q < hi; q++) {
            double e = fabs((double)up[p * N + q] - (double)fine[p * N + q]);
            worst = e > worst ? e : worst;
        }
    return worst;
}

static double plane(double x, double y) { return 300 + 2.5 * x - 1.25 * y; }
static double quad(double x, double y)
{
    return 0.05 * (x - 10) * (x - 10) + 0.03 * (y - 12) * (y - 12);
}
static double bumpy(double x, double y) { return 10 * sin(x) * cos(y); }

static void test_bicubic(void)
{
    /* A plane: block averages are centre values, reproduced exactly
     * everywhere, extrapolated borders included. */
    CU_ASSERT(bicubic_error(plane, 0) < 1e-3);
    /* A quadratic: the block average exceeds the centre value by the
     * constant (F^2 - 1)/12 (a + b) = 0.1 m here; the interpolation itself
     * adds little in the interior. */
    double e = bicubic_error(quad, 1);
    CU_ASSERT(e < 0.15);
    CU_ASSERT(e > 0.05);
    /* Detail finer than the coarse cells is lost: a large error. */
    CU_ASSERT(bicubic_error(bumpy, 1) > 1.0);
    pg_terrain_bicubic *b = NULL;
    CU_ASSERT_EQUAL(pg_terrain_bicubic_create(3, 8, 4, &b), PG_ERR_ARG);
    pg_error_clear();
}

/* Back-projection on the quadratic: the block means of the result
 * approach the coarse values (the bicubic patch misses them by about the
 * 0.1 m of the quadratic's curvature term), and the fine error drops. */
static void test_backprojection(void)
{
    float fine[N * N], coarse[C * C], up[N * N], bp[N * N], means[C * C];
    pg_terrain_bicubic *b = sample(quad, fine, coarse);
    PG_ASSERT_OK(pg_terrain_bicubic_upsample(b, coarse, up));
    PG_ASSERT_OK(pg_terrain_bicubic_backproject(b, coarse, 0, bp));
    for (int k = 0; k < N * N; k++) CU_ASSERT_EQUAL(bp[k], up[k]);
    PG_ASSERT_OK(pg_terrain_bicubic_backproject(
        b, coarse, PG_TERRAIN_BACKPROJECT_ITERS, bp));
    pg_terrain_bicubic_destroy(&b);
    double miss_up = 0, miss_bp = 0, err_up = 0, err_bp = 0;
    PG_ASSERT_OK(pg_terrain_sr_downsample(up, 1, N, N, F, means));
    for (int k = 0; k < C * C; k++)
        miss_up = fmax(miss_up, fabs(means[k] - coarse[k]));
    PG_ASSERT_OK(pg_terrain_sr_downsample(bp, 1, N, N, F, means));
    for (int k = 0; k < C * C; k++)
        miss_bp = fmax(miss_bp, fabs(means[k] - coarse[k]));
    for (int p = 2 * F; p < N - 2 * F; p++)
        for (int q = 2 * F; q < N - 2 * F; q++) {
            err_up = fmax(err_up, fabs(up[p * N + q] - fine[p * N + q]));
            err_bp = fmax(err_bp, fabs(bp[p * N + q] - fine[p * N + q]));
        }
    CU_ASSERT(miss_up > 0.05);
    CU_ASSERT(miss_bp < 0.01 * miss_up);
    CU_ASSERT(err_bp < 0.5 * err_up);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_unet_sr");
    PG_TEST(s, test_shapes);
    PG_TEST(s, test_sr_residual_identity);
    PG_TEST(s, test_build_errors);
    PG_TEST(s, test_downsample);
    PG_TEST(s, test_bicubic);
    PG_TEST(s, test_backprojection);
}
