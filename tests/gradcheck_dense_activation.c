/* Gradient checks: dense (with and without bias and spectral norm) and the
 * pointwise activations. */
#include <math.h>
#include <stdio.h>

#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"

typedef struct fixture {
    pg_net *net;
    pg_graph *g;
    pg_rng *rng;
    int x;
} fixture;

static void setup(fixture *f, int ndim, const int *shape, uint64_t seed)
{
    PG_ASSERT_OK(pg_net_create("T", &f->net));
    PG_ASSERT_OK(pg_graph_create(f->net, &f->g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &f->rng));
    f->x = pg_op_input(f->g, ndim, shape);
}

static void finish(fixture *f, int out, int training, const char *label,
                   const double *kinks, int nk)
{
    PG_ASSERT_OK(pg_graph_finalize(f->g));
    PG_ASSERT_OK(pg_net_init(f->net, f->rng));
    /* Non-zero biases so they matter. */
    for (size_t i = 0; i < f->net->nw; i++)
        if (f->net->w[i] == 0.0f) f->net->w[i] = (float)pg_rng_gaussian(f->rng, 0.3);
    pg_tensor *x = pg_graph_out(f->g, f->x);
    gc_fill_away(f->rng, x->data, x->size, kinks, nk, kinks ? 0.05 : 0);
    CU_ASSERT_EQUAL(gc_check_graph(f->g, out, training, NULL, label), 0);
    pg_graph_destroy(&f->g);
    pg_net_destroy(&f->net);
    pg_rng_destroy(&f->rng);
}

static void test_dense(void)
{
    fixture f;
    setup(&f, 2, (int[]){3, 7}, 1);
    int y = pg_op_dense(f.g, f.x, 5, 0);
    finish(&f, y, 1, "dense", NULL, 0);
}

static void test_dense_flattens_images(void)
{
    fixture f;
    setup(&f, 4, (int[]){2, 3, 2, 3}, 2);
    int y = pg_op_dense(f.g, f.x, 4, PG_NO_BIAS);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[1], 4);
    finish(&f, y, 1, "dense_nobias_flatten", NULL, 0);
}

static void test_dense_spectral_norm(void)
{
    fixture f;
    setup(&f, 2, (int[]){4, 6}, 3);
    int y = pg_op_dense(f.g, f.x, 3, PG_SPECTRAL_NORM);
    finish(&f, y, 1, "dense_sn", NULL, 0);
}

static void test_activations(void)
{
    const double zero[] = {0.0};
    struct { const char *name; int which; } cases[] = {
        {"relu", 0}, {"leaky_relu", 1}, {"tanh", 2}, {"sigmoid", 3}};
    for (int c = 0; c < 4; c++) {
        fixture f;
        setup(&f, 4, (int[]){2, 3, 3, 5}, 10 + c);
        int y = -1;
        switch (cases[c].which) {
        case 0: y = pg_op_relu(f.g, f.x); break;
        case 1: y = pg_op_leaky_relu(f.g, f.x, 0.2f); break;
        case 2: y = pg_op_tanh(f.g, f.x); break;
        case 3: y = pg_op_sigmoid(f.g, f.x); break;
        }
        finish(&f, y, 1, cases[c].name, zero, 1);
    }
}

/* tanh's forward (one expf, a series near 0) against double tanh over
 * the range, including both sides of the series cut at |x| = 0.1, tiny
 * inputs, saturation and the sign: within 1e-6 relative. */
static void test_tanh_accuracy(void)
{
    enum { N = 4001 };
    pg_net *net;
    pg_graph *g;
    PG_ASSERT_OK(pg_net_create("T", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int x = pg_op_input(g, 1, (int[]){N});
    int y = pg_op_tanh(g, x);
    PG_ASSERT_OK(pg_graph_finalize(g));
    float *in = pg_graph_out(g, x)->data;
    for (int i = 0; i < N; i++) in[i] = (float)(i - N / 2) * 0.005f; /* +-10 */
    in[0] = 1e-30f;
    in[1] = -0.1f;
    in[2] = 0.0999999f;
    in[3] = 40.0f;
    PG_ASSERT_OK(pg_graph_forward(g));
    const float *out = pg_graph_out(g, y)->data;
    double worst = 0;
    for (int i = 0; i < N; i++) {
        double want = tanh((double)in[i]);
        double err = want == 0 ? fabs(out[i]) : fabs(out[i] - want) / fabs(want);
        if (err > worst) worst = err;
    }
    CU_ASSERT(worst < 1e-6);
    CU_ASSERT_EQUAL(out[3], 1.0f);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
}

/* The checker must be able to fail: f(x) = sum x^3 with a gradient that
 * is off by a factor of two is rejected; the correct one is accepted. */
static double cube(void *ctx, const float *x, float *grad)
{
    double scale = *(const double *)ctx, f = 0;
    for (int i = 0; i < 5; i++) {
        f += (double)x[i] * x[i] * x[i];
        if (grad) grad[i] = (float)(scale * 3.0 * x[i] * x[i]);
    }
    return f;
}

static void test_gradcheck_detects_error(void)
{
    float x[5] = {0.5f, -1.0f, 1.5f, 0.7f, -0.3f};
    double right = 1.0, wrong = 2.0;
    CU_ASSERT_EQUAL(gc_check_function(cube, &right, x, 5, NULL, "cube"), 0);
    fprintf(stderr, "(the next gradcheck failure is expected)\n");
    CU_ASSERT_EQUAL(gc_check_function(cube, &wrong, x, 5, NULL, "cube_wrong"), 5);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_dense_activation");
    PG_TEST(s, test_dense);
    PG_TEST(s, test_dense_flattens_images);
    PG_TEST(s, test_dense_spectral_norm);
    PG_TEST(s, test_activations);
    PG_TEST(s, test_tanh_accuracy);
    PG_TEST(s, test_gradcheck_detects_error);
}
