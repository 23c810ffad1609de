/* The sequence GAN's view of sequences (physics/protein/protein_onehot.h:
 * one-hot with the end token, decoding, decoys) and the generator's
 * output (models/protein_seqgan.h): one token per position, shapes of
 * the three networks. */
#include <string.h>

#include "models/protein_seqgan.h"
#include "nn/ops.h"
#include "physics/protein/protein_onehot.h"
#include "runner.h"

static void test_encode_decode(void)
{
    const uint8_t res[3] = {0, 19, 7};
    enum { L = 5 };
    float x[21 * L];
    PG_ASSERT_OK(pg_protein_onehot_encode(res, 3, L, x));
    /* Column sums 1; residues then end tokens. */
    for (int p = 0; p < L; p++) {
        float sum = 0;
        for (int c = 0; c < 21; c++) sum += x[c * L + p];
        CU_ASSERT_DOUBLE_EQUAL(sum, 1.0, 0);
    }
    CU_ASSERT_EQUAL(x[0 * L + 0], 1.0f);
    CU_ASSERT_EQUAL(x[19 * L + 1], 1.0f);
    CU_ASSERT_EQUAL(x[7 * L + 2], 1.0f);
    CU_ASSERT_EQUAL(x[20 * L + 3], 1.0f);
    CU_ASSERT_EQUAL(x[20 * L + 4], 1.0f);
    uint8_t back[L];
    CU_ASSERT_EQUAL(pg_protein_onehot_decode(x, L, back), 3);
    CU_ASSERT_EQUAL(memcmp(back, res, 3), 0);
    /* Decoding stops at the first end token even if residues follow. */
    x[20 * L + 3] = 0;
    x[4 * L + 3] = 1;
    x[20 * L + 1] = 2; /* position 1's largest channel: the end */
    CU_ASSERT_EQUAL(pg_protein_onehot_decode(x, L, back), 1);
    /* Too long, empty, or the padding index as a residue. */
    CU_ASSERT_EQUAL(pg_protein_onehot_encode(res, 3, 2, x), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "3 residues does not "
                                  "fit the model's length 2"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_protein_onehot_encode(res, 0, 2, x), PG_ERR_ARG);
    pg_error_clear();
    const uint8_t pad[2] = {1, 20};
    CU_ASSERT_EQUAL(pg_protein_onehot_encode(pad, 2, 4, x), PG_ERR_ARG);
    pg_error_clear();
}

static void test_decoys(void)
{
    const uint8_t res[6] = {0, 1, 2, 3, 4, 4};
    uint8_t out[6];
    pg_protein_decoy_reverse(res, 6, out);
    CU_ASSERT_EQUAL(memcmp(out, (uint8_t[]){4, 4, 3, 2, 1, 0}, 6), 0);
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &r));
    int moved = 0;
    for (int t = 0; t < 20; t++) {
        pg_protein_decoy_shuffle(res, 6, r, out);
        int count[5] = {0};
        for (int i = 0; i < 6; i++) count[out[i]]++;
        /* The same composition every time. */
        CU_ASSERT(count[0] == 1 && count[1] == 1 && count[2] == 1 &&
                  count[3] == 1 && count[4] == 2);
        moved += memcmp(out, res, 6) != 0;
    }
    /* 20 shuffles of 6 residues (360 orders): nearly all differ. */
    CU_ASSERT(moved >= 18);
    pg_rng_destroy(&r);
}

static void test_networks(void)
{
    pg_seqgan_dims d = {.length = 12, .families = 4, .z_dim = 6, .width = 4,
                        .res_blocks = 2, .tau = 0.5f, .d_sn = 1, .d_mbstd = 1};
    pg_net *net = NULL;
    pg_graph *g = NULL;
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(6, 0, PG_RNG_TEST, &r));
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    pg_graph_set_rng(g, r);
    int z = pg_op_input(g, 2, (int[]){3, d.z_dim});
    int fam = pg_op_input(g, 2, (int[]){3, d.families});
    int y = pg_seqgan_generator(g, z, fam, &d);
    CU_ASSERT_FATAL(y >= 0);
    PG_ASSERT_OK(pg_graph_finalize(g));
    PG_ASSERT_OK(pg_net_init(net, r));
    pg_rng_fill_gaussian(r, pg_graph_data(g, z), 3 * (size_t)d.z_dim, 1.0);
    memset(pg_graph_data(g, fam), 0, 3 * (size_t)d.families * sizeof(float));
    pg_graph_set_training(g, 1, 1);
    PG_ASSERT_OK(pg_graph_forward(g));
    const pg_tensor *t = pg_graph_out(g, y);
    CU_ASSERT_EQUAL(t->shape[0], 3);
    CU_ASSERT_EQUAL(t->shape[1], 21);
    CU_ASSERT_EQUAL(t->shape[2], 12);
    /* Straight-through: exactly one token per position. */
    for (int n = 0; n < 3; n++)
        for (int p = 0; p < 12; p++) {
            int ones = 0;
            for (int c = 0; c < 21; c++) {
                float v = t->data[(n * 21 + c) * 12 + p];
                CU_ASSERT(v == 0.0f || v == 1.0f);
                ones += v == 1.0f;
            }
            CU_ASSERT_EQUAL(ones, 1);
        }
    pg_graph_destroy(&g);
    pg_net_destroy(&net);

    /* D: one logit; the critic: F + 1. */
    PG_ASSERT_OK(pg_net_create("D", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    int x = pg_op_input(g, 3, (int[]){3, 21, 12});
    int dl = pg_seqgan_discriminator(g, x, &d);
    int cl = pg_seqgan_critic(g, x, &d);
    CU_ASSERT_FATAL(dl >= 0 && cl >= 0);
    CU_ASSERT_EQUAL(pg_graph_out(g, dl)->shape[1], 1);
    CU_ASSERT_EQUAL(pg_graph_out(g, cl)->shape[1], 5);
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    /* A length that is not a multiple of 4 cannot be built. */
    d.length = 10;
    PG_ASSERT_OK(pg_net_create("G", &net));
    PG_ASSERT_OK(pg_graph_create(net, &g));
    pg_graph_set_rng(g, r);
    z = pg_op_input(g, 2, (int[]){3, d.z_dim});
    fam = pg_op_input(g, 2, (int[]){3, d.families});
    CU_ASSERT_EQUAL(pg_seqgan_generator(g, z, fam, &d), -1);
    pg_error_clear();
    pg_graph_destroy(&g);
    pg_net_destroy(&net);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("protein_onehot");
    PG_TEST(s, test_encode_decode);
    PG_TEST(s, test_decoys);
    PG_TEST(s, test_networks);
}
