/* Losses (nn/loss.h): finite-difference gradient checks for every loss and
 * every argument that has a gradient, values against hand-computed
 * numbers, stability at extreme logits, and the weight / ADD convention. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gradcheck.h"
#include "nn/loss.h"
#include "runner.h"

enum kind {
    K_BCE, K_BCE_CONST, K_HINGE_REAL, K_HINGE_FAKE, K_MSE, K_L1, K_CE,
    K_KL_MU, K_KL_LOGVAR, K_MEAN, K_GRAD_L1, K_MEAN_MATCH, K_COUNT
};
static const char *const kind_names[K_COUNT] = {
    "bce_logits", "bce_logits_const", "hinge_real", "hinge_fake", "mse",
    "l1", "cross_entropy", "gaussian_kl_mu", "gaussian_kl_logvar", "mean", "grad_l1",
    "mean_match"};

#define N 24          /* elements; also BATCH * CLASSES and BATCH * DIM */
#define BATCH 4
#define CLASSES 6
#define DIM 6
#define IMAGES 2      /* grad_l1: IMAGES * ROWS * COLS == N */
#define ROWS 3
#define COLS 4

/* One loss as a function of one of its inputs (x); the others are fixed. */
typedef struct lcase {
    enum kind kind;
    float weight;
    float x[N];       /* the argument being differentiated */
    float other[N];   /* targets, or logvar / mu for the KL */
    int labels[BATCH];
} lcase;

static double eval(const lcase *c, const float *x, float weight, float *grad)
{
    switch (c->kind) {
    case K_BCE: return pg_loss_bce_logits(x, c->other, N, weight, grad);
    case K_BCE_CONST: return pg_loss_bce_logits_const(x, 0.9f, N, weight, grad);
    case K_HINGE_REAL: return pg_loss_hinge(x, 1.0f, N, weight, grad);
    case K_HINGE_FAKE: return pg_loss_hinge(x, -1.0f, N, weight, grad);
    case K_MSE: return pg_loss_mse(x, c->other, N, weight, grad);
    case K_L1: return pg_loss_l1(x, c->other, N, weight, grad);
    case K_CE:
        return pg_loss_cross_entropy(x, c->labels, BATCH, CLASSES, weight, grad);
    case K_KL_MU:
        return pg_loss_gaussian_kl(x, c->other, BATCH, DIM, weight, grad, NULL);
    case K_KL_LOGVAR:
        return pg_loss_gaussian_kl(c->other, x, BATCH, DIM, weight, NULL, grad);
    case K_MEAN: return pg_loss_mean(x, N, weight, grad);
    case K_GRAD_L1:
        return pg_loss_grad_l1(x, c->other, IMAGES, ROWS, COLS, weight, grad);
    case K_MEAN_MATCH:
        return pg_loss_mean_match(x, c->other, IMAGES, N / IMAGES, weight,
                                  grad);
    default: return NAN;
    }
}

/* gc_fn: the weighted loss, whose gradient is what the loss adds. */
static double weighted(void *ctx, const float *x, float *grad)
{
    const lcase *c = ctx;
    return c->weight * eval(c, x, c->weight, grad);
}

/* Random inputs away from each loss's kinks. */
static void make_case(lcase *c, enum kind k, pg_rng *r)
{
    memset(c, 0, sizeof *c);
    c->kind = k;
    c->weight = 1.7f;
    gc_fill_away(r, c->x, N, NULL, 0, 0);
    gc_fill_away(r, c->other, N, NULL, 0, 0);
    const double hinge_kink[] = {1.0}, fake_kink[] = {-1.0}, zero[] = {0.0};
    switch (k) {
    case K_BCE: pg_rng_fill_uniform(r, c->other, N, 0.0, 1.0); break;
    case K_HINGE_REAL: gc_fill_away(r, c->x, N, hinge_kink, 1, 0.05); break;
    case K_HINGE_FAKE: gc_fill_away(r, c->x, N, fake_kink, 1, 0.05); break;
    case K_L1: {
        float d[N];
        gc_fill_away(r, d, N, zero, 1, 0.05);
        for (int i = 0; i < N; i++) c->x[i] = c->other[i] + d[i];
        break;
    }
    case K_GRAD_L1:
        /* x = target + a ramp with small noise: every difference of x is
         * the target's plus at least 0.1, away from the kink. */
        for (int i = 0; i < N; i++) {
            int row = (i / COLS) % ROWS, col = i % COLS;
            c->x[i] = c->other[i] + 0.3f * (float)row + 0.2f * (float)col +
                      0.08f * (float)pg_rng_uniform(r) - 0.04f;
        }
        break;
    case K_CE:
        for (int b = 0; b < BATCH; b++)
            c->labels[b] = (int)pg_rng_uniform_int(r, CLASSES);
        break;
    default: break;
    }
}

static void test_gradients(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &r));
    for (int k = 0; k < K_COUNT; k++) {
        lcase c;
        make_case(&c, (enum kind)k, r);
        CU_ASSERT_EQUAL(gc_check_function(weighted, &c, c.x, N, NULL,
                                          kind_names[k]), 0);
    }
    pg_rng_destroy(&r);
}

/* grad is accumulated, not overwritten, and scales with weight; the value
 * is neither weighted nor changed by asking for the gradient. */
static void test_weight_and_add(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(8, 0, PG_RNG_TEST, &r));
    for (int k = 0; k < K_COUNT; k++) {
        lcase c;
        make_case(&c, (enum kind)k, r);
        float g1[N] = {0}, g2[N] = {0}, g3[N] = {0};
        double v0 = eval(&c, c.x, 1.0f, NULL);
        double v1 = eval(&c, c.x, 1.0f, g1);
        eval(&c, c.x, 1.0f, g2);
        eval(&c, c.x, 1.0f, g2);
        double v3 = eval(&c, c.x, 3.0f, g3);
        CU_ASSERT(isfinite(v0));
        CU_ASSERT_EQUAL(v0, v1);
        CU_ASSERT_EQUAL(v0, v3);
        int bad = 0, nonzero = 0;
        for (int i = 0; i < N; i++) {
            if (g1[i] != 0) nonzero++;
            if (g2[i] != 2 * g1[i]) bad++;
            if (fabs(g3[i] - 3.0 * g1[i]) > 1e-6 * fabs(3.0 * g1[i]) + 1e-12)
                bad++;
        }
        if (bad) fprintf(stderr, "%s: weight/add mismatch\n", kind_names[k]);
        CU_ASSERT_EQUAL(bad, 0);
        CU_ASSERT(nonzero > 0);
    }
    pg_rng_destroy(&r);
}

#define CLOSE(a, b, tol) CU_ASSERT(fabs((double)(a) - (double)(b)) <= (tol))

static void test_bce_values(void)
{
    /* Logit 0: loss log 2 whatever the target; gradient 0.5 - t. */
    float x0[2] = {0, 0}, t[2] = {1, 0.25f}, g[2] = {0};
    CLOSE(pg_loss_bce_logits(x0, t, 2, 1.0f, g), log(2.0), 1e-12);
    CLOSE(g[0], 0.5 / 2 * -1.0, 1e-7);
    CLOSE(g[1], 0.25 / 2, 1e-7);
    CLOSE(pg_loss_bce_logits_const(x0, 0.9f, 2, 1.0f, NULL), log(2.0), 1e-12);

    /* Against -t log s - (1-t) log(1-s) at moderate logits. */
    float x[3] = {1.5f, -0.7f, 3.0f}, tt[3] = {0.2f, 1.0f, 0.6f};
    double ref = 0;
    for (int i = 0; i < 3; i++) {
        double s = 1.0 / (1.0 + exp(-(double)x[i]));
        ref += -tt[i] * log(s) - (1.0 - tt[i]) * log(1.0 - s);
    }
    CLOSE(pg_loss_bce_logits(x, tt, 3, 1.0f, NULL), ref / 3, 1e-12);

    /* Logits +-100: no overflow, exact limits. */
    float big[2] = {100.0f, -100.0f}, gb[2] = {0};
    double right = pg_loss_bce_logits_const(big, 1.0f, 2, 1.0f, gb);
    CU_ASSERT(isfinite(right));
    CLOSE(right, 100.0 / 2, 1e-9);        /* 0 for +100, 100 for -100 */
    CLOSE(gb[0], 0.0, 1e-30);
    CLOSE(gb[1], -0.5, 1e-7);
    float gw[2] = {0};
    double wrong = pg_loss_bce_logits_const(big, 0.0f, 2, 1.0f, gw);
    CLOSE(wrong, 100.0 / 2, 1e-9);
    CLOSE(gw[0], 0.5, 1e-7);
    CLOSE(gw[1], 0.0, 1e-30);
    CU_ASSERT(isfinite(gb[0]) && isfinite(gw[1]));
}

static void test_other_values(void)
{
    float x[5] = {0.5f, 2.0f, -3.0f, -0.2f, 1.2f}, g[5] = {0};
    /* Real: 0.5, 0, 4, 1.2, 0 -> 1.14; fake: 1.5, 3, 0, 0.8, 2.2 -> 1.5. */
    CLOSE(pg_loss_hinge(x, 1.0f, 5, 1.0f, g), 1.14, 1e-7);
    CLOSE(g[0], -0.2, 1e-8);
    CU_ASSERT_EQUAL(g[1], 0.0f);
    CU_ASSERT_EQUAL(g[4], 0.0f);
    float gf[5] = {0};
    CLOSE(pg_loss_hinge(x, -1.0f, 5, 1.0f, gf), 1.5, 1e-7);
    CLOSE(gf[4], 0.2, 1e-8);
    CU_ASSERT_EQUAL(gf[2], 0.0f);

    float p[3] = {1, 2, 3}, t[3] = {0, 2, 5}, gm[3] = {0}, gl[3] = {0};
    CLOSE(pg_loss_mse(p, t, 3, 1.0f, gm), 5.0 / 3, 1e-12);
    CLOSE(gm[2], 2.0 * -2 / 3, 1e-7);
    CLOSE(pg_loss_l1(p, t, 3, 1.0f, gl), 1.0, 1e-12);
    CU_ASSERT_EQUAL(gl[1], 0.0f); /* subgradient 0 where p == t */
    CLOSE(gl[0], 1.0 / 3, 1e-7);
    CLOSE(gl[2], -1.0 / 3, 1e-7);

    /* Equal logits: log C, gradient 1/C - [c == label], over the batch. */
    float z[2 * 5] = {0}, gz[2 * 5] = {0};
    int lab[2] = {3, 0};
    CLOSE(pg_loss_cross_entropy(z, lab, 2, 5, 1.0f, gz), log(5.0), 1e-12);
    CLOSE(gz[3], (0.2 - 1) / 2, 1e-7);
    CLOSE(gz[4], 0.2 / 2, 1e-7);
    CLOSE(gz[5], (0.2 - 1) / 2, 1e-7);
    /* Huge logits stay finite: the row is a confident correct answer. */
    float h[3] = {1000.0f, -1000.0f, 0.0f};
    int l0 = 0;
    CLOSE(pg_loss_cross_entropy(h, &l0, 1, 3, 1.0f, NULL), 0.0, 1e-12);

    float mu[2] = {0, 1}, lv[2] = {0, 0}, gmu[2] = {0}, glv[2] = {0};
    /* mu=0, lv=0 contributes 0; mu=1 contributes 0.5; one row. */
    CLOSE(pg_loss_gaussian_kl(mu, lv, 1, 1, 1.0f, gmu, glv), 0.0, 1e-12);
    CU_ASSERT_EQUAL(gmu[0], 0.0f);
    CU_ASSERT_EQUAL(glv[0], 0.0f);
    CLOSE(pg_loss_gaussian_kl(mu, lv, 1, 2, 1.0f, NULL, NULL), 0.5, 1e-12);
    CLOSE(pg_loss_gaussian_kl(mu, lv, 2, 1, 1.0f, NULL, NULL), 0.25, 1e-12);
    /* lv = log 2: -0.5 (1 + log 2 - 2). */
    float lv2 = (float)log(2.0), m0 = 0;
    CLOSE(pg_loss_gaussian_kl(&m0, &lv2, 1, 1, 1.0f, NULL, NULL),
          -0.5 * (1 + (double)lv2 - exp((double)lv2)), 1e-12);

    CLOSE(pg_loss_mean(p, 3, 1.0f, NULL), 2.0, 1e-12);

    /* A 2 x 2 image, target flat: differences x 1, 1 and y 2, 2 -> 1.5.
     * An offset changes nothing: differences only. */
    float q[4] = {0, 1, 2, 3}, flat[4] = {5, 5, 5, 5}, gq[4] = {0};
    CLOSE(pg_loss_grad_l1(q, flat, 1, 2, 2, 1.0f, gq), 1.5, 1e-12);
    CLOSE(gq[0], -2.0 / 4, 1e-7); /* -1/4 from x, -1/4 from y */
    CLOSE(gq[3], 2.0 / 4, 1e-7);
    CLOSE(gq[1], 0.0, 1e-7);      /* +1/4 from x, -1/4 from y */
    float q5[4] = {5, 6, 7, 8};
    CLOSE(pg_loss_grad_l1(q5, flat, 1, 2, 2, 1.0f, NULL), 1.5, 1e-12);

    /* Two samples of 2: means 1.5 and 5 against 5 and 5 -> (3.5^2 + 0) / 2;
     * the first sample's gradient 2 (-3.5) / (2 2) on both values, the
     * second's 0. */
    float gmm[4] = {0};
    float pm[4] = {1, 2, 4, 6};
    CLOSE(pg_loss_mean_match(pm, flat, 2, 2, 1.0f, gmm), 3.5 * 3.5 / 2, 1e-12);
    CLOSE(gmm[0], -3.5 / 2, 1e-7);
    CLOSE(gmm[1], -3.5 / 2, 1e-7);
    CU_ASSERT_EQUAL(gmm[2], 0.0f);
}

/* Caller bugs and empty inputs give NAN and leave grad untouched. */
static void test_invalid_inputs(void)
{
    float z[2 * 3] = {0}, g[2 * 3] = {0};
    int bad_hi[2] = {0, 3}, bad_lo[2] = {-1, 0};
    CU_ASSERT(isnan(pg_loss_cross_entropy(z, bad_hi, 2, 3, 1.0f, g)));
    CU_ASSERT(isnan(pg_loss_cross_entropy(z, bad_lo, 2, 3, 1.0f, g)));
    for (int i = 0; i < 6; i++) CU_ASSERT_EQUAL(g[i], 0.0f);
    CU_ASSERT(isnan(pg_loss_mean(z, 0, 1.0f, g)));
    CU_ASSERT(isnan(pg_loss_mse(z, z, 0, 1.0f, g)));
    CU_ASSERT(isnan(pg_loss_gaussian_kl(z, z, 0, 3, 1.0f, g, g)));
    CU_ASSERT(isnan(pg_loss_grad_l1(z, z, 1, 1, 1, 1.0f, g)));
    CU_ASSERT(isnan(pg_loss_grad_l1(z, z, 0, 2, 3, 1.0f, g)));
    CU_ASSERT(isnan(pg_loss_mean_match(z, z, 0, 3, 1.0f, g)));
    CU_ASSERT(isnan(pg_loss_mean_match(z, z, 2, 0, 1.0f, g)));
    for (int i = 0; i < 6; i++) CU_ASSERT_EQUAL(g[i], 0.0f);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_loss");
    PG_TEST(s, test_gradients);
    PG_TEST(s, test_weight_and_add);
    PG_TEST(s, test_bce_values);
    PG_TEST(s, test_other_values);
    PG_TEST(s, test_invalid_inputs);
}
