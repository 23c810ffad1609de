/* models/upsample_block: each way of doubling a generator's resolution is
 * gradient-checked as a block (input and parameters), doubles the side,
 * and the nearest and bilinear blocks of a constant field stay constant
 * away from the zero padding (no checkerboard); a dcgan_small generator
 * builds with each. */
#include <math.h>

#include "gradcheck.h"
#include "models/dcgan_small.h"
#include "models/upsample_block.h"
#include "nn/ops.h"
#include "runner.h"

/* A graph of one block of mode m on an input of the given shape, with
 * out_ch output channels, weights initialised. */
typedef struct block {
    pg_net *net;
    pg_graph *g;
    pg_rng *rng;
    int x, y;
} block;

static void block_build(block *b, int m, const int *shape, int out_ch)
{
    PG_ASSERT_OK(pg_net_create("up", &b->net));
    PG_ASSERT_OK(pg_graph_create(b->net, &b->g));
    PG_ASSERT_OK(pg_rng_create(41, 0, PG_RNG_TEST, &b->rng));
    b->x = pg_op_input(b->g, 4, shape);
    b->y = pg_upsample_block(b->g, b->x, out_ch, (pg_upsample_mode)m);
    PG_ASSERT_OK(pg_graph_finalize(b->g));
    PG_ASSERT_OK(pg_net_init(b->net, b->rng));
}

static void block_free(block *b)
{
    pg_graph_destroy(&b->g);
    pg_net_destroy(&b->net);
    pg_rng_destroy(&b->rng);
}

static void test_blocks_gradcheck(void)
{
    for (int m = 0; m < PG_UPSAMPLE_COUNT; m++) {
        block b;
        block_build(&b, m, (int[]){2, 3, 4, 5}, 2);
        const pg_tensor *yt = pg_graph_out(b.g, b.y);
        CU_ASSERT_EQUAL(yt->shape[1], 2);
        CU_ASSERT_EQUAL(yt->shape[2], 8);
        CU_ASSERT_EQUAL(yt->shape[3], 10);
        pg_tensor *xt = pg_graph_out(b.g, b.x);
        pg_rng_fill_gaussian(b.rng, xt->data, xt->size, 1.0);
        CU_ASSERT_EQUAL(gc_check_graph(b.g, b.y, 1, NULL,
                                       pg_upsample_mode_name(m)), 0);
        block_free(&b);
    }
}

/* A constant input through nearest or bilinear upsampling and a 3x3
 * convolution is constant on the interior; a stride-2 transposed
 * convolution of random weights alternates with the stride. */
static void test_constant_field(void)
{
    for (int m = 0; m < PG_UPSAMPLE_COUNT; m++) {
        block b;
        block_build(&b, m, (int[]){1, 2, 6, 6}, 1);
        pg_tensor *xt = pg_graph_out(b.g, b.x);
        for (size_t i = 0; i < xt->size; i++) xt->data[i] = 1.0f;
        PG_ASSERT_OK(pg_graph_forward(b.g));
        const float *o = pg_graph_data(b.g, b.y);
        double spread = 0;
        for (int i = 2; i < 10; i++)
            for (int j = 2; j < 10; j++)
                spread = fmax(spread, fabs(o[i * 12 + j] - o[2 * 12 + 2]));
        if (m == PG_UPSAMPLE_TRANSPOSE) {
            CU_ASSERT(spread > 1e-3);
        } else {
            CU_ASSERT(spread < 1e-5);
        }
        block_free(&b);
    }
}

static void test_generator_builds(void)
{
    for (int m = 0; m < PG_UPSAMPLE_COUNT; m++) {
        pg_net *net = NULL;
        pg_graph *g = NULL;
        PG_ASSERT_OK(pg_net_create("G", &net));
        PG_ASSERT_OK(pg_graph_create(net, &g));
        int z = pg_op_input(g, 2, (int[]){2, 8});
        int y = pg_dcgan_small_generator_up(g, z, 1, 32, 4,
                                            (pg_upsample_mode)m);
        PG_ASSERT_OK(pg_graph_finalize(g));
        const pg_tensor *yt = pg_graph_out(g, y);
        CU_ASSERT_EQUAL(yt->shape[2], 32);
        CU_ASSERT_EQUAL(yt->shape[3], 32);
        pg_graph_destroy(&g);
        pg_net_destroy(&net);
    }
    /* Two convolutions a level and a margin (a 20 x 20 square cropped to
     * its 16 x 16 centre): same output shape, more weights. (Its ops
     * are gradient-checked one by one; a whole G with a ReLU after every
     * batch norm has kinks too close to every input for central
     * differences.) */
    size_t nw[2];
    for (int two = 0; two < 2; two++) {
        pg_net *net = NULL;
        pg_graph *g = NULL;
        PG_ASSERT_OK(pg_net_create("G", &net));
        PG_ASSERT_OK(pg_graph_create(net, &g));
        int z = pg_op_input(g, 2, (int[]){3, 4});
        int y = pg_dcgan_small_generator_ex(
            g, z, 1, 16, 2, PG_UPSAMPLE_BILINEAR,
            two ? PG_DCGAN_SMALL_G_REFINE | PG_DCGAN_SMALL_G_MARGIN : 0);
        PG_ASSERT_OK(pg_graph_finalize(g));
        CU_ASSERT_EQUAL(pg_graph_out(g, y)->shape[1], 1);
        CU_ASSERT_EQUAL(pg_graph_out(g, y)->shape[2], 16);
        CU_ASSERT_EQUAL(pg_graph_out(g, y)->shape[3], 16);
        nw[two] = net->nw;
        pg_graph_destroy(&g);
        pg_net_destroy(&net);
    }
    CU_ASSERT(nw[1] > nw[0]);
    pg_upsample_mode m;
    CU_ASSERT_EQUAL(pg_upsample_mode_parse("bilinear", &m), PG_OK);
    CU_ASSERT_EQUAL(m, PG_UPSAMPLE_BILINEAR);
    CU_ASSERT_EQUAL(pg_upsample_mode_parse("cubic", &m), PG_ERR_CONFIG);
    pg_error_clear();
}

/* The PatchGAN form of D: 64 logits a sample from side 16 up (one per
 * position of the side-8 map), 16 at side 8, one for the global D; its
 * gradient with respect to the image checks against finite differences. */
static void test_patch_discriminator(void)
{
    const int sides[] = {8, 16, 32, 64}, want[] = {16, 64, 64, 64};
    for (int i = 0; i < 4; i++)
        for (int patch = 0; patch < 2; patch++) {
            pg_net *net = NULL;
            pg_graph *g = NULL;
            pg_rng *rng = NULL;
            PG_ASSERT_OK(pg_net_create("D", &net));
            PG_ASSERT_OK(pg_graph_create(net, &g));
            PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &rng));
            int x = pg_op_input(g, 4, (int[]){2, 1, sides[i], sides[i]});
            int y = pg_dcgan_small_discriminator(
                g, x, 2, patch ? PG_DCGAN_SMALL_D_PATCH : 0);
            PG_ASSERT_OK(pg_graph_finalize(g));
            const pg_tensor *yt = pg_graph_out(g, y);
            CU_ASSERT_EQUAL(yt->ndim, 2);
            CU_ASSERT_EQUAL(yt->shape[0], 2);
            CU_ASSERT_EQUAL(yt->shape[1], patch ? want[i] : 1);
            if (patch && sides[i] == 16) {
                PG_ASSERT_OK(pg_net_init(net, rng));
                pg_tensor *xt = pg_graph_out(g, x);
                pg_rng_fill_gaussian(rng, xt->data, xt->size, 1.0);
                CU_ASSERT_EQUAL(gc_check_graph(g, y, 1, NULL, "patch D"), 0);
            }
            pg_graph_destroy(&g);
            pg_net_destroy(&net);
            pg_rng_destroy(&rng);
        }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_upsample_block");
    PG_TEST(s, test_blocks_gradcheck);
    PG_TEST(s, test_constant_field);
    PG_TEST(s, test_generator_builds);
    PG_TEST(s, test_patch_discriminator);
}
