/* Gradient checks: batch norm (training and eval mode; (N, F), (N, C, L)
 * and (N, C, H, W); frozen parameters) and instance norm (with and without
 * affine), plus their build-time argument checks. */
#include <string.h>

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

/* Random gamma/beta (away from the 1/0 init so both matter), random
 * running statistics, inputs with a non-zero mean, then the check. */
static void finish(fixture *f, int out, int training, const char *label)
{
    PG_ASSERT_OK(pg_graph_finalize(f->g));
    PG_ASSERT_OK(pg_net_init(f->net, f->rng));
    for (size_t i = 0; i < f->net->nw; i++)
        f->net->w[i] += (float)pg_rng_gaussian(f->rng, 0.5);
    /* State: running means then variances, per batch-norm node. */
    for (int i = 0; i < f->net->n_slices; i++) {
        const pg_slice *s = &f->net->slices[i];
        if (!s->is_state) continue;
        int is_var = strstr(s->name, "running_var") != NULL;
        for (size_t k = 0; k < s->len; k++)
            f->net->s[s->off + k] =
                is_var ? (float)(0.5 + pg_rng_uniform(f->rng) * 1.5)
                       : (float)pg_rng_gaussian(f->rng, 0.5);
    }
    pg_tensor *x = pg_graph_out(f->g, f->x);
    for (size_t i = 0; i < x->size; i++)
        x->data[i] = (float)(0.7 + pg_rng_gaussian(f->rng, 1.3));
    CU_ASSERT_EQUAL(gc_check_graph(f->g, out, training, NULL, label), 0);
    pg_graph_destroy(&f->g);
    pg_net_destroy(&f->net);
    pg_rng_destroy(&f->rng);
}

static const struct {
    const char *name;
    int ndim;
    int shape[4];
} bn_cases[] = {
    {"2d", 2, {5, 3}},
    {"3d", 3, {3, 2, 5}},
    {"4d", 4, {3, 3, 3, 5}},
};

static void run_batchnorm(int training, const char *mode)
{
    for (int c = 0; c < 3; c++) {
        fixture f;
        char label[64];
        snprintf(label, sizeof label, "batchnorm_%s_%s", mode, bn_cases[c].name);
        setup(&f, bn_cases[c].ndim, bn_cases[c].shape, 100 + c);
        int y = pg_op_batchnorm(f.g, f.x, 0.1f, 1e-5f);
        finish(&f, y, training, label);
    }
}

static void test_batchnorm_training(void) { run_batchnorm(1, "train"); }
static void test_batchnorm_eval(void) { run_batchnorm(0, "eval"); }

/* Frozen net: no parameter gradients, and the input gradient is still the
 * full batch-norm one (stacked with a second batch norm that gets it). */
static void test_batchnorm_frozen_stack(void)
{
    fixture f;
    setup(&f, 4, (int[]){4, 2, 3, 3}, 110);
    int h = pg_op_batchnorm(f.g, f.x, 0.1f, 1e-5f);
    int y = pg_op_batchnorm(f.g, pg_op_tanh(f.g, h), 0.1f, 1e-5f);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    pg_graph_set_param_grads(f.g, 0);
    PG_ASSERT_OK(pg_net_init(f.net, f.rng));
    pg_net_zero_grad(f.net);
    pg_tensor *x = pg_graph_out(f.g, f.x);
    pg_rng_fill_gaussian(f.rng, x->data, x->size, 1.0);
    CU_ASSERT_EQUAL(gc_check_graph(f.g, y, 1, NULL, "batchnorm_frozen"), 0);
    for (size_t i = 0; i < f.net->nw; i++) CU_ASSERT_EQUAL(f.net->g[i], 0.0f);
    pg_graph_destroy(&f.g);
    pg_net_destroy(&f.net);
    pg_rng_destroy(&f.rng);
}

static void test_instancenorm(void)
{
    const struct {
        const char *name;
        int ndim, shape[4], flags;
    } cases[] = {
        {"instancenorm_plain_4d", 4, {2, 3, 4, 5}, 0},
        {"instancenorm_affine_4d", 4, {2, 3, 3, 3}, PG_AFFINE},
        {"instancenorm_affine_3d", 3, {3, 2, 7}, PG_AFFINE},
        {"instancenorm_plain_3d", 3, {2, 3, 5}, 0},
    };
    for (int c = 0; c < 4; c++) {
        for (int training = 0; training < 2; training++) {
            fixture f;
            setup(&f, cases[c].ndim, cases[c].shape, 120 + c);
            int y = pg_op_instancenorm(f.g, f.x, 1e-5f, cases[c].flags);
            CU_ASSERT_EQUAL(f.net->nw, cases[c].flags ? 2u * cases[c].shape[1] : 0u);
            finish(&f, y, training, cases[c].name);
        }
    }
}

/* Instance norm output has zero mean and unit (biased) variance per
 * sample and channel, the same in training and eval mode. */
static void test_instancenorm_values(void)
{
    fixture f;
    setup(&f, 3, (int[]){2, 3, 6}, 130);
    int y = pg_op_instancenorm(f.g, f.x, 1e-6f, 0);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    pg_tensor *x = pg_graph_out(f.g, f.x);
    for (size_t i = 0; i < x->size; i++)
        x->data[i] = (float)(3.0 + pg_rng_gaussian(f.rng, 2.0));
    PG_ASSERT_OK(pg_graph_forward(f.g));
    const float *out = pg_graph_data(f.g, y);
    for (int r = 0; r < 6; r++) {
        double m = 0, v = 0;
        for (int k = 0; k < 6; k++) m += out[r * 6 + k];
        m /= 6;
        for (int k = 0; k < 6; k++) v += (out[r * 6 + k] - m) * (out[r * 6 + k] - m);
        CU_ASSERT_DOUBLE_EQUAL(m, 0.0, 1e-5);
        CU_ASSERT_DOUBLE_EQUAL(v / 6, 1.0, 1e-4);
    }
    float train_out[36];
    memcpy(train_out, out, sizeof train_out);
    pg_graph_set_training(f.g, 0, 0);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    CU_ASSERT_EQUAL(memcmp(train_out, out, sizeof train_out), 0);
    pg_graph_destroy(&f.g);
    pg_net_destroy(&f.net);
    pg_rng_destroy(&f.rng);
}

/* A builder given bad arguments returns -1 with a message naming the op,
 * and finalize reports the expected status. */
static void expect_build_error(pg_graph *g, int id, pg_status want,
                               const char *who)
{
    CU_ASSERT_EQUAL(id, -1);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), who));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "expected"));
    CU_ASSERT_EQUAL(pg_graph_finalize(g), want);
    pg_error_clear();
}

static void test_build_errors(void)
{
    const int bad = 5;
    for (int k = 0; k < bad; k++) {
        pg_net *net = NULL;
        pg_graph *g = NULL;
        PG_ASSERT_OK(pg_net_create("T", &net));
        PG_ASSERT_OK(pg_graph_create(net, &g));
        int x4 = pg_op_input(g, 4, (int[]){2, 3, 4, 4});
        int x2 = pg_op_input(g, 2, (int[]){2, 3});
        switch (k) {
        case 0:
            expect_build_error(g, pg_op_batchnorm(g, x4, 1.5f, 1e-5f),
                               PG_ERR_ARG, "batchnorm");
            break;
        case 1:
            expect_build_error(g, pg_op_batchnorm(g, x4, 0.1f, 0.0f),
                               PG_ERR_ARG, "batchnorm");
            break;
        case 2:
            expect_build_error(g, pg_op_instancenorm(g, x2, 1e-5f, 0),
                               PG_ERR_SHAPE, "instancenorm");
            break;
        case 3:
            expect_build_error(g, pg_op_instancenorm(g, x4, -1.0f, PG_AFFINE),
                               PG_ERR_ARG, "instancenorm");
            break;
        case 4:
            expect_build_error(g, pg_op_instancenorm(g, x4, 1e-5f, PG_HARD),
                               PG_ERR_ARG, "instancenorm");
            break;
        }
        pg_graph_destroy(&g);
        pg_net_destroy(&net);
    }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_norm");
    PG_TEST(s, test_batchnorm_training);
    PG_TEST(s, test_batchnorm_eval);
    PG_TEST(s, test_batchnorm_frozen_stack);
    PG_TEST(s, test_instancenorm);
    PG_TEST(s, test_instancenorm_values);
    PG_TEST(s, test_build_errors);
}
