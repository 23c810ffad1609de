/* FGSM, PGD and adversarial training (src/lab/adversarial.h,
 * lab/adv_trainer.h) on a tiny generated two-class image set.
 *
 * The set is built so that standard and robust training must differ
 * (Tsipras et al. 2019): a 2x2 corner block is 0.1 or 0.9 by class but
 * agrees with the label in only 90 % of examples (a robust feature: moving
 * it across 0.5 takes eps > 0.4), while the other 60 pixels sit at
 * 0.5 -+ 0.1 by class with noise 0.1 (together perfectly predictive, but
 * an eps = 0.2 shift flips every one of them). Standard training uses the
 * weak pixels and loses under attack; PGD training must use the block. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "gradcheck.h"
#include "models/classifier.h"
#include "lab/adversarial.h"
#include "runner.h"
#include "lab/adv_trainer.h"

enum { SIDE = 8, DIM = SIDE * SIDE, N_TRAIN = 256, N_TEST = 128, BATCH = 32,
       WIDTH = 4 };
static const double BLOCK_AGREES = 0.9, WEAK_SHIFT = 0.1, WEAK_NOISE = 0.1;
static const double EPS = 0.2;

static float clamp01(double v) { return (float)(v < 0 ? 0 : v > 1 ? 1 : v); }

static void make_set(pg_rng *r, float *x, int32_t *y, int n)
{
    for (int i = 0; i < n; i++) {
        int label = (int)pg_rng_uniform_int(r, 2);
        double s = label ? 1 : -1;
        double block = pg_rng_uniform(r) < BLOCK_AGREES ? s : -s;
        for (int p = 0; p < DIM; p++) {
            int in_block = p / SIDE < 2 && p % SIDE < 2;
            x[i * DIM + p] = in_block
                ? clamp01(0.5 + 0.4 * block)
                : clamp01(0.5 + WEAK_SHIFT * s + pg_rng_gaussian(r, WEAK_NOISE));
        }
        y[i] = label;
    }
}

/* Trained once, shared by the tests that need trained models. */
static float xs[N_TRAIN * DIM], xt[N_TEST * DIM];
static int32_t ys[N_TRAIN], yt[N_TEST];
static pg_classifier *standard, *robust;

static pg_pgd_opts pgd_opts(double eps, int steps)
{
    return (pg_pgd_opts){eps, PG_PGD_ALPHA_RATIO * eps / steps, steps, 1};
}

static pg_image_batch set_of(const float *x, const int32_t *y, int n)
{
    return (pg_image_batch){x, y, n, 1, SIDE, SIDE, 2};
}

static int train_models(void)
{
    pg_rng *r;
    if (pg_rng_create(7, 0, PG_RNG_TEST, &r)) return -1;
    make_set(r, xs, ys, N_TRAIN);
    make_set(r, xt, yt, N_TEST);
    pg_rng_destroy(&r);
    pg_image_batch train = set_of(xs, ys, N_TRAIN);
    pg_adv_train_opts o = {.epochs = 25, .batch = BATCH, .width = WIDTH,
                           .lr = 3e-3, .seed = 1, .adv_share = 0,
                           .pgd = pgd_opts(EPS, 5)};
    if (pg_adv_train(&train, &o, NULL, NULL, &standard, NULL)) return -1;
    o.adv_share = 1;
    if (pg_adv_train(&train, &o, NULL, NULL, &robust, NULL)) return -1;
    return 0;
}

static pg_adv_oracle oracle_of(pg_classifier *cl)
{
    return (pg_adv_oracle){pg_classifier_input_grad, cl, cl->dim, cl->batch};
}

static void test_fgsm_linf_exactly_eps(void)
{
    pg_rng *r;
    pg_classifier *cl;
    pg_adv_work *w;
    PG_ASSERT_OK(pg_rng_create(3, 0, PG_RNG_TEST, &r));
    PG_ASSERT_OK(pg_classifier_create(BATCH, 1, SIDE, SIDE, 2, WIDTH, r, &cl));
    PG_ASSERT_OK(pg_adv_work_create(BATCH, DIM, &w));
    static float x[BATCH * DIM], xa[BATCH * DIM], g[BATCH * DIM];
    int32_t y[BATCH];
    /* A quarter of the pixels at the box's edges, so clipping happens. */
    for (int i = 0; i < BATCH * DIM; i++) {
        double u = pg_rng_uniform(r);
        x[i] = u < 0.125 ? 0.0f : u < 0.25 ? 1.0f : (float)pg_rng_uniform(r);
    }
    for (int i = 0; i < BATCH; i++) y[i] = i % 2;
    pg_adv_oracle o = oracle_of(cl);
    const double eps = 0.05;
    PG_ASSERT_OK(pg_adv_fgsm(&o, w, x, y, BATCH, eps, xa));
    PG_ASSERT_OK(pg_classifier_input_grad(cl, x, y, BATCH, NULL, g));
    int moved = 0, clipped = 0;
    for (int i = 0; i < BATCH * DIM; i++) {
        CU_ASSERT(xa[i] >= 0.0f && xa[i] <= 1.0f);
        double d = (double)xa[i] - x[i];
        double want = g[i] > 0 ? eps : g[i] < 0 ? -eps : 0;
        if (x[i] + want < 0 || x[i] + want > 1) {
            clipped++;
            CU_ASSERT(xa[i] == (want > 0 ? 1.0f : 0.0f));
        } else {
            CU_ASSERT(fabs(d - want) < 1e-6);
            moved += want != 0;
        }
    }
    /* Not vacuous: most pixels moved by eps, and some were clipped. */
    CU_ASSERT(moved > BATCH * DIM / 2);
    CU_ASSERT(clipped > 0);
    pg_adv_work_destroy(&w);
    pg_classifier_destroy(&cl);
    pg_rng_destroy(&r);
}

static void test_project(void)
{
    float x[4] = {0.0f, 0.5f, 0.95f, 0.5f};
    float a[4] = {-0.3f, 0.9f, 1.2f, 0.45f};
    pg_adv_project(x, a, 4, 0.1);
    CU_ASSERT_EQUAL(a[0], 0.0f);                 /* box */
    CU_ASSERT_DOUBLE_EQUAL(a[1], 0.6, 1e-6);     /* ball */
    CU_ASSERT_EQUAL(a[2], 1.0f);                 /* box tighter than ball */
    CU_ASSERT_DOUBLE_EQUAL(a[3], 0.45, 1e-6);    /* inside: unchanged */
}

static void test_pgd_in_ball_and_stronger_than_fgsm(void)
{
    CU_ASSERT_FATAL(standard != NULL);
    pg_adv_oracle o = oracle_of(standard);
    pg_adv_work *w;
    pg_rng *r;
    PG_ASSERT_OK(pg_adv_work_create(BATCH, DIM, &w));
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &r));
    static float xf[BATCH * DIM], xp[BATCH * DIM], g[BATCH * DIM];
    double lf[BATCH], lp[BATCH], sum_f = 0, sum_p = 0;
    const double eps = 0.1;
    pg_pgd_opts p = pgd_opts(eps, 10);
    for (int b0 = 0; b0 < N_TEST; b0 += BATCH) {
        const float *x = xt + b0 * DIM;
        const int32_t *y = yt + b0;
        PG_ASSERT_OK(pg_adv_fgsm(&o, w, x, y, BATCH, eps, xf));
        PG_ASSERT_OK(pg_classifier_input_grad(standard, xf, y, BATCH, lf, g));
        PG_ASSERT_OK(pg_adv_pgd(&o, w, x, y, BATCH, &p, r, xp, lp));
        for (int i = 0; i < BATCH * DIM; i++) {
            CU_ASSERT(fabsf(xp[i] - x[i]) <= (float)eps + 1e-6f);
            CU_ASSERT(xp[i] >= 0.0f && xp[i] <= 1.0f);
        }
        for (int i = 0; i < BATCH; i++) {
            sum_f += lf[i];
            sum_p += lp[i];
        }
    }
    double clean = 0, mean_f = sum_f / N_TEST, mean_p = sum_p / N_TEST;
    pg_image_batch test = set_of(xt, yt, N_TEST);
    /* The reported best loss is the loss at the returned point. */
    PG_ASSERT_OK(pg_classifier_input_grad(standard, xp, yt + N_TEST - BATCH,
                                          BATCH, lf, g));
    for (int i = 0; i < BATCH; i++)
        CU_ASSERT_DOUBLE_EQUAL(lf[i], lp[i], 1e-9);
    PG_ASSERT_OK(pg_adv_accuracy(standard, &test, PG_ADV_NONE, &p, 1, &clean));
    printf("\n  eps %.2f: mean loss FGSM %.4f, PGD %.4f (clean acc %.3f)\n",
           eps, mean_f, mean_p, clean);
    CU_ASSERT(mean_p >= mean_f);
    pg_rng_destroy(&r);
    pg_adv_work_destroy(&w);
}

/* Sum of the examples' losses as a function of the input, for gradcheck. */
static double sum_loss(void *ctx, const float *x, float *grad)
{
    pg_classifier *cl = ctx;
    static float g[4 * DIM];
    double l[4], s = 0;
    int32_t y[4] = {0, 1, 1, 0};
    if (pg_classifier_input_grad(cl, x, y, 4, l, g)) return NAN;
    if (grad) memcpy(grad, g, sizeof g);
    for (int i = 0; i < 4; i++) s += l[i];
    return s;
}

static void test_input_gradient_matches_finite_differences(void)
{
    pg_rng *r;
    pg_classifier *cl;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    PG_ASSERT_OK(pg_classifier_create(4, 1, SIDE, SIDE, 2, WIDTH, r, &cl));
    float x[4 * DIM];
    pg_rng_fill_uniform(r, x, 4 * DIM, 0.2, 0.8);
    /* A small step: ReLU kinks inside the net cannot be steered away. */
    gc_opts o = {.eps = 2e-4, .max_checks = 4 * DIM};
    CU_ASSERT_EQUAL(gc_check_function(sum_loss, cl, x, 4 * DIM, &o,
                                      "classifier d loss / d input"), 0);
    pg_classifier_destroy(&cl);
    pg_rng_destroy(&r);
}

static void test_adversarial_training_is_more_robust(void)
{
    CU_ASSERT_FATAL(standard != NULL && robust != NULL);
    pg_image_batch test = set_of(xt, yt, N_TEST);
    pg_pgd_opts p = pgd_opts(EPS, 10);
    double sc, sr, rc, rr;
    PG_ASSERT_OK(pg_adv_accuracy(standard, &test, PG_ADV_NONE, &p, 9, &sc));
    PG_ASSERT_OK(pg_adv_accuracy(standard, &test, PG_ADV_PGD, &p, 9, &sr));
    PG_ASSERT_OK(pg_adv_accuracy(robust, &test, PG_ADV_NONE, &p, 9, &rc));
    PG_ASSERT_OK(pg_adv_accuracy(robust, &test, PG_ADV_PGD, &p, 9, &rr));
    printf("\n  standard: clean %.3f PGD %.3f; adversarial: clean %.3f "
           "PGD %.3f\n", sc, sr, rc, rr);
    CU_ASSERT(sc > 0.95);              /* the weak pixels suffice */
    CU_ASSERT(rr > sr + 0.3);          /* the point of adversarial training */
    CU_ASSERT(rr > 0.7);               /* it found the robust block */
}

static void test_bad_arguments(void)
{
    CU_ASSERT_FATAL(standard != NULL);
    pg_adv_oracle o = oracle_of(standard);
    pg_adv_work *w;
    PG_ASSERT_OK(pg_adv_work_create(BATCH, DIM, &w));
    static float xa[BATCH * DIM];
    CU_ASSERT_EQUAL(pg_adv_fgsm(&o, w, xt, yt, BATCH, -0.1, xa), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_adv_fgsm(&o, w, xt, yt, BATCH + 1, 0.1, xa), PG_ERR_ARG);
    pg_pgd_opts p = {0.1, 0.0, 5, 0};
    CU_ASSERT_EQUAL(pg_adv_pgd(&o, w, xt, yt, BATCH, &p, NULL, xa, NULL),
                    PG_ERR_ARG);
    p = pgd_opts(0.1, 5);
    CU_ASSERT_EQUAL(pg_adv_pgd(&o, w, xt, yt, BATCH, &p, NULL, xa, NULL),
                    PG_ERR_ARG); /* random start without an RNG */
    int32_t bad[BATCH] = {0};
    bad[3] = 2;
    CU_ASSERT_EQUAL(pg_adv_fgsm(&o, w, xt, bad, BATCH, 0.1, xa), PG_ERR_ARG);
    pg_error_clear();
    pg_adv_work_destroy(&w);
}

static int suite_init(void) { return train_models(); }
static int suite_clean(void)
{
    pg_classifier_destroy(&standard);
    pg_classifier_destroy(&robust);
    return 0;
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("attacks");
    PG_TEST(s, test_fgsm_linf_exactly_eps);
    PG_TEST(s, test_project);
    PG_TEST(s, test_input_gradient_matches_finite_differences);
    CU_pSuite t = CU_add_suite("trained", suite_init, suite_clean);
    PG_TEST(t, test_pgd_in_ball_and_stronger_than_fgsm);
    PG_TEST(t, test_adversarial_training_is_more_robust);
    PG_TEST(t, test_bad_arguments);
}
