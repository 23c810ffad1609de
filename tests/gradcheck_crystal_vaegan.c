/* Gradient checks of small crystal VAE-GAN networks
 * (models/crystal_vaegan.h) and of the codec's chain rule
 * (train/crystal_codec.h): every input element and parameter through the
 * encoder (to mu, logvar and the reparameterised z), the discriminator
 * (spectral norm, minibatch statistic), the property head, and G up to
 * its lattice, coordinates and species logits (the straight-through
 * Gumbel-softmax after them is gradcheck_stochastic's), also the
 * composition-conditional G (through z and the composition), whose slots
 * hold exactly the composition asked for; the judges'
 * invariance under a permutation of the atom slots; the gradient of a
 * penalty table with respect to G's lattice parameters and atoms against
 * central differences; [loss] volume_weight's term against central
 * differences and the decoded cells' volumes. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradcheck.h"
#include "models/crystal_vaegan.h"
#include "nn/ops.h"
#include "physics/crystal/crystal_cell.h"
#include "physics/crystal/crystal_lattice.h"
#include "runner.h"
#include "train/crystal_codec.h"

enum { N = 3, A = 5, K = 4 };   /* N = 3: the minibatch deviation of 2 samples is |x1 - x2| / 2, kinked */
static const pg_crystal_vaegan_dims DIMS = {.atoms = A, .species = K,
                                            .z_dim = 3, .width = 3,
                                            .tau = 1.0f, .d_sn = 1,
                                            .d_mbstd = 1};

typedef struct fixture {
    pg_net *net;
    pg_graph *g;
    pg_rng *rng;
    int lat, atoms;
} fixture;

static void setup(fixture *f, uint64_t seed, int judge)
{
    PG_ASSERT_OK(pg_net_create("T", &f->net));
    PG_ASSERT_OK(pg_graph_create(f->net, &f->g));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &f->rng));
    pg_graph_set_rng(f->g, f->rng);
    if (!judge) return;
    f->lat = pg_op_input(f->g, 2, (int[]){N, PG_CRYSTAL_LATTICE_DIM});
    f->atoms = pg_op_input(f->g, 3, (int[]){N, 3 + K, A});
    pg_graph_set_requires_grad(f->g, f->lat, 1);
    pg_graph_set_requires_grad(f->g, f->atoms, 1);
}

/* Parameters perturbed from their initial values; inputs N(0, 1), but the
 * atoms' table in (0.1, 0.9): the empty-slot probability weights the set
 * mean, whose total must stay away from 0. */
static void fill(fixture *f)
{
    PG_ASSERT_OK(pg_net_init(f->net, f->rng));
    for (size_t i = 0; i < f->net->nw; i++)
        f->net->w[i] += (float)pg_rng_gaussian(f->rng, 0.3);
    for (int n = 0; n < f->g->n_nodes; n++)
        if (f->g->nodes[n].op == PG_OP_INPUT) {
            pg_tensor *x = pg_graph_out(f->g, n);
            for (size_t i = 0; i < x->size; i++)
                x->data[i] = n == f->atoms && f->atoms > 0
                                 ? (float)(0.1 + 0.8 * pg_rng_uniform(f->rng))
                                 : (float)pg_rng_gaussian(f->rng, 1.0);
        }
}

static void finish(fixture *f, int out, const char *label)
{
    CU_ASSERT_FATAL(out >= 0);
    PG_ASSERT_OK(pg_graph_finalize(f->g));
    fill(f);
    /* eps small enough that few leaky-ReLU pre-activations cross zero and
     * the minibatch deviation of two samples stays smooth */
    gc_opts o = {.eps = 2e-4, .atol = 1e-2, .rtol = 5e-2};
    CU_ASSERT_EQUAL(gc_check_graph(f->g, out, 1, &o, label), 0);
    pg_graph_destroy(&f->g);
    pg_net_destroy(&f->net);
    pg_rng_destroy(&f->rng);
}

static void test_discriminator(void)
{
    /* plain, spectral norm, spectral norm + minibatch deviation (the
     * shipped job's D); mbstd alone is gradcheck_stochastic's */
    for (int v = 0; v < 3; v++) {
        pg_crystal_vaegan_dims d = DIMS;
        d.d_sn = v > 0;
        d.d_mbstd = v > 1;
        char label[64];
        snprintf(label, sizeof label, "crystal D sn %d mbstd %d", d.d_sn, d.d_mbstd);
        fixture f = {0};
        setup(&f, 51 + (uint64_t)v, 1);
        finish(&f, pg_crystal_discriminator(f.g, f.lat, f.atoms, &d), label);
    }
}

static void test_property_head(void)
{
    fixture f = {0};
    setup(&f, 12, 1);
    finish(&f, pg_crystal_property_head(f.g, f.lat, f.atoms, &DIMS), "crystal P");
}

static void test_encoder(void)
{
    const char *labels[3] = {"crystal E mu", "crystal E logvar", "crystal E z"};
    for (int k = 0; k < 3; k++) {
        fixture f = {0};
        setup(&f, 13 + (uint64_t)k, 1);
        pg_crystal_enc_nodes e;
        CU_ASSERT_EQUAL(pg_crystal_encoder(f.g, f.lat, f.atoms, &DIMS, &e), 0);
        finish(&f, k == 0 ? e.mu : k == 1 ? e.logvar : e.z, labels[k]);
    }
}

static void test_generator(void)
{
    const char *labels[3] = {"crystal G lattice", "crystal G coords",
                             "crystal G logits"};
    for (int k = 0; k < 3; k++) {
        fixture f = {0};
        setup(&f, 21 + (uint64_t)k, 0);
        int z = pg_op_input(f.g, 2, (int[]){N, DIMS.z_dim});
        pg_graph_set_requires_grad(f.g, z, 1);
        pg_crystal_gen_nodes g;
        CU_ASSERT_EQUAL(pg_crystal_generator(f.g, z, -1, &DIMS, &g), 0);
        const pg_tensor *t = pg_graph_out(f.g, g.atoms);
        CU_ASSERT_EQUAL(t->shape[1], 3 + K);
        CU_ASSERT_EQUAL(t->shape[2], A);
        finish(&f, k == 0 ? g.lattice : k == 1 ? g.coords : g.logits,
               labels[k]);
    }
}

/* The composition-conditional G: gradients through z and the composition
 * up to the lattice, coordinates and logits (the multiset's assignment
 * after them is gradcheck_gumbel_assign's); its one-hot species hold the
 * composition asked for, slot shares (empty, 1, 2, 1) / 5 here. */
static void test_conditional_generator(void)
{
    pg_crystal_vaegan_dims d = DIMS;
    d.cond = 1;
    const char *labels[3] = {"crystal cond G lattice", "crystal cond G coords",
                             "crystal cond G logits"};
    for (int k = 0; k < 4; k++) {
        fixture f = {0};
        setup(&f, 61 + (uint64_t)k, 0);
        int z = pg_op_input(f.g, 2, (int[]){N, d.z_dim});
        int c = pg_op_input(f.g, 2, (int[]){N, K});
        pg_graph_set_requires_grad(f.g, z, 1);
        pg_graph_set_requires_grad(f.g, c, 1);
        pg_crystal_gen_nodes g;
        CU_ASSERT_EQUAL(pg_crystal_generator(f.g, z, c, &d, &g), 0);
        if (k < 3) {
            finish(&f, k == 0 ? g.lattice : k == 1 ? g.coords : g.logits,
                   labels[k]);
            continue;
        }
        PG_ASSERT_OK(pg_graph_finalize(f.g));
        fill(&f);
        const int count[K] = {1, 1, 2, 1};
        float *share = pg_graph_data(f.g, c);
        for (int i = 0; i < N; i++)
            for (int s = 0; s < K; s++) share[i * K + s] = count[s] / (float)A;
        PG_ASSERT_OK(pg_graph_forward(f.g));
        const float *at = pg_graph_data(f.g, g.atoms);
        for (int i = 0; i < N; i++)
            for (int s = 0; s < K; s++) {
                int n = 0;
                for (int a = 0; a < A; a++)
                    n += at[((size_t)i * (3 + K) + 3 + s) * A + a] == 1.0f;
                CU_ASSERT_EQUAL(n, count[s]);
            }
        /* without the composition input the build fails, naming it */
        pg_graph *g2;
        PG_ASSERT_OK(pg_graph_create(f.net, &g2));
        pg_graph_set_rng(g2, f.rng);
        int z2 = pg_op_input(g2, 2, (int[]){N, d.z_dim});
        CU_ASSERT_EQUAL(pg_crystal_generator(g2, z2, -1, &d, &g), -1);
        CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "composition"));
        pg_error_clear();
        pg_graph_destroy(&g2);
        pg_graph_destroy(&f.g);
        pg_net_destroy(&f.net);
        pg_rng_destroy(&f.rng);
    }
}

/* D's logit (eval mode: no noise) is the same when the atom slots of a
 * crystal are listed in another order. */
static void test_permutation_invariance(void)
{
    fixture f = {0};
    setup(&f, 31, 1);
    pg_crystal_vaegan_dims d = DIMS;
    d.d_mbstd = 0;
    int y = pg_crystal_discriminator(f.g, f.lat, f.atoms, &d);
    PG_ASSERT_OK(pg_graph_finalize(f.g));
    pg_graph_set_training(f.g, 0, 0);   /* the same spectral-norm vectors */
    fill(&f);
    PG_ASSERT_OK(pg_graph_forward(f.g));
    float y0[N];
    memcpy(y0, pg_graph_data(f.g, y), sizeof y0);
    float *x = pg_graph_data(f.g, f.atoms);
    const int perm[A] = {3, 0, 4, 2, 1};
    for (int i = 0; i < N; i++)
        for (int c = 0; c < 3 + K; c++) {
            float *row = x + ((size_t)i * (3 + K) + c) * A, tmp[A];
            for (int a = 0; a < A; a++) tmp[a] = row[perm[a]];
            memcpy(row, tmp, sizeof tmp);
        }
    PG_ASSERT_OK(pg_graph_forward(f.g));
    for (int i = 0; i < N; i++)
        CU_ASSERT_DOUBLE_EQUAL(pg_graph_data(f.g, y)[i], y0[i], 1e-5);
    pg_graph_destroy(&f.g);
    pg_net_destroy(&f.net);
    pg_rng_destroy(&f.rng);
}

/* ---- the codec's penalty table and its chain rule ---- */

typedef struct table_ctx {
    pg_crystal_codec c;
    float *table, *r;   /* table; fixed random weights R */
    int len;            /* table floats */
} table_ctx;

/* f(lat, atoms) = sum R . table(lat, atoms); x = lat (6) then atoms. */
static double table_fn(void *vctx, const float *x, float *grad)
{
    table_ctx *t = vctx;
    pg_crystal_codec_table(&t->c, x, x + 6, t->table);
    double s = 0;
    for (int i = 0; i < t->len; i++) s += (double)t->r[i] * t->table[i];
    if (grad) {
        memset(grad, 0, (6 + (size_t)pg_crystal_codec_atoms_len(&t->c)) *
                            sizeof *grad);
        pg_crystal_codec_table_grad(&t->c, x, t->r, grad, grad + 6);
    }
    return s;
}

static void test_codec_table_grad(void)
{
    table_ctx t = {0};
    t.c.atoms = 3;
    t.c.species = 3;
    t.c.vocab[1] = 8;    /* O */
    t.c.vocab[2] = 11;   /* Na */
    const double mean[6] = {1.5, 0.1, 1.6, -0.2, 0.3, 1.7},
                 sd[6] = {0.2, 0.3, 0.25, 0.2, 0.3, 0.15};
    memcpy(t.c.lat_mean, mean, sizeof mean);
    memcpy(t.c.lat_std, sd, sizeof sd);
    t.len = (3 + t.c.atoms) * (3 + pg_crystal_codec_table_species(&t.c));
    CU_ASSERT_EQUAL(pg_crystal_codec_table_species(&t.c), 12);
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(41, 0, PG_RNG_TEST, &rng));
    float table[6 * 15], r[6 * 15], x[6 + 6 * 3];
    t.table = table;
    t.r = r;
    pg_rng_fill_gaussian(rng, r, (size_t)t.len, 1.0);
    pg_rng_fill_gaussian(rng, x, 6, 1.0);
    for (int i = 6; i < 6 + 6 * 3; i++) x[i] = (float)pg_rng_uniform(rng);
    gc_opts o = {.eps = 1e-3, .atol = 2e-3, .rtol = 1e-2};
    CU_ASSERT_EQUAL(gc_check_function(table_fn, &t, x, 6 + 6 * 3, &o,
                                      "codec table"), 0);
    /* the lattice: lower-triangular, positive diagonal, a_x = e^1.5 at 0 */
    float zero[6] = {0};
    double L[9];
    pg_crystal_codec_matrix(&t.c, zero, L);
    CU_ASSERT_DOUBLE_EQUAL(L[0], exp(1.5), 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(L[3], exp(1.5) * 0.1, 1e-9);
    CU_ASSERT_EQUAL(L[1], 0);
    CU_ASSERT_EQUAL(L[5], 0);
    CU_ASSERT_EQUAL(pg_crystal_cell_evaluable(L), 1);
    double flat[9] = {5, 0, 0, 0, 5, 0, 0, 0, 0.5};
    CU_ASSERT_EQUAL(pg_crystal_cell_evaluable(flat), 0);
    pg_rng_destroy(&rng);
}

/* ---- [loss] volume_weight's term ---- */

typedef struct volume_ctx {
    pg_crystal_codec c;
    float real[6];
} volume_ctx;

static double volume_fn(void *vctx, const float *x, float *grad)
{
    volume_ctx *v = vctx;
    float g[6] = {0};
    double f = pg_crystal_codec_volume_loss(&v->c, x, v->real, 0.7, g);
    if (grad) memcpy(grad, g, sizeof g);
    return f;
}

/* The term against central differences, and against the volumes of the
 * two decoded cells: 0.7 (ln V_fake - ln V_real)^2. */
static void test_codec_volume_loss(void)
{
    volume_ctx v = {0};
    const double mean[6] = {1.5, 0.1, 1.6, -0.2, 0.3, 1.7},
                 sd[6] = {0.2, 0.3, 0.25, 0.2, 0.3, 0.15};
    memcpy(v.c.lat_mean, mean, sizeof mean);
    memcpy(v.c.lat_std, sd, sizeof sd);
    pg_rng *rng = NULL;
    PG_ASSERT_OK(pg_rng_create(43, 0, PG_RNG_TEST, &rng));
    float x[6];
    pg_rng_fill_gaussian(rng, x, 6, 1.0);
    pg_rng_fill_gaussian(rng, v.real, 6, 1.0);
    gc_opts o = {.eps = 1e-3, .atol = 2e-3, .rtol = 1e-2};
    CU_ASSERT_EQUAL(gc_check_function(volume_fn, &v, x, 6, &o,
                                      "volume term"), 0);
    double Lf[9], Lr[9], inv[9];
    pg_crystal_codec_matrix(&v.c, x, Lf);
    pg_crystal_codec_matrix(&v.c, v.real, Lr);
    double d = log(fabs(pg_crystal_lattice_inverse(Lf, inv))) -
               log(fabs(pg_crystal_lattice_inverse(Lr, inv)));
    CU_ASSERT_DOUBLE_EQUAL(volume_fn(&v, x, NULL), 0.7 * d * d,
                           1e-5 * (1 + 0.7 * d * d));
    pg_rng_destroy(&rng);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_crystal_vaegan");
    PG_TEST(s, test_discriminator);
    PG_TEST(s, test_property_head);
    PG_TEST(s, test_encoder);
    PG_TEST(s, test_generator);
    PG_TEST(s, test_conditional_generator);
    PG_TEST(s, test_permutation_invariance);
    PG_TEST(s, test_codec_table_grad);
    PG_TEST(s, test_codec_volume_loss);
}
