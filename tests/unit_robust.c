/* Worst-case linear regression (src/lab/robust.h): the closed-form inner
 * maximum against projected gradient ascent, the loss on a hand example,
 * and the fitter against OLS, against an independent nested
 * golden-section search, under random perturbations, at large eps, and on
 * bad arguments. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "lab/robust.h"
#include "runner.h"

static double dotd(const double *a, const double *b, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

static void test_loss_value(void)
{
    /* x = (1, 2), w = (3, 4), b = 1, y = 20: r = 8, ||w|| = 5, so at
     * eps = 0.1 the loss is (8 + 0.5)^2 = 72.25, gradient
     * 2 * 8.5 * (-(1, 2) + 0.1 (3, 4)/5) = (-15.98, -32.64), d/db = -17. */
    double x[2] = {1, 2}, y = 20, w[2] = {3, 4}, gw[2], gb;
    pg_robust_problem p = {x, &y, 1, 2, 0.1};
    CU_ASSERT_DOUBLE_EQUAL(pg_robust_loss(&p, w, 1, gw, &gb), 72.25, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(gw[0], -15.98, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(gw[1], -32.64, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(gb, -17, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(pg_robust_rmse(&p, w, 1), 8.5, 1e-12);
    p.eps = 0;
    CU_ASSERT_DOUBLE_EQUAL(pg_robust_rmse(&p, w, 1), 8, 1e-12);
}

/* max over ||delta|| <= eps of (r - w.delta)^2 by projected gradient
 * ascent from 16 random starts in the ball (the function has a second,
 * lower, local maximum at the opposite pole). */
static double ascent_max(pg_rng *rng, double r, const double *w, int d,
                         double eps)
{
    double best = 0, nw2 = dotd(w, w, d), delta[8];
    for (int start = 0; start < 16; start++) {
        for (int j = 0; j < d; j++) delta[j] = pg_rng_gaussian(rng, eps);
        for (int it = 0; it < 500; it++) {
            double e = r - dotd(w, delta, d);
            for (int j = 0; j < d; j++)
                delta[j] -= 0.25 / nw2 * 2 * e * w[j]; /* ascend */
            double nd = sqrt(dotd(delta, delta, d));
            if (nd > eps)
                for (int j = 0; j < d; j++) delta[j] *= eps / nd;
        }
        double e = r - dotd(w, delta, d);
        best = fmax(best, e * e);
    }
    return best;
}

static void test_closed_form_vs_ascent(void)
{
    pg_rng *rng;
    PG_ASSERT_OK(pg_rng_create(5, 0, PG_RNG_TEST, &rng));
    for (int t = 0; t < 40; t++) {
        int d = 1 + (int)pg_rng_uniform_int(rng, 6);
        double x[8], w[8], delta[8], xp[8];
        for (int j = 0; j < d; j++) {
            x[j] = pg_rng_gaussian(rng, 1);
            w[j] = pg_rng_gaussian(rng, 1);
        }
        double b = pg_rng_gaussian(rng, 1), y = pg_rng_gaussian(rng, 2);
        double eps = 0.01 + 2 * pg_rng_uniform(rng);
        double r = y - dotd(w, x, d) - b;
        pg_robust_problem p = {x, &y, 1, (size_t)d, eps};
        double closed = pg_robust_loss(&p, w, b, NULL, NULL);
        double nw = sqrt(dotd(w, w, d));
        CU_ASSERT_DOUBLE_EQUAL(closed, pow(fabs(r) + eps * nw, 2),
                               1e-12 * closed);
        double numeric = ascent_max(rng, r, w, d, eps);
        CU_ASSERT(fabs(numeric - closed) <= 1e-6 * closed);
        if (fabs(numeric - closed) > 1e-6 * closed)
            fprintf(stderr, "\nd=%d closed %.12g ascent %.12g\n", d, closed,
                    numeric);
        /* The closed-form perturbation lies on the sphere and attains it. */
        pg_robust_worst_delta(x, y, (size_t)d, w, b, eps, delta);
        CU_ASSERT_DOUBLE_EQUAL(sqrt(dotd(delta, delta, d)), eps, 1e-12);
        for (int j = 0; j < d; j++) xp[j] = x[j] + delta[j];
        double e = y - dotd(w, xp, d) - b;
        CU_ASSERT_DOUBLE_EQUAL(e * e, closed, 1e-10 * closed);
    }
    pg_rng_destroy(&rng);
}

/* y = 1 + 2 x1 - x2 + 0.5 x3 + N(0, sigma^2), x ~ N(0, I). */
enum { D = 3 };
static void synth(pg_rng *rng, double *x, double *y, int n, double sigma)
{
    static const double wt[D] = {2, -1, 0.5};
    for (int i = 0; i < n; i++) {
        y[i] = 1 + pg_rng_gaussian(rng, sigma);
        for (int j = 0; j < D; j++) {
            x[i * D + j] = pg_rng_gaussian(rng, 1);
            y[i] += wt[j] * x[i * D + j];
        }
    }
}

static void test_eps0_equals_ols(void)
{
    pg_rng *rng;
    PG_ASSERT_OK(pg_rng_create(6, 0, PG_RNG_TEST, &rng));
    double x[100 * D], y[100], w[D], wo[D], b, bo;
    synth(rng, x, y, 100, 0.5);
    pg_robust_problem p = {x, y, 100, D, 0};
    pg_robust_fit_info info;
    PG_ASSERT_OK(pg_robust_fit_ols(&p, wo, &bo));
    PG_ASSERT_OK(pg_robust_fit(&p, w, &b, &info));
    CU_ASSERT(info.converged);
    CU_ASSERT_DOUBLE_EQUAL(b, bo, 1e-6);
    for (int j = 0; j < D; j++) CU_ASSERT_DOUBLE_EQUAL(w[j], wo[j], 1e-6);
    /* OLS itself: the residual is orthogonal to every column. */
    double g[D], gb;
    pg_robust_loss(&p, wo, bo, g, &gb);
    CU_ASSERT(fabs(gb) < 1e-10);
    for (int j = 0; j < D; j++) CU_ASSERT(fabs(g[j]) < 1e-10);
    pg_rng_destroy(&rng);
}

static void test_robust_beats_ols_under_attack(void)
{
    enum { NTR = 150, NTE = 400 };
    pg_rng *rng;
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &rng));
    static double xtr[NTR * D], ytr[NTR], xte[NTE * D], yte[NTE];
    synth(rng, xtr, ytr, NTR, 0.5);
    synth(rng, xte, yte, NTE, 0.5);
    double wo[D], bo, w[D], b, w2[D], b2;
    pg_robust_problem tr = {xtr, ytr, NTR, D, 0.5};
    pg_robust_problem te = {xte, yte, NTE, D, 0.5};
    pg_robust_fit_info info, info2;
    PG_ASSERT_OK(pg_robust_fit_ols(&tr, wo, &bo));
    PG_ASSERT_OK(pg_robust_fit(&tr, w, &b, &info));
    CU_ASSERT(info.converged);
    CU_ASSERT(info.iterations > 0);
    CU_ASSERT(info.subgrad_norm <= 1e-6 * info.grad_scale);
    /* Lower worst-case test RMSE, shrinkage, lower training objective. */
    CU_ASSERT(pg_robust_rmse(&te, w, b) < pg_robust_rmse(&te, wo, bo));
    CU_ASSERT(sqrt(dotd(w, w, D)) < sqrt(dotd(wo, wo, D)));
    CU_ASSERT(info.objective <= pg_robust_loss(&tr, wo, bo, NULL, NULL));
    CU_ASSERT(info.objective < info.start_objective);
    /* Same data, same answer, bit for bit. */
    PG_ASSERT_OK(pg_robust_fit(&tr, w2, &b2, &info2));
    CU_ASSERT(!memcmp(w, w2, sizeof w) && b == b2);
    /* No random nearby point is better (convexity makes local global). */
    double f = info.objective, wp[D];
    for (int k = 0; k < 300; k++) {
        double h = pow(10, -1 - 5 * pg_rng_uniform(rng));
        for (int j = 0; j < D; j++) wp[j] = w[j] + pg_rng_gaussian(rng, h);
        double bp = b + pg_rng_gaussian(rng, h);
        CU_ASSERT(pg_robust_loss(&tr, wp, bp, NULL, NULL) >= f * (1 - 1e-12));
    }
    pg_rng_destroy(&rng);
}

/* min over b of F(w, b) and min over w of that, by golden sections: an
 * independent minimiser for one feature (both levels are convex). */
static double inner_b(const pg_robust_problem *p, double w, double *bout)
{
    double lo = -20, hi = 20, g = (sqrt(5) - 1) / 2;
    while (hi - lo > 1e-11) {
        double m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo);
        if (pg_robust_loss(p, &w, m1, NULL, NULL) <
            pg_robust_loss(p, &w, m2, NULL, NULL))
            hi = m2;
        else
            lo = m1;
    }
    *bout = (lo + hi) / 2;
    return pg_robust_loss(p, &w, *bout, NULL, NULL);
}

static void test_against_nested_search(void)
{
    enum { N = 40 };
    pg_rng *rng;
    PG_ASSERT_OK(pg_rng_create(8, 0, PG_RNG_TEST, &rng));
    double x[N], y[N], b, bs;
    for (int i = 0; i < N; i++) {
        x[i] = pg_rng_gaussian(rng, 1);
        y[i] = 0.7 - 1.5 * x[i] + pg_rng_gaussian(rng, 0.3);
    }
    static const double eps[] = {0.1, 0.4, 0.8};
    for (int k = 0; k < 3; k++) {
        pg_robust_problem p = {x, y, N, 1, eps[k]};
        double w, lo = -10, hi = 10, g = (sqrt(5) - 1) / 2;
        pg_robust_fit_info info;
        PG_ASSERT_OK(pg_robust_fit(&p, &w, &b, &info));
        CU_ASSERT(info.converged);
        while (hi - lo > 1e-9) {
            double m1 = hi - g * (hi - lo), m2 = lo + g * (hi - lo);
            if (inner_b(&p, m1, &bs) < inner_b(&p, m2, &bs)) hi = m2;
            else lo = m1;
        }
        double ws = (lo + hi) / 2, fs = inner_b(&p, ws, &bs);
        CU_ASSERT(info.objective <= fs * (1 + 1e-9));
        CU_ASSERT_DOUBLE_EQUAL(w, ws, 1e-4);
        CU_ASSERT_DOUBLE_EQUAL(b, bs, 1e-4);
    }
    pg_rng_destroy(&rng);
}

static void test_large_eps_gives_mean(void)
{
    pg_rng *rng;
    PG_ASSERT_OK(pg_rng_create(9, 0, PG_RNG_TEST, &rng));
    double x[80 * D], y[80], w[D], b, ybar = 0;
    synth(rng, x, y, 80, 0.5);
    for (int i = 0; i < 80; i++) ybar += y[i] / 80;
    pg_robust_problem p = {x, y, 80, D, 5.0};
    pg_robust_fit_info info;
    PG_ASSERT_OK(pg_robust_fit(&p, w, &b, &info));
    CU_ASSERT(info.converged);
    CU_ASSERT(info.w_at_zero);
    CU_ASSERT_EQUAL(dotd(w, w, D), 0.0);
    CU_ASSERT_DOUBLE_EQUAL(b, ybar, 1e-12);
    pg_rng_destroy(&rng);
}

static void test_bad_arguments(void)
{
    double x[2] = {1, 2}, y[2] = {1, 2}, w[2], b;
    pg_robust_fit_info info;
    pg_robust_problem p = {x, y, 2, 1, -0.1};
    CU_ASSERT_EQUAL(pg_robust_fit(&p, w, &b, &info), PG_ERR_ARG);
    pg_error_clear();
    p.eps = NAN;
    CU_ASSERT_EQUAL(pg_robust_fit(&p, w, &b, &info), PG_ERR_ARG);
    pg_error_clear();
    p = (pg_robust_problem){x, y, 1, 2, 0.1}; /* 1 sample, 2 features */
    CU_ASSERT_EQUAL(pg_robust_fit_ols(&p, w, &b), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "too few"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_robust_fit_huber(&p, w, &b), PG_ERR_ARG);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("robust");
    PG_TEST(s, test_loss_value);
    PG_TEST(s, test_closed_form_vs_ascent);
    PG_TEST(s, test_eps0_equals_ols);
    PG_TEST(s, test_robust_beats_ols_under_attack);
    PG_TEST(s, test_against_nested_search);
    PG_TEST(s, test_large_eps_gives_mean);
    PG_TEST(s, test_bad_arguments);
}
