/* The symmetric decoder's linear maps (crystal_wyckoff.h) against central
 * differences, on wurtzite ZnO (P6_3mc, 186: Zn and O each on 2b with a
 * free z; hexagonal rotations are not orthogonal in the fractional basis,
 * so an adjoint written as the forward map would fail):
 *   the orbit expansion (delta -> every atom's fractional position) and
 *   the metric projection (M -> mean R^T M R), each through its adjoint;
 *   the projected metric is hexagonal (a = b, gamma = 120, c free) and
 *   projecting twice changes nothing; the expanded cell keeps group 186. */
#include <math.h>
#include <string.h>

#include "gradcheck_double.h"
#include "physics/crystal/io/crystal_sg_distribution.h"
#include "physics/crystal/io/crystal_wyckoff.h"
#include "runner.h"

static pg_crystal_structure *wurtzite(void)
{
    const double a = 3.25, c = 5.207, u = 0.382;
    const double zn[2][3] = {{1.0 / 3, 2.0 / 3, 0}, {2.0 / 3, 1.0 / 3, 0.5}};
    const double o[2][3] = {{1.0 / 3, 2.0 / 3, u},
                            {2.0 / 3, 1.0 / 3, 0.5 + u}};
    pg_crystal_structure *s = NULL;
    PG_ASSERT_OK(pg_crystal_structure_create(4, &s));
    const double L[9] = {a, 0, 0, -a / 2, a * sqrt(3) / 2, 0, 0, 0, c};
    memcpy(s->lattice, L, sizeof L);
    for (int i = 0; i < 2; i++) {
        PG_ASSERT_OK(pg_crystal_structure_append(s, zn[i], 30, i));
        PG_ASSERT_OK(pg_crystal_structure_append(s, o[i], 8, 2 + i));
    }
    return s;
}

typedef struct ctx {
    const pg_crystal_orbits *o;
    const double *base;
    double w[64];   /* the loss's weights: L = sum w . output */
} ctx;

static double expand_fn(void *p, const double *x, double *grad)
{
    const ctx *c = p;
    double frac[64];
    pg_crystal_orbits_expand(c->o, c->base, x, frac);
    double f = 0;
    for (int i = 0; i < 3 * c->o->n_atoms; i++) f += c->w[i] * frac[i];
    if (grad) pg_crystal_orbits_expand_adjoint(c->o, c->w, grad);
    return f;
}

static double metric_fn(void *p, const double *x, double *grad)
{
    const ctx *c = p;
    double out[9];
    pg_crystal_orbits_metric(c->o, x, out);
    double f = 0;
    for (int i = 0; i < 9; i++) f += c->w[i] * out[i];
    if (grad) pg_crystal_orbits_metric_adjoint(c->o, c->w, grad);
    return f;
}

static void test_wurtzite(void)
{
    pg_crystal_structure *s = wurtzite();
    pg_crystal_orbits o;
    PG_ASSERT_OK(pg_crystal_orbits_find(s, 0.01, &o));
    CU_ASSERT_EQUAL(o.spacegroup, 186);
    CU_ASSERT_EQUAL_FATAL(o.n_orbits, 2);
    CU_ASSERT_EQUAL(o.free[0], 1);
    CU_ASSERT_EQUAL(o.free[1], 1);
    /* 2 + a, c */
    CU_ASSERT_EQUAL(pg_crystal_orbits_free_parameters(&o), 4);
    ctx c = {&o, s->frac, {0}};
    for (int i = 0; i < 64; i++) c.w[i] = sin(1.7 * i + 0.3);
    double delta[6] = {0.011, -0.02, 0.013, 0.004, 0.017, -0.009};
    CU_ASSERT_EQUAL(gcd_check(expand_fn, &c, delta, 6, 1e-5, 1e-9, 1e-7,
                              "orbit expansion"), 0);
    double M[9] = {9.1, -2.0, 0.7, -2.0, 12.4, 1.3, 0.7, 1.3, 27.5};
    CU_ASSERT_EQUAL(gcd_check(metric_fn, &c, M, 9, 1e-5, 1e-9, 1e-7,
                              "metric projection"), 0);
    double P1[9], P2[9];
    pg_crystal_orbits_metric(&o, M, P1);
    pg_crystal_orbits_metric(&o, P1, P2);
    for (int i = 0; i < 9; i++) CU_ASSERT_DOUBLE_EQUAL(P1[i], P2[i], 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(P1[0], P1[4], 1e-12);          /* a = b */
    CU_ASSERT_DOUBLE_EQUAL(P1[1], -0.5 * P1[0], 1e-12);   /* gamma 120 */
    CU_ASSERT_DOUBLE_EQUAL(P1[2], 0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(P1[5], 0, 1e-12);
    /* the expanded cell keeps the group */
    double frac[12];
    pg_crystal_orbits_expand(&o, s->frac, delta, frac);
    for (int i = 0; i < 12; i++) s->frac[i] = frac[i] - floor(frac[i]);
    CU_ASSERT_EQUAL(pg_crystal_sg_number(s, 0.01), 186);
    pg_crystal_orbits_free(&o);
    pg_crystal_structure_destroy(&s);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_crystal_wyckoff");
    PG_TEST(s, test_wurtzite);
}
