/* Worst-case regression loss (src/lab/robust.h): the analytic gradient
 * w.r.t. w and b against central differences, away from the kinks
 * (every |r_i| >= 0.5 and ||w|| ~ 1, while a step moves r_i by < 0.05),
 * at several eps; and a gradient without the eps ||w|| term must fail. */
#include <math.h>

#include "gradcheck.h"
#include "lab/robust.h"
#include "runner.h"

enum { N = 12, D = 3 };

typedef struct rcase {
    double x[N * D], y[N];
    pg_robust_problem p;
    int drop_eps_term; /* a deliberately wrong gradient */
} rcase;

/* gc_fn over v = (w_1..w_D, b). */
static double loss_fn(void *ctx, const float *v, float *grad)
{
    rcase *c = ctx;
    double w[D], gw[D], gb, b = v[D];
    for (int j = 0; j < D; j++) w[j] = v[j];
    double f = pg_robust_loss(&c->p, w, b, grad ? gw : NULL,
                              grad ? &gb : NULL);
    if (grad) {
        if (c->drop_eps_term) { /* remove (2/n) sum a_i eps w/||w|| */
            double nw = sqrt(w[0] * w[0] + w[1] * w[1] + w[2] * w[2]), sa = 0;
            for (int i = 0; i < N; i++) {
                double r = c->y[i] - b;
                for (int j = 0; j < D; j++) r -= w[j] * c->x[i * D + j];
                sa += fabs(r) + c->p.eps * nw;
            }
            for (int j = 0; j < D; j++)
                gw[j] -= 2 * c->p.eps * sa / N * w[j] / nw;
        }
        for (int j = 0; j < D; j++) grad[j] = (float)gw[j];
        grad[D] = (float)gb;
    }
    return f;
}

/* Data with residuals of magnitude in [0.5, 1.5] at the point v. */
static void make_case(pg_rng *r, rcase *c, float *v, double eps)
{
    for (int j = 0; j < D; j++) v[j] = (float)(0.5 + pg_rng_uniform(r));
    if (pg_rng_uniform(r) < 0.5) v[0] = -v[0];
    v[D] = (float)pg_rng_gaussian(r, 1);
    for (int i = 0; i < N; i++) {
        double fit = v[D];
        for (int j = 0; j < D; j++) {
            c->x[i * D + j] = pg_rng_gaussian(r, 1);
            fit += v[j] * c->x[i * D + j];
        }
        double m = 0.5 + pg_rng_uniform(r);
        c->y[i] = fit + (pg_rng_uniform(r) < 0.5 ? -m : m);
    }
    c->p = (pg_robust_problem){c->x, c->y, N, D, eps};
}

static void test_gradient(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_TEST, &r));
    static const double eps[] = {0, 0.05, 0.3, 1.0};
    for (int k = 0; k < 4; k++)
        for (int rep = 0; rep < 3; rep++) {
            rcase c = {0};
            float v[D + 1];
            make_case(r, &c, v, eps[k]);
            CU_ASSERT_EQUAL(gc_check_function(loss_fn, &c, v, D + 1, NULL,
                                              "robust loss"), 0);
        }
    pg_rng_destroy(&r);
}

static void test_checker_rejects_wrong_gradient(void)
{
    pg_rng *r;
    PG_ASSERT_OK(pg_rng_create(12, 0, PG_RNG_TEST, &r));
    rcase c = {0};
    float v[D + 1];
    make_case(r, &c, v, 0.5);
    c.drop_eps_term = 1;
    CU_ASSERT(gc_check_function(loss_fn, &c, v, D + 1, NULL,
                                "robust loss without eps term (must fail)") > 0);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_robust");
    PG_TEST(s, test_gradient);
    PG_TEST(s, test_checker_rejects_wrong_gradient);
}
