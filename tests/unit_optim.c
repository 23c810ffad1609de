/* Optimisers and EMA (nn/optim.h, nn/ema.h): steps against double
 * precision references written from the PyTorch formulas, convergence on
 * a convex quadratic, bit-exact continuation from saved state, argument
 * validation, and the EMA closed form. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "nn/ema.h"
#include "nn/optim.h"
#include "runner.h"

#define NW 5
#define STEPS 3

static const float w_init[NW] = {0.5f, -1.2f, 2.0f, 0.8f, -0.3f};
/* A different gradient each step: signs flip, magnitudes from 1e-3 (where
 * eps matters) to 3. */
static const float grads[STEPS][NW] = {
    {0.3f, -2.0f, 1e-3f, 0.05f, -0.7f},
    {-0.1f, -1.5f, 2e-3f, 3.0f, 0.4f},
    {0.2f, 0.5f, -1e-3f, -0.02f, 0.9f},
};

static int rel_mismatches(const char *what, const float *got,
                          const double *ref, int n, double rtol)
{
    int bad = 0;
    for (int i = 0; i < n; i++)
        if (fabs(got[i] - ref[i]) > rtol * fabs(ref[i])) {
            fprintf(stderr, "%s[%d]: got %.9g, reference %.9g\n", what, i,
                    got[i], ref[i]);
            bad++;
        }
    return bad;
}

/* Textbook form (bias-corrected m_hat, v_hat), which PyTorch's
 * lr/bc1 * m / (sqrt(v)/sqrt(bc2) + eps) rearranges. */
static void check_adam(double lr, double b1, double b2, double eps, double wd,
                       double lr3)
{
    pg_adam *a;
    PG_ASSERT_OK(pg_adam_create(NW, lr, b1, b2, eps, wd, &a));
    float w[NW];
    memcpy(w, w_init, sizeof w);
    double rw[NW], rm[NW] = {0}, rv[NW] = {0};
    for (int i = 0; i < NW; i++) rw[i] = w_init[i];
    for (int t = 1; t <= STEPS; t++) {
        double step_lr = t == STEPS ? lr3 : lr;
        if (t == STEPS) pg_adam_set_lr(a, lr3);
        pg_adam_step(a, w, grads[t - 1]);
        for (int i = 0; i < NW; i++) {
            double g = grads[t - 1][i];
            rw[i] -= step_lr * wd * rw[i];
            rm[i] = b1 * rm[i] + (1 - b1) * g;
            rv[i] = b2 * rv[i] + (1 - b2) * g * g;
            double mh = rm[i] / (1 - pow(b1, t)), vh = rv[i] / (1 - pow(b2, t));
            rw[i] -= step_lr * mh / (sqrt(vh) + eps);
        }
    }
    CU_ASSERT_EQUAL(pg_adam_steps(a), STEPS);
    CU_ASSERT_EQUAL(pg_adam_size(a), NW);
    CU_ASSERT_EQUAL(rel_mismatches("adam w", w, rw, NW, 1e-6), 0);
    CU_ASSERT_EQUAL(rel_mismatches("adam m", pg_adam_m(a), rm, NW, 1e-6), 0);
    CU_ASSERT_EQUAL(rel_mismatches("adam v", pg_adam_v(a), rv, NW, 1e-6), 0);
    /* The test must be able to fail: the weights moved measurably. */
    CU_ASSERT(fabs(w[0] - w_init[0]) > 1e-3);
    pg_adam_destroy(&a);
    CU_ASSERT_PTR_NULL(a);
}

static void test_adam_reference(void)
{
    check_adam(1e-2, 0.9, 0.999, 1e-8, 0, 1e-2);
    check_adam(5e-2, 0.5, 0.9, 1e-3, 0, 2e-2);  /* eps matters for g ~ 1e-3 */
}

static void test_adamw_reference(void)
{
    check_adam(1e-2, 0.9, 0.999, 1e-8, 0.1, 1e-2);
    check_adam(5e-2, 0.0, 0.99, 1e-6, 0.5, 1e-1);
}

static void check_sgd(double lr, double mom, double wd)
{
    pg_sgd *s;
    PG_ASSERT_OK(pg_sgd_create(NW, lr, mom, wd, &s));
    float w[NW];
    memcpy(w, w_init, sizeof w);
    double rw[NW], rb[NW] = {0};
    for (int i = 0; i < NW; i++) rw[i] = w_init[i];
    for (int t = 0; t < STEPS; t++) {
        pg_sgd_step(s, w, grads[t]);
        for (int i = 0; i < NW; i++) {
            double d = grads[t][i] + wd * rw[i];
            if (mom > 0) {
                rb[i] = t == 0 ? d : mom * rb[i] + d;
                d = rb[i];
            }
            rw[i] -= lr * d;
        }
    }
    CU_ASSERT_EQUAL(pg_sgd_steps(s), STEPS);
    CU_ASSERT_EQUAL(pg_sgd_size(s), NW);
    CU_ASSERT_EQUAL(rel_mismatches("sgd w", w, rw, NW, 1e-6), 0);
    if (mom > 0)
        CU_ASSERT_EQUAL(rel_mismatches("sgd b", pg_sgd_velocity(s), rb, NW,
                                       1e-6), 0);
    CU_ASSERT(fabs(w[1] - w_init[1]) > 1e-3);
    pg_sgd_destroy(&s);
    CU_ASSERT_PTR_NULL(s);
}

static void test_sgd_reference(void)
{
    check_sgd(0.1, 0.9, 0.01);
    check_sgd(0.05, 0.5, 0.0);
    check_sgd(0.1, 0.0, 0.2);
}

/* f(w) = sum (w - c)^2 from w = 0. */
static void test_adam_minimises_quadratic(void)
{
    const float c[NW] = {1.0f, -2.0f, 0.5f, 3.0f, -0.25f};
    float w[NW] = {0}, g[NW];
    pg_adam *a;
    PG_ASSERT_OK(pg_adam_create(NW, 0.05, 0.9, 0.999, 1e-8, 0, &a));
    for (int t = 0; t < 3000; t++) {
        for (int i = 0; i < NW; i++) g[i] = 2 * (w[i] - c[i]);
        pg_adam_step(a, w, g);
    }
    double worst = 0;
    for (int i = 0; i < NW; i++)
        if (fabs(w[i] - c[i]) > worst) worst = fabs(w[i] - c[i]);
    fprintf(stderr, "adam quadratic: max |w - c| = %g\n", worst);
    CU_ASSERT(worst < 1e-3);
    pg_adam_destroy(&a);
}

/* A gradient that depends on w, so trajectories depend on all the state. */
static void grad_of(const float *w, float *g, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g[i] = 2.0f * (w[i] - 0.1f * (float)(i % 7)) + 0.3f * sinf(3.0f * w[i]);
}

/* More weights than the OpenMP threshold, so the threaded loop runs. */
#define NBIG 40000

static void test_state_restore(void)
{
    float *wa = pg_alloc(NBIG * sizeof(float));
    float *wb = pg_alloc(NBIG * sizeof(float));
    float *wc = pg_alloc(NBIG * sizeof(float));
    float *g = pg_alloc(NBIG * sizeof(float));
    CU_ASSERT_FATAL(wa && wb && wc && g);
    for (size_t i = 0; i < NBIG; i++) wa[i] = wb[i] = (float)sin(0.37 * i);

    pg_adam *full, *first, *second, *nosteps;
    PG_ASSERT_OK(pg_adam_create(NBIG, 1e-2, 0.9, 0.99, 1e-8, 0.05, &full));
    PG_ASSERT_OK(pg_adam_create(NBIG, 1e-2, 0.9, 0.99, 1e-8, 0.05, &first));
    PG_ASSERT_OK(pg_adam_create(NBIG, 1e-2, 0.9, 0.99, 1e-8, 0.05, &second));
    PG_ASSERT_OK(pg_adam_create(NBIG, 1e-2, 0.9, 0.99, 1e-8, 0.05, &nosteps));
    for (int t = 0; t < 10; t++) {
        grad_of(wa, g, NBIG);
        pg_adam_step(full, wa, g);
    }
    for (int t = 0; t < 5; t++) {
        grad_of(wb, g, NBIG);
        pg_adam_step(first, wb, g);
    }
    memcpy(wc, wb, NBIG * sizeof(float));
    memcpy(pg_adam_m(second), pg_adam_m(first), NBIG * sizeof(float));
    memcpy(pg_adam_v(second), pg_adam_v(first), NBIG * sizeof(float));
    pg_adam_set_steps(second, pg_adam_steps(first));
    /* The control forgets the step count, so its bias correction restarts. */
    memcpy(pg_adam_m(nosteps), pg_adam_m(first), NBIG * sizeof(float));
    memcpy(pg_adam_v(nosteps), pg_adam_v(first), NBIG * sizeof(float));
    pg_adam_destroy(&first);
    for (int t = 0; t < 5; t++) {
        grad_of(wb, g, NBIG);
        pg_adam_step(second, wb, g);
        grad_of(wc, g, NBIG);
        pg_adam_step(nosteps, wc, g);
    }
    CU_ASSERT_EQUAL(memcmp(wa, wb, NBIG * sizeof(float)), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(wa, wc, NBIG * sizeof(float)), 0);
    CU_ASSERT_EQUAL(pg_adam_steps(second), 10);
    pg_adam_destroy(&full);
    pg_adam_destroy(&second);
    pg_adam_destroy(&nosteps);

    pg_sgd *sfull, *s1, *s2;
    for (size_t i = 0; i < NBIG; i++) wa[i] = wb[i] = (float)cos(0.11 * i);
    PG_ASSERT_OK(pg_sgd_create(NBIG, 1e-2, 0.9, 1e-3, &sfull));
    PG_ASSERT_OK(pg_sgd_create(NBIG, 1e-2, 0.9, 1e-3, &s1));
    PG_ASSERT_OK(pg_sgd_create(NBIG, 1e-2, 0.9, 1e-3, &s2));
    for (int t = 0; t < 8; t++) {
        grad_of(wa, g, NBIG);
        pg_sgd_step(sfull, wa, g);
    }
    for (int t = 0; t < 4; t++) {
        grad_of(wb, g, NBIG);
        pg_sgd_step(s1, wb, g);
    }
    memcpy(pg_sgd_velocity(s2), pg_sgd_velocity(s1), NBIG * sizeof(float));
    pg_sgd_set_steps(s2, pg_sgd_steps(s1));
    for (int t = 0; t < 4; t++) {
        grad_of(wb, g, NBIG);
        pg_sgd_step(s2, wb, g);
    }
    CU_ASSERT_EQUAL(memcmp(wa, wb, NBIG * sizeof(float)), 0);
    pg_sgd_destroy(&sfull);
    pg_sgd_destroy(&s1);
    pg_sgd_destroy(&s2);
    pg_free(wa);
    pg_free(wb);
    pg_free(wc);
    pg_free(g);
}

/* The status is PG_ERR_ARG, *out stays NULL and the message names the
 * offending parameter. */
static void expect_arg_error(pg_status st, const void *out, const char *name)
{
    CU_ASSERT_EQUAL(st, PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(out);
    if (!strstr(pg_error_message(), name)) {
        fprintf(stderr, "message \"%s\" does not name %s\n",
                pg_error_message(), name);
        CU_FAIL("message does not name the bad value");
    }
    pg_error_clear();
}

static void test_bad_arguments(void)
{
    pg_adam *a = NULL;
    expect_arg_error(pg_adam_create(0, 1e-3, 0.9, 0.999, 1e-8, 0, &a), a, "n = 0");
    expect_arg_error(pg_adam_create(4, 0, 0.9, 0.999, 1e-8, 0, &a), a, "lr");
    expect_arg_error(pg_adam_create(4, -1e-3, 0.9, 0.999, 1e-8, 0, &a), a, "lr");
    expect_arg_error(pg_adam_create(4, NAN, 0.9, 0.999, 1e-8, 0, &a), a, "lr");
    expect_arg_error(pg_adam_create(4, 1e-3, 1.0, 0.999, 1e-8, 0, &a), a, "beta1");
    expect_arg_error(pg_adam_create(4, 1e-3, -0.1, 0.999, 1e-8, 0, &a), a, "beta1");
    expect_arg_error(pg_adam_create(4, 1e-3, 0.9, 1.5, 1e-8, 0, &a), a, "beta2");
    expect_arg_error(pg_adam_create(4, 1e-3, 0.9, 0.999, 0, 0, &a), a, "eps");
    expect_arg_error(pg_adam_create(4, 1e-3, 0.9, 0.999, 1e-8, -0.1, &a), a,
                     "weight_decay");
    pg_sgd *s = NULL;
    expect_arg_error(pg_sgd_create(0, 0.1, 0.9, 0, &s), s, "n = 0");
    expect_arg_error(pg_sgd_create(4, 0, 0.9, 0, &s), s, "lr");
    expect_arg_error(pg_sgd_create(4, 0.1, 1.0, 0, &s), s, "momentum");
    expect_arg_error(pg_sgd_create(4, 0.1, 0.9, -1, &s), s, "weight_decay");
    pg_ema *e = NULL;
    expect_arg_error(pg_ema_create(0, 0.99, &e), e, "n = 0");
    expect_arg_error(pg_ema_create(4, 1.0, &e), e, "decay");
    expect_arg_error(pg_ema_create(4, -0.1, &e), e, "decay");
    expect_arg_error(pg_ema_create(4, NAN, &e), e, "decay");
    /* Boundary values that are valid. */
    PG_ASSERT_OK(pg_adam_create(4, 1e-3, 0.0, 0.0, 1e-8, 0, &a));
    PG_ASSERT_OK(pg_sgd_create(4, 0.1, 0.0, 0, &s));
    PG_ASSERT_OK(pg_ema_create(4, 0.0, &e));
    pg_adam_destroy(&a);
    pg_sgd_destroy(&s);
    pg_ema_destroy(&e);
    /* destroy accepts NULL. */
    pg_adam_destroy(&a);
    pg_sgd_destroy(NULL);
    pg_ema_destroy(&e);
}

/* Constant w after init with w0: ema_k = d^k w0 + (1 - d^k) w. */
static void test_ema_closed_form(void)
{
    const float w0[NW] = {1.0f, -2.0f, 0.0f, 4.0f, 0.5f};
    const float w[NW] = {3.0f, 1.0f, -1.0f, 4.0f, 0.25f};
    const double decay = 0.9;
    const int k = 40;
    pg_ema *e;
    PG_ASSERT_OK(pg_ema_create(NW, decay, &e));
    CU_ASSERT_EQUAL(pg_ema_size(e), NW);
    pg_ema_init(e, w0);
    CU_ASSERT_EQUAL(memcmp(pg_ema_weights(e), w0, sizeof w0), 0);
    for (int i = 0; i < k; i++) pg_ema_update(e, w);
    double dk = pow(decay, k), ref[NW];
    for (int i = 0; i < NW; i++) ref[i] = dk * w0[i] + (1 - dk) * w[i];
    const float *avg = pg_ema_weights(e);
    int bad = 0;
    for (int i = 0; i < NW; i++)
        if (fabs(avg[i] - ref[i]) > 1e-6 * (1 + fabs(ref[i]))) {
            fprintf(stderr, "ema[%d]: got %.9g, closed form %.9g\n", i,
                    avg[i], ref[i]);
            bad++;
        }
    CU_ASSERT_EQUAL(bad, 0);
    /* Still noticeably short of w after 40 steps: d^k = 0.0148. */
    CU_ASSERT(fabs(avg[0] - w[0]) > 1e-2);
    pg_ema_destroy(&e);
    CU_ASSERT_PTR_NULL(e);

    /* decay 0 tracks w exactly. */
    PG_ASSERT_OK(pg_ema_create(NW, 0.0, &e));
    pg_ema_init(e, w0);
    pg_ema_update(e, w);
    CU_ASSERT_EQUAL(memcmp(pg_ema_weights(e), w, sizeof w), 0);
    pg_ema_destroy(&e);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_optim");
    PG_TEST(s, test_adam_reference);
    PG_TEST(s, test_adamw_reference);
    PG_TEST(s, test_sgd_reference);
    PG_TEST(s, test_adam_minimises_quadratic);
    PG_TEST(s, test_state_restore);
    PG_TEST(s, test_bad_arguments);
    PG_TEST(s, test_ema_closed_form);
}
