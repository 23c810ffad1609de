/* Nearest-neighbour and bilinear upsampling and average pooling: gradient
 * checks on images and sequences (factors 1..4; windows and strides with
 * gaps, exact tiling and overlap), hand-computed forward and backward
 * values on tiny inputs (bilinear against PyTorch's), build errors, and
 * block matching (super-resolution output consistent with its input). */
#include <stdio.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"

typedef int (*layer_fn)(pg_graph *g, int x, int p1, int p2);

static int upsample(pg_graph *g, int x, int f, int unused)
{
    (void)unused;
    return pg_op_upsample(g, x, f);
}
static int avgpool(pg_graph *g, int x, int k, int s) { return pg_op_avgpool(g, x, k, s); }
static int bilinear(pg_graph *g, int x, int f, int unused)
{
    (void)unused;
    return pg_op_upsample_bilinear(g, x, f);
}

static void gradcheck_layer(int ndim, const int *shape, layer_fn layer,
                            int p1, int p2, const int *expect_out,
                            const char *label)
{
    pg_graph *g = NULL;
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_graph_create(NULL, &g));
    PG_ASSERT_OK(pg_rng_create(31, 0, PG_RNG_TEST, &rng));
    int x = pg_op_input(g, ndim, shape);
    int y = layer(g, x, p1, p2);
    PG_ASSERT_OK(pg_graph_finalize(g));
    const pg_tensor *yt = pg_graph_out(g, y);
    CU_ASSERT_EQUAL(yt->ndim, ndim);
    for (int d = 0; d < ndim; d++) CU_ASSERT_EQUAL(yt->shape[d], expect_out[d]);
    pg_tensor *xt = pg_graph_out(g, x);
    pg_rng_fill_gaussian(rng, xt->data, xt->size, 1.0);
    CU_ASSERT_EQUAL(gc_check_graph(g, y, 1, NULL, label), 0);
    pg_graph_destroy(&g);
    pg_rng_destroy(&rng);
}

static void test_upsample_gradcheck(void)
{
    char label[64];
    for (int f = 1; f <= 3; f++) {
        snprintf(label, sizeof label, "upsample2d f%d", f);
        gradcheck_layer(4, (int[]){2, 2, 3, 4}, upsample, f, 0,
                        (int[]){2, 2, 3 * f, 4 * f}, label);
        snprintf(label, sizeof label, "upsample1d f%d", f);
        gradcheck_layer(3, (int[]){2, 3, 5}, upsample, f, 0,
                        (int[]){2, 3, 5 * f}, label);
    }
}

static void test_bilinear_gradcheck(void)
{
    char label[64];
    for (int f = 1; f <= 4; f++) {
        snprintf(label, sizeof label, "upsample_bilinear2d f%d", f);
        gradcheck_layer(4, (int[]){2, 2, 3, 4}, bilinear, f, 0,
                        (int[]){2, 2, 3 * f, 4 * f}, label);
        snprintf(label, sizeof label, "upsample_bilinear1d f%d", f);
        gradcheck_layer(3, (int[]){2, 3, 5}, bilinear, f, 0,
                        (int[]){2, 3, 5 * f}, label);
    }
}

static void test_avgpool_gradcheck(void)
{
    /* window, stride: tiling, overlap, gaps between windows, identity */
    const int ks[][2] = {{2, 2}, {3, 1}, {3, 2}, {2, 3}, {1, 1}, {4, 2}};
    char label[64];
    for (int i = 0; i < 6; i++) {
        int k = ks[i][0], s = ks[i][1];
        snprintf(label, sizeof label, "avgpool2d k%d s%d", k, s);
        gradcheck_layer(4, (int[]){2, 2, 6, 7}, avgpool, k, s,
                        (int[]){2, 2, (6 - k) / s + 1, (7 - k) / s + 1}, label);
        snprintf(label, sizeof label, "avgpool1d k%d s%d", k, s);
        gradcheck_layer(3, (int[]){2, 3, 9}, avgpool, k, s,
                        (int[]){2, 3, (9 - k) / s + 1}, label);
    }
}

/* Forward on x, then backward of dy into a gradient that starts at 1 (to
 * see that backward adds); compares with the expected y and dx. */
static void check_values(int ndim, const int *shape, layer_fn layer, int p1,
                         int p2, const float *x, const float *y_want,
                         const float *dy, const float *dx_want)
{
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_graph_create(NULL, &g));
    int xi = pg_op_input(g, ndim, shape);
    int yi = layer(g, xi, p1, p2);
    PG_ASSERT_OK(pg_graph_finalize(g));
    pg_tensor *xt = pg_graph_out(g, xi), *yt = pg_graph_out(g, yi);
    memcpy(xt->data, x, xt->size * sizeof *x);
    PG_ASSERT_OK(pg_graph_forward(g));
    for (size_t i = 0; i < yt->size; i++)
        CU_ASSERT_DOUBLE_EQUAL(yt->data[i], y_want[i], 1e-6);
    pg_graph_zero_grads(g);
    for (size_t i = 0; i < xt->size; i++) pg_graph_gradv(g, xi)[i] = 1.0f;
    memcpy(pg_graph_gradv(g, yi), dy, yt->size * sizeof *dy);
    PG_ASSERT_OK(pg_graph_backward(g));
    for (size_t i = 0; i < xt->size; i++)
        CU_ASSERT_DOUBLE_EQUAL(pg_graph_gradv(g, xi)[i], 1.0 + dx_want[i],
                               1e-6);
    pg_graph_destroy(&g);
}

static void test_upsample_values(void)
{
    /* 2x2 image, factor 2; dy numbers its 16 pixels 0..15, so each input
     * pixel collects the sum of its 2x2 block. */
    const float x[] = {1, 2, 3, 4};
    const float y[] = {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4};
    float dy[16];
    for (int i = 0; i < 16; i++) dy[i] = (float)i;
    const float dx[] = {0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13,
                        10 + 11 + 14 + 15};
    check_values(4, (int[]){1, 1, 2, 2}, upsample, 2, 0, x, y, dy, dx);

    /* Two channels of length 2, factor 3: only L is scaled. */
    const float xs[] = {1, 2, 3, 4};
    const float ys[] = {1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4};
    const float dys[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const float dxs[] = {6, 15, 24, 33};
    check_values(3, (int[]){1, 2, 2}, upsample, 3, 0, xs, ys, dys, dxs);
}

static void test_avgpool_values(void)
{
    /* 3x3 image 1..9, window 2, stride 1 (overlapping). */
    const float x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    const float y[] = {3, 4, 6, 7};
    const float dy[] = {4, 8, 12, 16};
    /* each window spreads dy/4: corners get one window, edges two, the
     * centre all four */
    const float dx[] = {1, 3, 2, 4, 10, 6, 3, 7, 4};
    check_values(4, (int[]){1, 1, 3, 3}, avgpool, 2, 1, x, y, dy, dx);

    /* Length 5, window 3, stride 2: windows [0,3) and [2,5) share x[2]. */
    const float xs[] = {1, 2, 3, 4, 8};
    const float ys[] = {2, 5};
    const float dys[] = {3, 6};
    const float dxs[] = {1, 1, 3, 2, 2};
    check_values(3, (int[]){1, 1, 5}, avgpool, 3, 2, xs, ys, dys, dxs);

    /* Window 2, stride 3 on length 7: x[2] and x[5] lie in no window. */
    const float xg[] = {1, 3, 100, 5, 7, 100, 9};
    const float yg[] = {2, 6};
    const float dyg[] = {2, 4};
    const float dxg[] = {1, 1, 0, 2, 2, 0, 0};
    check_values(3, (int[]){1, 1, 7}, avgpool, 2, 3, xg, yg, dyg, dxg);
}

static void expect_failure(int ndim, const int *shape, layer_fn layer, int p1,
                           int p2, const char *expect)
{
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_graph_create(NULL, &g));
    int x = pg_op_input(g, ndim, shape);
    CU_ASSERT_EQUAL(layer(g, x, p1, p2), -1);
    CU_ASSERT_NOT_EQUAL(pg_graph_finalize(g), PG_OK);
    const char *msg = pg_error_message();
    if (!strstr(msg, expect))
        fprintf(stderr, "message \"%s\" lacks \"%s\"\n", msg, expect);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, expect));
    pg_error_clear();
    pg_graph_destroy(&g);
}

/* PyTorch's F.interpolate(x, scale_factor=2, mode="bilinear",
 * align_corners=False) of [[0, 1], [2, 3]]: edge rows and columns clamp,
 * inner ones mix 3:1. Backward with dy = 1 everywhere gives each input
 * pixel its total weight, 4. */
static void test_bilinear_values(void)
{
    const float x[] = {0, 1, 2, 3};
    const float y[] = {0,   0.25f, 0.75f, 1,    0.5f, 0.75f, 1.25f, 1.5f,
                       1.5f, 1.75f, 2.25f, 2.5f, 2,    2.25f, 2.75f, 3};
    float dy[16];
    for (int i = 0; i < 16; i++) dy[i] = 1;
    const float dx[] = {4, 4, 4, 4};
    check_values(4, (int[]){1, 1, 2, 2}, bilinear, 2, 0, x, y, dy, dx);
}

static void test_build_errors(void)
{
    int img[] = {2, 3, 4, 5}, seq[] = {2, 3, 4}, flat[] = {2, 6};
    expect_failure(4, img, upsample, 0, 0, "expected an integer >= 1");
    expect_failure(4, img, bilinear, 0, 0, "expected an integer >= 1");
    expect_failure(2, flat, bilinear, 2, 0, "expected (N, C, H, W) or (N, C, L)");
    expect_failure(2, flat, upsample, 2, 0, "expected (N, C, H, W) or (N, C, L)");
    expect_failure(4, img, avgpool, 5, 1, "larger than input");
    expect_failure(3, seq, avgpool, 5, 2, "larger than input");
    expect_failure(4, img, avgpool, 2, 0, "expected both >= 1");
    expect_failure(2, flat, avgpool, 2, 2, "expected (N, C, H, W) or (N, C, L)");
}

/* Block matching: gradients with respect to the image and the block means
 * (factors 1..3); the output's block means are c to float rounding while
 * the detail inside each block is h's; shape errors name both shapes. */
static void test_block_match(void)
{
    char label[64];
    for (int f = 1; f <= 3; f++) {
        pg_graph *g = NULL;
        pg_rng *rng = NULL;
        PG_ASSERT_OK(pg_graph_create(NULL, &g));
        PG_ASSERT_OK(pg_rng_create(37, 0, PG_RNG_TEST, &rng));
        int h = pg_op_input(g, 4, (int[]){2, 2, 2 * f, 3 * f});
        int c = pg_op_input(g, 4, (int[]){2, 2, 2, 3});
        int y = pg_op_block_match(g, h, c, f);
        PG_ASSERT_OK(pg_graph_finalize(g));
        pg_tensor *ht = pg_graph_out(g, h), *ct = pg_graph_out(g, c);
        pg_rng_fill_gaussian(rng, ht->data, ht->size, 1.0);
        pg_rng_fill_gaussian(rng, ct->data, ct->size, 1.0);
        snprintf(label, sizeof label, "block_match f%d", f);
        CU_ASSERT_EQUAL(gc_check_graph(g, y, 1, NULL, label), 0);
        PG_ASSERT_OK(pg_graph_forward(g));
        const pg_tensor *yt = pg_graph_out(g, y);
        int W = 3 * f;
        for (int pl = 0; pl < 4; pl++)
            for (int by = 0; by < 2; by++)
                for (int bx = 0; bx < 3; bx++) {
                    const float *yp = yt->data + (size_t)pl * 2 * f * W;
                    const float *hp = ht->data + (size_t)pl * 2 * f * W;
                    double m = 0, shift = 0;
                    for (int u = 0; u < f; u++)
                        for (int v = 0; v < f; v++) {
                            size_t k = (size_t)(by * f + u) * W + bx * f + v;
                            m += yp[k] / (double)(f * f);
                            if (!u && !v) shift = yp[k] - hp[k];
                            /* one shift for the whole block */
                            CU_ASSERT_DOUBLE_EQUAL(yp[k] - hp[k], shift, 1e-5);
                        }
                    CU_ASSERT_DOUBLE_EQUAL(m, ct->data[pl * 6 + by * 3 + bx], 1e-5);
                }
        pg_graph_destroy(&g);
        pg_rng_destroy(&rng);
    }
    pg_graph *g = NULL;
    PG_ASSERT_OK(pg_graph_create(NULL, &g));
    int h = pg_op_input(g, 4, (int[]){1, 1, 8, 8});
    int c = pg_op_input(g, 4, (int[]){1, 1, 3, 4});
    CU_ASSERT_EQUAL(pg_op_block_match(g, h, c, 2), -1);
    CU_ASSERT_NOT_EQUAL(pg_graph_finalize(g), PG_OK);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "(1, 1, 3, 4)"));
    pg_error_clear();
    pg_graph_destroy(&g);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_pool");
    PG_TEST(s, test_upsample_gradcheck);
    PG_TEST(s, test_avgpool_gradcheck);
    PG_TEST(s, test_bilinear_gradcheck);
    PG_TEST(s, test_bilinear_values);
    PG_TEST(s, test_upsample_values);
    PG_TEST(s, test_avgpool_values);
    PG_TEST(s, test_build_errors);
    PG_TEST(s, test_block_match);
}
