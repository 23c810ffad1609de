/* Gradient checks of small U-Net, SR generator and PatchGAN instances:
 * every input element and parameter through the whole graph (skip
 * concatenations, instance norms, transposed convs, the residual add). */
#include "gradcheck.h"
#include "models/patchgan.h"
#include "models/unet.h"
#include "models/upsample_block.h"
#include "nn/ops.h"
#include "runner.h"

typedef struct fixture {
    pg_net *net;
    pg_graph *g;
    pg_rng *rng;
} fixture;

static void setup(fixture *f, uint64_t seed)
{
    PG_ASSERT_OK(pg_net_create("T", &f->net));
    PG_ASSERT_OK(pg_graph_create(f->net, &f->g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &f->rng));
}

/* eps: small enough that few leaky-ReLU pre-activations cross zero when a
 * first-layer weight (which moves all of them) is perturbed. */
static void finish(fixture *f, int out, const char *label, double eps)
{
    CU_ASSERT_FATAL(out >= 0);
    PG_ASSERT_OK(pg_graph_finalize(f->g));
    PG_ASSERT_OK(pg_net_init(f->net, f->rng));
    /* Perturb the 1/0 norm and bias inits so every parameter matters. */
    for (size_t i = 0; i < f->net->nw; i++)
        f->net->w[i] += (float)pg_rng_gaussian(f->rng, 0.3);
    for (int n = 0; n < f->g->n_nodes; n++)
        if (f->g->nodes[n].op == PG_OP_INPUT) {
            pg_tensor *x = pg_graph_out(f->g, n);
            for (size_t i = 0; i < x->size; i++)
                x->data[i] = (float)pg_rng_gaussian(f->rng, 1.0);
        }
    gc_opts o = {.eps = eps, .atol = 5e-3, .rtol = 5e-2};
    CU_ASSERT_EQUAL(gc_check_graph(f->g, out, 1, &o, label), 0);
    pg_graph_destroy(&f->g);
    pg_net_destroy(&f->net);
    pg_rng_destroy(&f->rng);
}

/* A depth-2 U-Net on 8 x 8, decoder doublings by mode up. */
static void unet_case(uint64_t seed, int up, const char *label)
{
    fixture f;
    setup(&f, seed);
    int x = pg_op_input(f.g, 4, (int[]){2, 1, 8, 8});
    pg_unet_spec s = {1, 2, 2, up};
    int y = pg_unet_build(f.g, x, &s);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[2], 8);
    finish(&f, y, label, 2e-3);
}

static void test_unet(void)
{
    unet_case(11, PG_UPSAMPLE_TRANSPOSE, "unet_depth2");
}

/* The same U-Net with bilinear resize-convolution in the decoder. */
static void test_unet_bilinear(void)
{
    unet_case(14, PG_UPSAMPLE_BILINEAR, "unet_depth2_bilinear");
}

static void test_unet_sr(void)
{
    fixture f;
    setup(&f, 12);
    int c = pg_op_input(f.g, 4, (int[]){2, 1, 2, 2});
    pg_unet_spec s = {1, 2, 2, PG_UPSAMPLE_TRANSPOSE};
    int y = pg_unet_sr_generator(f.g, c, 4, 0, &s);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[3], 8);
    finish(&f, y, "unet_sr_x4", 2e-3);
}

static void test_patchgan(void)
{
    fixture f;
    setup(&f, 13);
    /* 16x16: the normalised layer's map is 4x4 (a 2x2 map's instance
     * statistics over 4 values make finite differences unreliable). */
    int c = pg_op_input(f.g, 4, (int[]){2, 1, 16, 16});
    int x = pg_op_input(f.g, 4, (int[]){2, 1, 16, 16});
    pg_patchgan_spec s = {2, 2};
    int feat = -1;
    int y = pg_patchgan_build(f.g, c, x, &s, &feat);
    const pg_tensor *t = pg_graph_out(f.g, y);
    CU_ASSERT_EQUAL(t->shape[1], 1);
    CU_ASSERT_EQUAL(t->shape[2], 4);
    CU_ASSERT(feat >= 0);
    finish(&f, y, "patchgan_2layers", 5e-4);
}

/* cond = -1: CycleGAN's unconditional PatchGAN on the sample alone. */
static void test_patchgan_unconditional(void)
{
    fixture f;
    setup(&f, 14);
    int x = pg_op_input(f.g, 4, (int[]){2, 1, 16, 16});
    pg_patchgan_spec s = {2, 2};
    int y = pg_patchgan_build(f.g, -1, x, &s, NULL);
    const pg_tensor *t = pg_graph_out(f.g, y);
    CU_ASSERT_EQUAL(t->shape[1], 1);
    CU_ASSERT_EQUAL(t->shape[2], 4);
    /* Its first convolution sees one channel, not two: 2 x 1 x 4 x 4. */
    CU_ASSERT_EQUAL(f.net->slices[0].len, 32);
    finish(&f, y, "patchgan_unconditional", 5e-4);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_unet");
    PG_TEST(s, test_unet);
    PG_TEST(s, test_unet_bilinear);
    PG_TEST(s, test_unet_sr);
    PG_TEST(s, test_patchgan);
    PG_TEST(s, test_patchgan_unconditional);
}
