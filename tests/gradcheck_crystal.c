/* Crystal physics (physics/crystal/): analytic gradients against central
 * differences in double precision, on a skewed triclinic cell with a
 * short axis (so atoms meet their own periodic images) and charges that do
 * not sum to zero (so Ewald's background term is exercised):
 *   spacing  w.r.t. fractional coordinates, lattice, radii, weights
 *   Ewald    w.r.t. fractional coordinates, lattice, charges
 *   GII      w.r.t. fractional coordinates and lattice
 *   charge   w.r.t. species probabilities */
#include <math.h>
#include <string.h>

#include "gradcheck_double.h"
#include "physics/crystal/crystal_bv.h"
#include "physics/crystal/crystal_charge.h"
#include "physics/crystal/crystal_ewald.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_spacing.h"
#include "runner.h"

enum { N = 5 };
/* a = 2.6, b = 4.1, c = 3.7 A, alpha 71, beta 103, gamma 64 deg */
static const double CELL[6] = {2.6, 4.1, 3.7, 71, 103, 64};
static const double FRAC[N * 3] = {0.05, 0.10, 0.20, 0.40, 0.55, 0.15,
                                   0.80, 0.35, 0.60, 0.30, 0.90, 0.75,
                                   0.62, 0.71, 0.93};

/* x = [L (9) | frac (3N) | radius (N) | weight (N) | charge (N)] */
enum { XL = 0, XF = 9, XR = 9 + 3 * N, XW = XR + N, XQ = XW + N,
       NX = XQ + N };

static void base_point(double *x)
{
    PG_ASSERT_OK(pg_crystal_lattice_from_params(CELL, x + XL));
    memcpy(x + XF, FRAC, sizeof FRAC);
    const double r[N] = {1.1, 0.9, 1.4, 0.7, 1.2};
    const double w[N] = {1.0, 0.8, 0.6, 0.95, 0.3};
    const double q[N] = {1.5, -0.7, 2.0, -1.2, 0.9};
    memcpy(x + XR, r, sizeof r);
    memcpy(x + XW, w, sizeof w);
    memcpy(x + XQ, q, sizeof q);
}

static double spacing_fn(void *ctx, const double *x, double *grad)
{
    (void)ctx;
    double v = NAN;
    if (grad) memset(grad, 0, NX * sizeof *grad);
    pg_crystal_spacing_grad g = {grad ? grad + XF : NULL,
                                 grad ? grad + XL : NULL,
                                 grad ? grad + XR : NULL,
                                 grad ? grad + XW : NULL};
    PG_ASSERT_OK(pg_crystal_spacing(x + XL, x + XF, x + XR, x + XW, N, 0.9,
                                    &v, grad ? &g : NULL));
    return v;
}

static void test_spacing(void)
{
    double x[NX];
    base_point(x);
    double v = spacing_fn(NULL, x, NULL);
    printf("spacing P = %.6f A^2\n", v);
    CU_ASSERT(v > 0.1); /* several pairs inside the bound */
    CU_ASSERT_EQUAL(gcd_check(spacing_fn, NULL, x, NX, 1e-6, 1e-7, 1e-5,
                              "spacing"), 0);
}

static double ewald_fn(void *ctx, const double *x, double *grad)
{
    (void)ctx;
    double e = NAN;
    if (grad) memset(grad, 0, NX * sizeof *grad);
    pg_crystal_ewald_grad g = {grad ? grad + XF : NULL,
                               grad ? grad + XL : NULL,
                               grad ? grad + XQ : NULL};
    PG_ASSERT_OK(pg_crystal_ewald(x + XL, x + XF, x + XQ, N, 1e-12, &e,
                                  grad ? &g : NULL, NULL));
    return e;
}

static void test_ewald(void)
{
    double x[NX];
    base_point(x);
    double gx[NX];
    ewald_fn(NULL, x, gx);
    /* only L, frac and charges enter */
    for (int i = XR; i < XQ; i++) CU_ASSERT_EQUAL(gx[i], 0);
    CU_ASSERT_EQUAL(gcd_check(ewald_fn, NULL, x, NX, 1e-6, 1e-6, 1e-6,
                              "ewald"), 0);
}

/* GII of a rock-salt-like NaCl cell, distorted (triclinic, displaced
 * atoms) so that it has a gradient. */
enum { NG = 8 };
static const int GZ[NG] = {11, 11, 11, 11, 17, 17, 17, 17};
static const int GOX[NG] = {1, 1, 1, 1, -1, -1, -1, -1};

static double gii_fn(void *ctx, const double *x, double *grad)
{
    (void)ctx;
    double V[NG], gii = NAN;
    if (grad) memset(grad, 0, (9 + 3 * NG) * sizeof *grad);
    PG_ASSERT_OK(pg_crystal_gii(x, x + 9, GZ, GOX, NG, 4.5, V, &gii,
                                grad ? grad + 9 : NULL, grad));
    return gii;
}

static void test_gii(void)
{
    double p[6] = {5.5, 5.7, 5.6, 88, 93, 91}, x[9 + 3 * NG];
    PG_ASSERT_OK(pg_crystal_lattice_from_params(p, x));
    const double f[NG * 3] = {0, 0, 0, 0, .5, .5, .5, 0, .5, .5, .5, 0,
                              .5, 0, 0, 0, .5, 0, 0, 0, .5, .5, .5, .5};
    for (int i = 0; i < NG * 3; i++)
        x[9 + i] = f[i] + 0.02 * sin(1.7 * i + 0.3);
    double g = gii_fn(NULL, x, NULL);
    printf("GII = %.6f v.u.\n", g);
    CU_ASSERT(g > 0.01 && g < 1);
    CU_ASSERT_EQUAL(gcd_check(gii_fn, NULL, x, 9 + 3 * NG, 1e-6, 1e-7, 1e-5,
                              "gii"), 0);
}

enum { NA = 4, NS = 5 };
static const double QS[NS] = {0, 1, -2, 3, -1};

static double charge_fn(void *ctx, const double *p, double *grad)
{
    (void)ctx;
    if (grad) memset(grad, 0, NA * NS * sizeof *grad);
    return pg_crystal_charge_penalty(p, NA, NS, QS, 1, grad);
}

static void test_charge(void)
{
    double p[NA * NS];
    for (int i = 0; i < NA * NS; i++) p[i] = 0.1 + 0.05 * (i % 7);
    CU_ASSERT(charge_fn(NULL, p, NULL) > 0);
    CU_ASSERT_EQUAL(gcd_check(charge_fn, NULL, p, NA * NS, 1e-6, 1e-8, 1e-6,
                              "charge"), 0);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_crystal");
    PG_TEST(s, test_spacing);
    PG_TEST(s, test_ewald);
    PG_TEST(s, test_gii);
    PG_TEST(s, test_charge);
}
