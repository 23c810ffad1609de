/* The relaxation's force field (physics/crystal/crystal_repulsion.h,
 * crystal_relax.h) against central differences in double precision:
 *   Born-Mayer repulsion w.r.t. fractional coordinates and lattice, on a
 *     skewed triclinic cell with a short axis (atoms meet their images);
 *   the forces of pg_crystal_force_field (Ewald + repulsion) against
 *     -dE/dr by moving one atom along x, y, z in Cartesian space, and
 *     dE/ds against the energy of the scaled cell. */
#include <math.h>
#include <string.h>

#include "gradcheck_double.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_relax.h"
#include "physics/crystal/crystal_repulsion.h"
#include "crystal_rock_salt.h"
#include "runner.h"

enum { N = 5, NX = 9 + 3 * N };
static const double CELL[6] = {2.6, 4.1, 3.7, 71, 103, 64};
static const double FRAC[N * 3] = {0.05, 0.10, 0.20, 0.40, 0.55, 0.15,
                                   0.80, 0.35, 0.60, 0.30, 0.90, 0.75,
                                   0.62, 0.71, 0.93};
static const double SIGMA[N] = {1.16, 1.67, 0.86, 1.26, 0.9};
static const double CHARGE[N] = {1, -1, 2, -2, 1};

static double rep_fn(void *ctx, const double *x, double *grad)
{
    const pg_crystal_born_mayer *p = ctx;
    double e = NAN;
    if (grad) memset(grad, 0, NX * sizeof *grad);
    PG_ASSERT_OK(pg_crystal_repulsion(x, x + 9, SIGMA, CHARGE, N, p, &e,
                                      grad ? grad + 9 : NULL, grad));
    return e;
}

static void test_repulsion(void)
{
    pg_crystal_born_mayer p;
    PG_ASSERT_OK(pg_crystal_born_mayer_params(&p));
    printf("Born-Mayer b = %g eV, rho = %g A\n", p.b, p.rho);
    CU_ASSERT(fabs(p.b - 0.2110) < 1e-9 && fabs(p.rho - 0.345) < 1e-9);
    double x[NX];
    PG_ASSERT_OK(pg_crystal_lattice_from_params(CELL, x));
    memcpy(x + 9, FRAC, sizeof FRAC);
    double e = rep_fn(&p, x, NULL);
    printf("E_rep = %.6f eV\n", e);
    CU_ASSERT(e > 0.1);
    CU_ASSERT_EQUAL(gcd_check(rep_fn, &p, x, NX, 1e-6, 1e-7, 1e-6,
                              "repulsion"), 0);
}

/* A distorted rock-salt cell of Na+ and Cl- (8 ions). */
static pg_crystal_structure *distorted_nacl(double *sigma)
{
    const double cell[6] = {5.5, 5.8, 5.6, 88, 93, 91};
    pg_crystal_structure *s = rock_salt_cell(cell, 0.03, 11, 17, 1);
    for (int i = 0; i < 8; i++) sigma[i] = i < 4 ? 1.16 : 1.67;
    return s;
}

static double energy_of(const pg_crystal_structure *s, const double *sigma,
                        const pg_crystal_relax_opts *o)
{
    double e = NAN;
    PG_ASSERT_OK(pg_crystal_force_field(s, sigma, o, &e, NULL, NULL, NULL,
                                        NULL));
    return e;
}

static void test_forces(void)
{
    pg_crystal_relax_opts o;
    PG_ASSERT_OK(pg_crystal_relax_defaults(&o));
    o.ewald_accuracy = 1e-12;
    double sigma[8], F[24], dEds = NAN, e = NAN;
    pg_crystal_structure *s = distorted_nacl(sigma);
    PG_ASSERT_OK(pg_crystal_force_field(s, sigma, &o, &e, NULL, NULL, F,
                                        &dEds));
    double Linv[9], h = 1e-5;
    pg_crystal_lattice_inverse(s->lattice, Linv);
    int bad = 0;
    for (int i = 0; i < 8; i += 3)
        for (int k = 0; k < 3; k++) {
            /* r -> r + h e_k  <=>  f -> f + h (row k of L^-1) */
            double f0[3];
            memcpy(f0, &s->frac[3 * i], sizeof f0);
            for (int m = 0; m < 3; m++) s->frac[3 * i + m] = f0[m] + h * Linv[3 * k + m];
            double ep = energy_of(s, sigma, &o);
            for (int m = 0; m < 3; m++) s->frac[3 * i + m] = f0[m] - h * Linv[3 * k + m];
            double em = energy_of(s, sigma, &o);
            memcpy(&s->frac[3 * i], f0, sizeof f0);
            double num = -(ep - em) / (2 * h);
            if (fabs(num - F[3 * i + k]) > 1e-6 + 1e-6 * fabs(num)) {
                printf("force %d,%d: %.9g vs %.9g\n", i, k, F[3 * i + k], num);
                bad++;
            }
        }
    CU_ASSERT_EQUAL(bad, 0);
    double L0[9];
    memcpy(L0, s->lattice, sizeof L0);
    for (int a = 0; a < 9; a++) s->lattice[a] = L0[a] * exp(h);
    double ep = energy_of(s, sigma, &o);
    for (int a = 0; a < 9; a++) s->lattice[a] = L0[a] * exp(-h);
    double em = energy_of(s, sigma, &o);
    printf("dE/ds = %.9g, numeric %.9g\n", dEds, (ep - em) / (2 * h));
    CU_ASSERT(fabs(dEds - (ep - em) / (2 * h)) < 1e-6 + 1e-6 * fabs(dEds));
    pg_crystal_structure_destroy(&s);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_crystal_relax");
    PG_TEST(s, test_repulsion);
    PG_TEST(s, test_forces);
}
