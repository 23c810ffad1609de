/* One DCGAN training step (train/gan_step.h on models/dcgan64.h): it is
 * deterministic for a seed, the D step leaves G alone, the G step leaves
 * D's weights and gradients alone, D's loss falls when D trains on a fixed
 * batch, and the FLOP count matches a hand count of the layers. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/dcgan64.h"
#include "nn/ops.h"
#include "runner.h"
#include "train/gan_step.h"

enum { BATCH = 4 };

typedef struct gan {
    pg_net *gn, *dn;
    pg_graph *g, *d;
    pg_adam *ga, *da;
    pg_rng *init, *noise;
    pg_gan_step s;
    float real[BATCH * 64 * 64];
} gan;

static void gan_create(gan *t, uint64_t seed)
{
    memset(t, 0, sizeof *t);
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_INIT, &t->init));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_NOISE, &t->noise));
    PG_ASSERT_OK(pg_net_create("G", &t->gn));
    PG_ASSERT_OK(pg_net_create("D", &t->dn));
    PG_ASSERT_OK(pg_graph_create(t->gn, &t->g));
    PG_ASSERT_OK(pg_graph_create(t->dn, &t->d));
    t->s.g = t->g;
    t->s.d = t->d;
    t->s.g_z = pg_op_input(t->g, 2, (int[]){BATCH, PG_DCGAN64_Z});
    t->s.g_out = pg_dcgan64_generator(t->g, t->s.g_z);
    pg_graph_set_requires_grad(t->g, t->s.g_z, 0);
    PG_ASSERT_OK(pg_graph_finalize(t->g));
    t->s.d_x = pg_op_input(t->d, 4, (int[]){BATCH, 1, 64, 64});
    t->s.d_out = pg_dcgan64_discriminator(t->d, t->s.d_x);
    PG_ASSERT_OK(pg_graph_finalize(t->d));
    PG_ASSERT_OK(pg_net_init(t->gn, t->init));
    PG_ASSERT_OK(pg_net_init(t->dn, t->init));
    PG_ASSERT_OK(pg_adam_create(t->gn->nw, 2e-4, 0.5, 0.999, 1e-8, 0, &t->ga));
    PG_ASSERT_OK(pg_adam_create(t->dn->nw, 2e-4, 0.5, 0.999, 1e-8, 0, &t->da));
    t->s.g_opt = t->ga;
    t->s.d_opt = t->da;
    t->s.noise = t->noise;
    PG_ASSERT_OK(pg_gan_step_check(&t->s));
    pg_rng_fill_gaussian(t->init, t->real, sizeof t->real / sizeof *t->real,
                         1.0);
    for (size_t i = 0; i < sizeof t->real / sizeof *t->real; i++)
        t->real[i] = tanhf(t->real[i]);
}

static void gan_destroy(gan *t)
{
    pg_adam_destroy(&t->ga);
    pg_adam_destroy(&t->da);
    pg_graph_destroy(&t->g);
    pg_graph_destroy(&t->d);
    pg_net_destroy(&t->gn);
    pg_net_destroy(&t->dn);
    pg_rng_destroy(&t->init);
    pg_rng_destroy(&t->noise);
}

static void test_step_is_deterministic(void)
{
    static gan a, b;
    gan_create(&a, 5);
    gan_create(&b, 5);
    pg_gan_step_losses la, lb;
    for (int i = 0; i < 2; i++) {
        PG_ASSERT_OK(pg_gan_step_run(&a.s, a.real, &la));
        PG_ASSERT_OK(pg_gan_step_run(&b.s, b.real, &lb));
    }
    CU_ASSERT(isfinite(la.d_real) && isfinite(la.d_fake) && isfinite(la.g));
    CU_ASSERT_EQUAL(memcmp(a.gn->w, b.gn->w, a.gn->nw * sizeof(float)), 0);
    CU_ASSERT_EQUAL(memcmp(a.dn->w, b.dn->w, a.dn->nw * sizeof(float)), 0);
    CU_ASSERT_EQUAL(memcmp(a.gn->s, b.gn->s, a.gn->ns * sizeof(float)), 0);
    CU_ASSERT_EQUAL(memcmp(&la, &lb, sizeof la), 0);
    gan_destroy(&a);
    gan_destroy(&b);
}

/* The hook runs after each backward, before each optimiser step: after
 * D's backward it snapshots G's weights, D's gradients; after G's backward
 * it checks that the G step changed neither D's gradients nor (since D's
 * optimiser had already run) D's weights, which the end of the step checks
 * again. */
typedef struct snap {
    gan *t;
    float *g_w_before, *d_g, *d_w;
    int calls, ok_g_untouched, ok_d_grads;
} snap;

static pg_status check_hook(void *ctx, pg_net *net)
{
    snap *s = ctx;
    s->calls++;
    if (net == s->t->dn) {
        s->ok_g_untouched = !memcmp(s->g_w_before, s->t->gn->w,
                                    s->t->gn->nw * sizeof(float)) &&
                            pg_net_grad_norm(net) > 0;
        memcpy(s->d_g, net->g, net->nw * sizeof(float));
    } else {
        s->ok_d_grads = !memcmp(s->d_g, s->t->dn->g,
                                s->t->dn->nw * sizeof(float)) &&
                        pg_net_grad_norm(net) > 0;
        memcpy(s->d_w, s->t->dn->w, s->t->dn->nw * sizeof(float));
    }
    return PG_OK;
}

static void test_each_step_touches_only_its_net(void)
{
    static gan t;
    gan_create(&t, 9);
    snap s = {.t = &t};
    s.g_w_before = malloc(t.gn->nw * sizeof(float));
    s.d_g = malloc(t.dn->nw * sizeof(float));
    s.d_w = malloc(t.dn->nw * sizeof(float));
    CU_ASSERT_FATAL(s.g_w_before && s.d_g && s.d_w);
    memcpy(s.g_w_before, t.gn->w, t.gn->nw * sizeof(float));
    t.s.hook = check_hook;
    t.s.hook_ctx = &s;
    PG_ASSERT_OK(pg_gan_step_run(&t.s, t.real, NULL));
    CU_ASSERT_EQUAL(s.calls, 2);
    CU_ASSERT(s.ok_g_untouched);
    CU_ASSERT(s.ok_d_grads);
    CU_ASSERT_EQUAL(memcmp(s.d_w, t.dn->w, t.dn->nw * sizeof(float)), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(s.g_w_before, t.gn->w,
                               t.gn->nw * sizeof(float)), 0);
    free(s.g_w_before);
    free(s.d_g);
    free(s.d_w);
    gan_destroy(&t);
}

/* D trained alone (G's optimiser given a zero learning rate would still
 * move BN statistics, so G's weights are restored instead): L_D on the
 * same real batch and the same noise falls over a few steps. */
static void test_d_loss_falls_on_fixed_batch(void)
{
    static gan t;
    gan_create(&t, 3);
    float *gw = malloc(t.gn->nw * sizeof(float));
    float *gs = malloc(t.gn->ns * sizeof(float));
    size_t nstate = pg_rng_state_size(t.noise);
    unsigned char *rs = malloc(nstate);
    CU_ASSERT_FATAL(gw && gs && rs);
    memcpy(gw, t.gn->w, t.gn->nw * sizeof(float));
    memcpy(gs, t.gn->s, t.gn->ns * sizeof(float));
    pg_rng_state_save(t.noise, rs);
    double first = 0, last = 0;
    for (int i = 0; i < 8; i++) {
        pg_gan_step_losses l;
        PG_ASSERT_OK(pg_rng_state_load(t.noise, rs, nstate));
        memcpy(t.gn->w, gw, t.gn->nw * sizeof(float));
        memcpy(t.gn->s, gs, t.gn->ns * sizeof(float));
        PG_ASSERT_OK(pg_gan_step_run(&t.s, t.real, &l));
        if (i == 0) first = l.d_real + l.d_fake;
        last = l.d_real + l.d_fake;
    }
    CU_ASSERT(last < first);
    free(gw);
    free(gs);
    free(rs);
    gan_destroy(&t);
}

/* Hand count per sample, in multiply-adds (MACs):
 *   G forward: dense 128*4096 + three convT of 8388608 (e.g. 256*4*4
 *   inputs x 128*16 taps) + convT 32*32*32 x 16 = 26214400; backward:
 *   dW everywhere, dX everywhere except the dense layer (z needs none).
 *   D forward: conv 32768*16 + three convs of 8388608 + dense 4096
 *   = 25694208; real and fake passes: dW everywhere, dX everywhere except
 *   the first conv; the G-step pass: dX everywhere, no dW. */
static void test_flops_match_hand_count(void)
{
    static gan t;
    gan_create(&t, 1);
    double g_fwd = 26214400, d_fwd = 25694208;
    double macs = 3 * g_fwd - 524288 + 2 * (3 * d_fwd - 524288) + 2 * d_fwd;
    CU_ASSERT_DOUBLE_EQUAL(pg_gan_step_flops(&t.s), 2 * macs * BATCH, 0.5);
    gan_destroy(&t);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gan_step");
    PG_TEST(s, test_step_is_deterministic);
    PG_TEST(s, test_each_step_touches_only_its_net);
    PG_TEST(s, test_d_loss_falls_on_fixed_batch);
    PG_TEST(s, test_flops_match_hand_count);
}
