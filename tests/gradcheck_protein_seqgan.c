/* Gradient checks of small sequence-GAN networks (models/protein_seqgan.h):
 * every input element and parameter through G up to its residue logits
 * (dense, reshape, upsampling, conv1d, residual adds, dilated blocks; the straight-through
 * Gumbel-softmax after it is gradcheck_stochastic's), D with spectral norm
 * and the minibatch statistic, and the function critic. */
#include "gradcheck.h"
#include "models/protein_seqgan.h"
#include "nn/ops.h"
#include "runner.h"

static const pg_seqgan_dims DIMS = {.length = 8, .families = 3, .z_dim = 4,
                                    .width = 3, .res_blocks = 1, .tau = 1.0f,
                                    .d_sn = 1, .d_mbstd = 1};

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

/* eps small enough that few leaky-ReLU pre-activations cross zero. */
static void finish(fixture *f, int out, const char *label)
{
    CU_ASSERT_FATAL(out >= 0);
    PG_ASSERT_OK(pg_graph_finalize(f->g));
    PG_ASSERT_OK(pg_net_init(f->net, f->rng));
    for (size_t i = 0; i < f->net->nw; i++)
        f->net->w[i] += (float)pg_rng_gaussian(f->rng, 0.3);
    for (int n = 0; n < f->g->n_nodes; n++)
        if (f->g->nodes[n].op == PG_OP_INPUT) {
            pg_tensor *x = pg_graph_out(f->g, n);
            for (size_t i = 0; i < x->size; i++)
                x->data[i] = (float)pg_rng_gaussian(f->rng, 1.0);
        }
    gc_opts o = {.eps = 2e-3, .atol = 5e-3, .rtol = 5e-2};
    CU_ASSERT_EQUAL(gc_check_graph(f->g, out, 1, &o, label), 0);
    pg_graph_destroy(&f->g);
    pg_net_destroy(&f->net);
    pg_rng_destroy(&f->rng);
}

static void test_generator_logits(void)
{
    fixture f;
    setup(&f, 31);
    int z = pg_op_input(f.g, 2, (int[]){2, DIMS.z_dim});
    int fam = pg_op_input(f.g, 2, (int[]){2, DIMS.families});
    int y = pg_seqgan_generator_logits(f.g, z, fam, &DIMS);
    CU_ASSERT_FATAL(y >= 0);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[1], 21);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[2], DIMS.length);
    finish(&f, y, "seqgan_g_logits");
}

/* Dilated residual blocks (dilations 1, 2 on L = 8). */
static void test_generator_dilated(void)
{
    fixture f;
    setup(&f, 35);
    pg_seqgan_dims d = DIMS;
    d.length = 8;
    d.res_blocks = 2;
    d.dilated = 1;
    int z = pg_op_input(f.g, 2, (int[]){2, d.z_dim});
    int fam = pg_op_input(f.g, 2, (int[]){2, d.families});
    int y = pg_seqgan_generator_logits(f.g, z, fam, &d);
    CU_ASSERT_FATAL(y >= 0);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[2], d.length);
    finish(&f, y, "seqgan_g_logits_dilated");
}

static void test_discriminator(void)
{
    fixture f;
    setup(&f, 32);
    int x = pg_op_input(f.g, 3, (int[]){3, 21, DIMS.length});
    int y = pg_seqgan_discriminator(f.g, x, &DIMS);
    CU_ASSERT_FATAL(y >= 0);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[1], 1);
    finish(&f, y, "seqgan_d");
}

static void test_critic(void)
{
    fixture f;
    setup(&f, 33);
    int x = pg_op_input(f.g, 3, (int[]){2, 21, DIMS.length});
    int y = pg_seqgan_critic(f.g, x, &DIMS);
    CU_ASSERT_FATAL(y >= 0);
    CU_ASSERT_EQUAL(pg_graph_out(f.g, y)->shape[1], DIMS.families + 1);
    finish(&f, y, "seqgan_critic");
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_protein_seqgan");
    PG_TEST(s, test_generator_logits);
    PG_TEST(s, test_generator_dilated);
    PG_TEST(s, test_discriminator);
    PG_TEST(s, test_critic);
}
