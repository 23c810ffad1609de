/* Gradient checks of conv2d, conv_transpose2d, conv1d and
 * conv_transpose1d over a table of shapes: odd extents, kernels 1/3/4/5,
 * strides 1/2/3, padding 0/1/2, rectangular kernels, output padding, batch
 * 1 (one sample per GEMM) and 3 (samples grouped into one GEMM), no bias,
 * spectral norm, dilation, the gathering col2im of 4x4 stride-2 windows.
 * Default tolerances throughout: the ops are linear in the
 * input and the weight, so central differences are exact up to rounding. */
#include <stdio.h>

#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"

typedef enum kind { CONV2D, CONVT2D, CONV1D, CONVT1D } kind;

typedef struct conv_case {
    const char *label;
    kind op;
    int n, c, h, w; /* h ignored for 1D: input (n, c, w) */
    int oc, kh, kw, sh, sw, ph, pw, oph, opw, flags;
} conv_case;

/* 2D cases go through the _ex builders; 1D through conv1d/transpose1d,
 * which take kw, sw, pw. */
static const conv_case cases[] = {
    {"conv k3 s1 p1 5x7 n1", CONV2D, 1, 2, 5, 7, 3, 3, 3, 1, 1, 1, 1, 0, 0, 0},
    {"conv k3 s2 p0 5x7 n3", CONV2D, 3, 2, 5, 7, 2, 3, 3, 2, 2, 0, 0, 0, 0, 0},
    {"conv k4 s2 p1 6x5 n3", CONV2D, 3, 2, 6, 5, 2, 4, 4, 2, 2, 1, 1, 0, 0, 0},
    {"conv k5 s3 p2 7x8 n1", CONV2D, 1, 1, 7, 8, 2, 5, 5, 3, 3, 2, 2, 0, 0, 0},
    {"conv k1 direct n1", CONV2D, 1, 3, 4, 5, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0},
    {"conv k1 direct n3", CONV2D, 3, 3, 3, 5, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0},
    {"conv k1 s2 p1 n3", CONV2D, 3, 2, 5, 5, 2, 1, 1, 2, 2, 1, 1, 0, 0, 0},
    {"conv rect 2x3 s1x2 p0x1", CONV2D, 3, 2, 5, 7, 3, 2, 3, 1, 2, 0, 1, 0, 0, 0},
    {"conv rect 5x1 s3x1 p2x0", CONV2D, 1, 2, 7, 3, 2, 5, 1, 3, 1, 2, 0, 0, 0, 0},
    {"conv no bias", CONV2D, 3, 2, 5, 5, 3, 3, 3, 1, 1, 1, 1, 0, 0, PG_NO_BIAS},
    {"conv spectral norm", CONV2D, 3, 2, 5, 6, 3, 3, 3, 2, 2, 1, 1, 0, 0,
     PG_SPECTRAL_NORM},
    {"conv sn no bias n1", CONV2D, 1, 2, 5, 5, 2, 4, 4, 2, 2, 1, 1, 0, 0,
     PG_SPECTRAL_NORM | PG_NO_BIAS},
    /* 4x4 stride 2 padding 1 on even extents: dx through the gathering
     * col2im (pg_conv_col2im_k4s2), with and without spectral norm */
    {"conv k4 s2 p1 6x8 n3 k4s2", CONV2D, 3, 2, 6, 8, 3, 4, 4, 2, 2, 1, 1,
     0, 0, 0},
    {"conv k4 s2 p1 4x2 n2 sn k4s2", CONV2D, 2, 3, 4, 2, 2, 4, 4, 2, 2, 1,
     1, 0, 0, PG_SPECTRAL_NORM},

    {"convt k4 s2 p1 3x4 n3", CONVT2D, 3, 2, 3, 4, 2, 4, 4, 2, 2, 1, 1, 0, 0, 0},
    {"convt k4 s2 p1 1x1 n1 k4s2", CONVT2D, 1, 3, 1, 1, 2, 4, 4, 2, 2, 1,
     1, 0, 0, 0},
    {"convt k4 s2 p1 op1 n2 (col2im)", CONVT2D, 2, 2, 3, 2, 2, 4, 4, 2, 2, 1,
     1, 1, 1, 0},
    {"convt k3 s1 p1 5x7 n1", CONVT2D, 1, 2, 5, 7, 2, 3, 3, 1, 1, 1, 1, 0, 0, 0},
    {"convt k5 s3 p2 op2 n1", CONVT2D, 1, 2, 3, 2, 2, 5, 5, 3, 3, 2, 2, 2, 2, 0},
    {"convt k3 s2 p0 op1 n3", CONVT2D, 3, 1, 3, 3, 2, 3, 3, 2, 2, 0, 0, 1, 1, 0},
    {"convt k1 direct n1", CONVT2D, 1, 3, 4, 5, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0},
    {"convt k1 direct n3", CONVT2D, 3, 3, 3, 3, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0},
    {"convt rect 3x2 s2x1 p1x0 op1x0", CONVT2D, 3, 2, 3, 4, 2, 3, 2, 2, 1, 1,
     0, 1, 0, 0},
    {"convt no bias", CONVT2D, 3, 2, 3, 3, 2, 4, 4, 2, 2, 1, 1, 0, 0,
     PG_NO_BIAS},
    {"convt spectral norm", CONVT2D, 3, 3, 3, 3, 2, 4, 4, 2, 2, 1, 1, 0, 0,
     PG_SPECTRAL_NORM},

    {"conv1d k3 s1 p1 L9 n3", CONV1D, 3, 2, 1, 9, 3, 1, 3, 1, 1, 0, 1, 0, 0, 0},
    {"conv1d k4 s2 p1 L10 n1", CONV1D, 1, 3, 1, 10, 2, 1, 4, 1, 2, 0, 1, 0, 0, 0},
    {"conv1d k5 s3 p2 L11 n3", CONV1D, 3, 2, 1, 11, 2, 1, 5, 1, 3, 0, 2, 0, 0, 0},
    {"conv1d k1 direct n1", CONV1D, 1, 3, 1, 7, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0},
    {"conv1d spectral norm", CONV1D, 3, 2, 1, 8, 3, 1, 3, 1, 2, 0, 1, 0, 0,
     PG_SPECTRAL_NORM},

    {"convt1d k4 s2 p1 L5 n3", CONVT1D, 3, 2, 1, 5, 2, 1, 4, 1, 2, 0, 1, 0, 0, 0},
    {"convt1d k3 s1 p1 L6 n1", CONVT1D, 1, 2, 1, 6, 3, 1, 3, 1, 1, 0, 1, 0, 0, 0},
    {"convt1d k5 s3 p2 L4 n3", CONVT1D, 3, 2, 1, 4, 2, 1, 5, 1, 3, 0, 2, 0, 0, 0},
    {"convt1d k1 direct n3", CONVT1D, 3, 3, 1, 5, 2, 1, 1, 1, 1, 0, 0, 0, 0, 0},
    {"convt1d no bias sn", CONVT1D, 1, 2, 1, 5, 3, 1, 4, 1, 2, 0, 1, 0, 0,
     PG_NO_BIAS | PG_SPECTRAL_NORM},
};

/* Output extent by the documented formulas, to check the built shape. */
static int expected_extent(const conv_case *k, int in, int kk, int s, int p,
                           int op)
{
    int t = k->op == CONVT2D || k->op == CONVT1D;
    return t ? (in - 1) * s - 2 * p + kk + op : (in + 2 * p - kk) / s + 1;
}

static int build(pg_graph *g, int x, const conv_case *k)
{
    pg_attr a = {.out_ch = k->oc, .kh = k->kh, .kw = k->kw, .sh = k->sh,
                 .sw = k->sw, .ph = k->ph, .pw = k->pw, .oph = k->oph,
                 .opw = k->opw, .flags = k->flags};
    switch (k->op) {
    case CONV2D: return pg_op_conv2d_ex(g, x, &a);
    case CONVT2D: return pg_op_conv_transpose2d_ex(g, x, &a);
    case CONV1D: return pg_op_conv1d(g, x, k->oc, k->kw, k->sw, k->pw, k->flags);
    case CONVT1D:
        return pg_op_conv_transpose1d(g, x, k->oc, k->kw, k->sw, k->pw,
                                      k->flags);
    }
    return -1;
}

/* Random parameters and input, then the central-difference check of y;
 * returns the number of mismatches (printed with label). */
static int fill_and_check(pg_net *net, pg_graph *g, int x, int y, pg_rng *rng,
                          const char *label)
{
    PG_ASSERT_OK(pg_net_init(net, rng));
    pg_rng_fill_gaussian(rng, net->w, net->nw, 0.5);
    pg_tensor *xt = pg_graph_out(g, x);
    pg_rng_fill_gaussian(rng, xt->data, xt->size, 1.0);
    int bad = gc_check_graph(g, y, 1, NULL, label);
    if (bad) fprintf(stderr, "case failed: %s\n", label);
    return bad;
}

static void check_case(const conv_case *k, uint64_t seed)
{
    int one_d = k->op == CONV1D || k->op == CONVT1D;
    pg_net *net = NULL;
    pg_graph *g = NULL;
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_net_create("T", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &rng));
    int x = one_d ? pg_op_input(g, 3, (int[]){k->n, k->c, k->w})
                  : pg_op_input(g, 4, (int[]){k->n, k->c, k->h, k->w});
    int y = build(g, x, k);
    PG_ASSERT_OK(pg_graph_finalize(g));

    const pg_tensor *yt = pg_graph_out(g, y);
    CU_ASSERT_EQUAL(yt->ndim, one_d ? 3 : 4);
    CU_ASSERT_EQUAL(yt->shape[0], k->n);
    CU_ASSERT_EQUAL(yt->shape[1], k->oc);
    CU_ASSERT_EQUAL(yt->shape[yt->ndim - 1],
                    expected_extent(k, k->w, k->kw, k->sw, k->pw, k->opw));
    if (!one_d)
        CU_ASSERT_EQUAL(yt->shape[2],
                        expected_extent(k, k->h, k->kh, k->sh, k->ph, k->oph));
    size_t wlen = (size_t)k->oc * k->c * k->kh * k->kw;
    size_t blen = k->flags & PG_NO_BIAS ? 0 : (size_t)k->oc;
    CU_ASSERT_EQUAL(net->nw, wlen + blen);

    CU_ASSERT_EQUAL(fill_and_check(net, g, x, y, rng, k->label), 0);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&rng);
}

static void run_kind(kind op)
{
    int count = (int)(sizeof cases / sizeof cases[0]);
    for (int i = 0; i < count; i++)
        if (cases[i].op == op) check_case(&cases[i], 100 + (uint64_t)i);
}

static void test_conv2d(void) { run_kind(CONV2D); }
static void test_conv_transpose2d(void) { run_kind(CONVT2D); }
static void test_conv1d(void) { run_kind(CONV1D); }
static void test_conv_transpose1d(void) { run_kind(CONVT1D); }

/* Dilated convolutions: the 1D builder (dilations 2 and 3, the padding
 * that keeps the length, grouped and lone samples, spectral norm) and
 * conv2d_ex with dilation and stride, against central differences. */
static void check_dilated(const char *label, int one_d, int n, int c, int h,
                          int w, const pg_attr *a, uint64_t seed)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_net_create("T", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &rng));
    int x = one_d ? pg_op_input(g, 3, (int[]){n, c, w})
                  : pg_op_input(g, 4, (int[]){n, c, h, w});
    int y = one_d ? pg_op_conv1d_dilated(g, x, a->out_ch, a->kw, a->dw, a->pw,
                                         a->flags)
                  : pg_op_conv2d_ex(g, x, a);
    PG_ASSERT_OK(pg_graph_finalize(g));
    const pg_tensor *yt = pg_graph_out(g, y);
    CU_ASSERT_EQUAL(yt->shape[yt->ndim - 1],
                    (w + 2 * a->pw - a->dw * (a->kw - 1) - 1) / a->sw + 1);
    CU_ASSERT_EQUAL(fill_and_check(net, g, x, y, rng, label), 0);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&rng);
}

static void test_conv_dilated(void)
{
    pg_attr d2 = {.out_ch = 3, .kw = 3, .sw = 1, .pw = 2, .dw = 2};
    check_dilated("conv1d k3 d2 p2 L9 n3", 1, 3, 2, 1, 9, &d2, 301);
    pg_attr d3 = {.out_ch = 2, .kw = 3, .sw = 1, .pw = 3, .dw = 3,
                  .flags = PG_SPECTRAL_NORM};
    check_dilated("conv1d k3 d3 p3 L8 n1 sn", 1, 1, 3, 1, 8, &d3, 302);
    pg_attr d4 = {.out_ch = 2, .kw = 2, .sw = 1, .pw = 0, .dw = 4,
                  .flags = PG_NO_BIAS};
    check_dilated("conv1d k2 d4 p0 L7 n2 nobias", 1, 2, 2, 1, 7, &d4, 303);
    pg_attr d2d = {.out_ch = 2, .kh = 3, .kw = 3, .sh = 2, .sw = 2, .ph = 2,
                   .pw = 1, .dh = 2, .dw = 3};
    check_dilated("conv2d k3 s2 d2x3 7x9 n3", 0, 3, 2, 7, 9, &d2d, 304);
}

/* Two stacked layers: the first conv's backward receives a gradient that
 * the second one accumulated, and both share the scratch buffer. */
static void test_conv_stack(void)
{
    pg_net *net = NULL;
    pg_graph *g = NULL;
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_net_create("T", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &rng));
    int x = pg_op_input(g, 4, (int[]){2, 2, 5, 5});
    int h = pg_op_conv2d(g, x, 3, 3, 2, 1, PG_SPECTRAL_NORM);
    int y = pg_op_conv_transpose2d(g, h, 2, 4, 2, 1, 0);
    PG_ASSERT_OK(pg_graph_finalize(g));
    PG_ASSERT_OK(pg_net_init(net, rng));
    pg_rng_fill_gaussian(rng, net->w, net->nw, 0.5);
    pg_tensor *xt = pg_graph_out(g, x);
    pg_rng_fill_gaussian(rng, xt->data, xt->size, 1.0);
    CU_ASSERT_EQUAL(gc_check_graph(g, y, 1, NULL, "conv then convt"), 0);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&rng);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_conv");
    PG_TEST(s, test_conv2d);
    PG_TEST(s, test_conv_transpose2d);
    PG_TEST(s, test_conv1d);
    PG_TEST(s, test_conv_transpose1d);
    PG_TEST(s, test_conv_stack);
    PG_TEST(s, test_conv_dilated);
}
