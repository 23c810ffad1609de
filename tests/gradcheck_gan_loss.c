/* GAN loss zoo (nn/gan_loss.h): finite-difference checks of every D and
 * G loss w.r.t. both d_real and d_fake (with and without label smoothing),
 * values at known points (the optimum D, perfect separation), the
 * saturation of the minimax generator loss, label smoothing, feature
 * matching, the ADD/weight convention and name parsing. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradcheck.h"
#include "runner.h"
#include "nn/gan_loss.h"

#define N 12 /* batch of real and of fake outputs */

/* One loss as a function of x = [d_real (N), d_fake (N)]. */
typedef struct gcase {
    pg_gan_loss loss;
    int gen;          /* 0: D loss, 1: G loss */
    float real_label;
    float weight;
} gcase;

static double eval(const gcase *c, const float *x, float weight, float *grad)
{
    float *gr = grad ? grad : NULL, *gf = grad ? grad + N : NULL;
    if (c->gen) return pg_gan_loss_g(c->loss, x, x + N, N, weight, gr, gf);
    return pg_gan_loss_d(c->loss, x, x + N, N, c->real_label, weight, gr, gf);
}

static double weighted(void *ctx, const float *x, float *grad)
{
    const gcase *c = ctx;
    return c->weight * eval(c, x, c->weight, grad);
}

static void test_gradients(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    const double kinks[] = {1.0, -1.0}; /* hinge */
    const float labels[] = {1.0f, 0.9f};
    for (int l = 0; l < PG_GAN_LOSS_COUNT; l++)
        for (int gen = 0; gen < 2; gen++)
            for (int s = 0; s < 2; s++) {
                if (s && (gen || !pg_gan_loss_is_bce((pg_gan_loss)l)))
                    continue;
                gcase c = {(pg_gan_loss)l, gen, labels[s], 1.3f};
                float x[2 * N];
                gc_fill_away(r, x, 2 * N, kinks, 2, 0.05);
                char label[64];
                snprintf(label, sizeof label, "%s %s label=%.1f",
                         pg_gan_loss_name(c.loss), gen ? "G" : "D",
                         c.real_label);
                CU_ASSERT_EQUAL(
                    gc_check_function(weighted, &c, x, 2 * N, NULL, label), 0);
            }
    pg_rng_destroy(&r);
}

/* Gradients are added (twice = double), scale with weight, and the value
 * does not depend on weight or on asking for the gradient. */
static void test_weight_and_add(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(12, 0, PG_RNG_TEST, &r));
    for (int l = 0; l < PG_GAN_LOSS_COUNT; l++)
        for (int gen = 0; gen < 2; gen++) {
            gcase c = {(pg_gan_loss)l, gen, 0.9f, 1.0f};
            float x[2 * N], g1[2 * N] = {0}, g2[2 * N] = {0}, g3[2 * N] = {0};
            pg_rng_fill_gaussian(r, x, 2 * N, 1.0);
            double v0 = eval(&c, x, 1.0f, NULL);
            double v1 = eval(&c, x, 1.0f, g1);
            eval(&c, x, 1.0f, g2);
            eval(&c, x, 1.0f, g2);
            double v3 = eval(&c, x, 3.0f, g3);
            CU_ASSERT(isfinite(v0));
            CU_ASSERT_EQUAL(v0, v1);
            CU_ASSERT_EQUAL(v0, v3);
            int bad = 0, nonzero = 0;
            for (int i = 0; i < 2 * N; i++) {
                nonzero += g1[i] != 0;
                bad += fabsf(g2[i] - 2 * g1[i]) > 1e-6f * fabsf(g1[i]);
                bad += fabsf(g3[i] - 3 * g1[i]) > 1e-6f * fabsf(3 * g1[i]);
            }
            CU_ASSERT_EQUAL(bad, 0);
            CU_ASSERT(nonzero > 0);
        }
    float one = 0;
    CU_ASSERT(isnan(pg_gan_loss_d(PG_GAN_HINGE, &one, &one, 0, 1, 1, NULL,
                                  NULL)));
    CU_ASSERT(isnan(pg_gan_loss_g(PG_GAN_RAGAN, NULL, &one, 1, 1, NULL,
                                  NULL)));
    pg_rng_destroy(&r);
}

#define CLOSE(a, b, tol) CU_ASSERT(fabs((double)(a) - (double)(b)) <= (tol))

static void fill(float *x, size_t n, float v)
{
    for (size_t i = 0; i < n; i++) x[i] = v;
}

/* When p_g = p_data the optimal D outputs 1/2 (logit 0): the D loss of the
 * BCE losses is 2 log 2 (Goodfellow et al.'s -log 4 with the sign of a
 * minimised loss); the hinge and least-squares optima are 0. */
static void test_values_at_optimum(void)
{
    float zero[N], gr[N] = {0}, gf[N] = {0};
    fill(zero, N, 0.0f);
    CLOSE(pg_gan_loss_d(PG_GAN_MINIMAX, zero, zero, N, 1, 1, gr, gf),
          2 * log(2.0), 1e-12);
    CLOSE(gr[0], -0.5 / N, 1e-8);
    CLOSE(gf[0], 0.5 / N, 1e-8);
    CLOSE(pg_gan_loss_g(PG_GAN_MINIMAX, NULL, zero, N, 1, NULL, NULL),
          -log(2.0), 1e-12);
    CLOSE(pg_gan_loss_g(PG_GAN_NONSAT, NULL, zero, N, 1, NULL, NULL),
          log(2.0), 1e-12);
    CLOSE(pg_gan_loss_d(PG_GAN_RAGAN, zero, zero, N, 1, 1, NULL, NULL),
          2 * log(2.0), 1e-12);
    CLOSE(pg_gan_loss_g(PG_GAN_RAGAN, zero, zero, N, 1, NULL, NULL),
          2 * log(2.0), 1e-12);

    /* Hinge: margins met on both sides -> zero loss and zero gradient. */
    float two[N], mtwo[N], g2[N] = {0}, g3[N] = {0};
    fill(two, N, 2.0f);
    fill(mtwo, N, -2.0f);
    CLOSE(pg_gan_loss_d(PG_GAN_HINGE, two, mtwo, N, 1, 1, g2, g3), 0, 0);
    CU_ASSERT_EQUAL(g2[0], 0.0f);
    CU_ASSERT_EQUAL(g3[0], 0.0f);
    CLOSE(pg_gan_loss_g(PG_GAN_HINGE, NULL, mtwo, N, 1, NULL, NULL), 2.0,
          1e-12);

    /* LSGAN: D outputs its targets (1 real, 0 fake) -> 0; G then 1/2. */
    float one[N];
    fill(one, N, 1.0f);
    CLOSE(pg_gan_loss_d(PG_GAN_LSGAN, one, zero, N, 1, 1, NULL, NULL), 0, 0);
    CLOSE(pg_gan_loss_g(PG_GAN_LSGAN, NULL, zero, N, 1, NULL, NULL), 0.5,
          1e-12);

    /* WGAN: the critic's gap; G wants the fake critic value up. */
    float gw[N] = {0};
    CLOSE(pg_gan_loss_d(PG_GAN_WGAN, two, mtwo, N, 1, 1, NULL, NULL), -4.0,
          1e-12);
    CLOSE(pg_gan_loss_g(PG_GAN_WGAN, NULL, mtwo, N, 1, NULL, gw), 2.0, 1e-12);
    CLOSE(gw[0], -1.0 / N, 1e-8);

    /* RaGAN at perfect separation (real 2 above fake): D loss is
     * 2 softplus(-4) small, G loss 2 softplus(4) large. */
    CLOSE(pg_gan_loss_d(PG_GAN_RAGAN, two, zero, N, 1, 1, NULL, NULL),
          2 * log1p(exp(-2.0)), 1e-7);
    CLOSE(pg_gan_loss_g(PG_GAN_RAGAN, two, zero, N, 1, NULL, NULL),
          2 * log1p(exp(2.0)), 1e-6);
}

/* A confident D (fake logit -10): the saturating minimax G gradient is
 * sigmoid(-10)/n ~ 4.5e-5/n, the non-saturating one ~ -1/n. Logits of
 * +-100 stay finite. */
static void test_minimax_saturates(void)
{
    float f[N], gm[N] = {0}, gn[N] = {0};
    fill(f, N, -10.0f);
    double vm = pg_gan_loss_g(PG_GAN_MINIMAX, NULL, f, N, 1, NULL, gm);
    double vn = pg_gan_loss_g(PG_GAN_NONSAT, NULL, f, N, 1, NULL, gn);
    CLOSE(vm, -log1p(exp(-10.0)), 1e-9);
    CLOSE(vn, 10.0 + log1p(exp(-10.0)), 1e-6);
    CLOSE(gm[0], -1.0 / (1.0 + exp(10.0)) / N, 1e-9);
    CLOSE(gn[0], -(1.0 - 1.0 / (1.0 + exp(10.0))) / N, 1e-7);
    CU_ASSERT(fabsf(gn[0]) > 1000 * fabsf(gm[0]));

    float big[2] = {100.0f, -100.0f}, gb[2] = {0};
    for (int l = 0; l < PG_GAN_LOSS_COUNT; l++) {
        CU_ASSERT(isfinite(pg_gan_loss_g((pg_gan_loss)l, big, big, 2, 1, gb,
                                         gb)));
        CU_ASSERT(isfinite(pg_gan_loss_d((pg_gan_loss)l, big, big, 2, 0.9f, 1,
                                         gb, gb)));
    }
    CU_ASSERT(isfinite(gb[0]) && isfinite(gb[1]));
}

/* One-sided label smoothing: with real label 0.9 the D loss on real logits
 * is minimised at sigmoid(r) = 0.9 (r = log 9), where its value is the
 * binary entropy of 0.9 and its gradient vanishes; fake terms unchanged;
 * the non-BCE losses ignore the label. */
static void test_label_smoothing(void)
{
    float r[N], f[N], gr[N] = {0}, gf1[N] = {0}, gf9[N] = {0};
    fill(r, N, (float)log(9.0));
    fill(f, N, -1.0f);
    double h09 = -(0.9 * log(0.9) + 0.1 * log(0.1));
    double fake = log1p(exp(-1.0));
    CLOSE(pg_gan_loss_d(PG_GAN_NONSAT, r, f, N, 0.9f, 1, gr, gf9), h09 + fake,
          1e-6);
    CLOSE(gr[0], 0.0, 1e-7);
    pg_gan_loss_d(PG_GAN_NONSAT, r, f, N, 1.0f, 1, NULL, gf1);
    CU_ASSERT_EQUAL(memcmp(gf1, gf9, sizeof gf1), 0);
    /* Without smoothing the same real logits are pushed further up. */
    float gr1[N] = {0};
    pg_gan_loss_d(PG_GAN_MINIMAX, r, f, N, 1.0f, 1, gr1, NULL);
    CU_ASSERT(gr1[0] < -1e-3f / N);
    /* RaGAN: target 0.9 on the relative real logit r - mean f = log 9, so
     * that term's gradient vanishes; what is left on d_real comes from the
     * fake term BCE(f - mean r, 0): -sigmoid(-log 9) / N = -0.1 / N. */
    float rr[N], gq[N] = {0};
    fill(rr, N, (float)(log(9.0) - 1.0));
    pg_gan_loss_d(PG_GAN_RAGAN, rr, f, N, 0.9f, 1, gq, NULL);
    CLOSE(gq[0], -0.1 / N, 1e-7);
    for (int l = PG_GAN_HINGE; l <= PG_GAN_WGAN; l++)
        CU_ASSERT_EQUAL(
            pg_gan_loss_d((pg_gan_loss)l, r, f, N, 0.9f, 1, NULL, NULL),
            pg_gan_loss_d((pg_gan_loss)l, r, f, N, 1.0f, 1, NULL, NULL));
}

typedef struct fmcase {
    float real[5 * 3];
    float weight;
} fmcase;

/* Feature matching as a function of the fake features (4 x 3). */
static double fm_fn(void *ctx, const float *x, float *grad)
{
    const fmcase *c = ctx;
    return c->weight *
           pg_gan_feature_matching(c->real, 5, x, 4, 3, c->weight, grad);
}

static void test_feature_matching(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(13, 0, PG_RNG_TEST, &r));
    fmcase c = {.weight = 0.7f};
    float fake[4 * 3];
    pg_rng_fill_gaussian(r, c.real, 15, 1.0);
    pg_rng_fill_gaussian(r, fake, 12, 1.0);
    CU_ASSERT_EQUAL(gc_check_function(fm_fn, &c, fake, 12, NULL,
                                      "feature matching"), 0);
    /* Hand value: real rows mean (1,2,3) vs fake mean (0,2,5) -> 1 + 0 + 4;
     * gradient -2 (mr - mf) / batch_fake per fake row. */
    float fr[2 * 3] = {0, 2, 2, 2, 2, 4}, ff[2 * 3] = {0, 1, 5, 0, 3, 5};
    float g[6] = {0};
    CLOSE(pg_gan_feature_matching(fr, 2, ff, 2, 3, 1, g), 5.0, 1e-12);
    CLOSE(g[0], -2.0 * 1 / 2, 1e-7);
    CLOSE(g[1], 0.0, 1e-7);
    CLOSE(g[5], -2.0 * -2 / 2, 1e-7);
    /* Same mean, different samples: zero. */
    float a[2] = {1, 3}, b[4] = {2, 0, 4, 2};
    CLOSE(pg_gan_feature_matching(a, 2, b, 4, 1, 1, NULL), 0.0, 1e-12);
    pg_rng_destroy(&r);
}

/* D's mean output as metrics show it: of the logistic for BCE losses, of
 * the raw values for the others. */
static void test_d_mean(void)
{
    const float d[3] = {0.0f, 2.0f, -2.0f};
    double sig = (0.5 + 1.0 / (1.0 + exp(-2.0)) + 1.0 / (1.0 + exp(2.0))) / 3;
    CLOSE(pg_gan_loss_d_mean(PG_GAN_NONSAT, d, 3), sig, 1e-15);
    CLOSE(pg_gan_loss_d_mean(PG_GAN_RAGAN, d, 3), sig, 1e-15);
    CLOSE(pg_gan_loss_d_mean(PG_GAN_HINGE, d, 3), 0.0, 1e-15);
    CLOSE(pg_gan_loss_d_mean(PG_GAN_WGAN, d + 1, 1), 2.0, 1e-15);
}

static void test_names(void)
{
    for (int l = 0; l < PG_GAN_LOSS_COUNT; l++) {
        pg_gan_loss back;
        const char *name = pg_gan_loss_name((pg_gan_loss)l);
        CU_ASSERT_PTR_NOT_NULL_FATAL(name);
        CU_ASSERT_PTR_NOT_NULL(strstr(pg_gan_loss_choices(), name));
        PG_ASSERT_OK(pg_gan_loss_parse(name, &back));
        CU_ASSERT_EQUAL(back, l);
    }
    CU_ASSERT_PTR_NULL(pg_gan_loss_name(PG_GAN_LOSS_COUNT));
    pg_gan_loss out;
    CU_ASSERT_EQUAL(pg_gan_loss_parse("wasserstein", &out), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "wasserstein"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "ragan"));
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gan_loss");
    PG_TEST(s, test_gradients);
    PG_TEST(s, test_weight_and_add);
    PG_TEST(s, test_values_at_optimum);
    PG_TEST(s, test_minimax_saturates);
    PG_TEST(s, test_label_smoothing);
    PG_TEST(s, test_feature_matching);
    PG_TEST(s, test_d_mean);
    PG_TEST(s, test_names);
}
