/* Ewald energy (physics/crystal/crystal_ewald.h) against the Madelung
 * constants of four ionic structures, each built as its conventional
 * cubic cell from the Wyckoff positions:
 *   E per formula unit = -M z+ z- k_e / r0      (r0: nearest cation-anion
 * distance), the convention of the tabulated values NaCl 1.747565,
 * CsCl 1.762675, ZnS zincblende 1.6381 and CaF2 2.51939 (for
 * fluorite: M per CaF2 unit referred to z+ z- = 2).
 * Also: invariance under a change of cell (a rotated, skewed primitive
 * cell of rock salt gives the same energy per formula unit). */
#include <math.h>

#include "physics/crystal/crystal_ewald.h"
#include "physics/crystal/crystal_lattice.h"
#include "runner.h"

static const double KE = PG_CRYSTAL_COULOMB_EV_A;
static const double A = 5.0; /* cubic cell edge, A (M is scale-free) */
static const double FCC[4][3] = {{0, 0, 0}, {0, .5, .5}, {.5, 0, .5},
                                 {.5, .5, 0}};

/* Energy of a cubic cell of side A with the given atoms. */
static double cubic_energy(const double *frac, const double *q, int n)
{
    double L[9] = {A, 0, 0, 0, A, 0, 0, 0, A}, e = NAN;
    pg_crystal_ewald_info info;
    PG_ASSERT_OK(pg_crystal_ewald(L, frac, q, n, 1e-12, &e, NULL, &info));
    return e;
}

/* fcc sublattices: one at the origin, others shifted by s[k]. */
static int fcc_cell(const double (*shift)[3], const double *charge, int nsub,
                    double *frac, double *q)
{
    int n = 0;
    for (int s = 0; s < nsub; s++)
        for (int i = 0; i < 4; i++, n++) {
            for (int k = 0; k < 3; k++) {
                double f = FCC[i][k] + shift[s][k];
                frac[3 * n + k] = f - floor(f);
            }
            q[n] = charge[s];
        }
    return n;
}

static void test_nacl(void)
{
    double sh[2][3] = {{0, 0, 0}, {.5, 0, 0}}, ch[2] = {1, -1};
    double f[24], q[8];
    int n = fcc_cell(sh, ch, 2, f, q);
    double m = -cubic_energy(f, q, n) / 4 * (A / 2) / KE;
    printf("NaCl M = %.9f\n", m);
    CU_ASSERT(fabs(m - 1.747565) < 1e-5);
}

static void test_zincblende(void)
{
    double sh[2][3] = {{0, 0, 0}, {.25, .25, .25}}, ch[2] = {1, -1};
    double f[24], q[8];
    int n = fcc_cell(sh, ch, 2, f, q);
    double m = -cubic_energy(f, q, n) / 4 * (A * sqrt(3) / 4) / KE;
    printf("ZnS M = %.9f\n", m);
    CU_ASSERT(fabs(m - 1.6381) < 1e-4); /* the table gives 5 digits */
    CU_ASSERT(fabs(m - 1.638055) < 1e-5);
}

static void test_fluorite(void)
{
    double sh[3][3] = {{0, 0, 0}, {.25, .25, .25}, {.75, .75, .75}};
    double ch[3] = {2, -1, -1};
    double f[36], q[12];
    int n = fcc_cell(sh, ch, 3, f, q);
    /* per CaF2 unit, referred to r0 = sqrt(3)/4 a and z+ z- = 2 */
    double m = -cubic_energy(f, q, n) / 4 * (A * sqrt(3) / 4) / KE / 2;
    printf("CaF2 M = %.9f\n", m);
    CU_ASSERT(fabs(m - 2.51939) < 1e-5);
}

static void test_cscl(void)
{
    double f[6] = {0, 0, 0, .5, .5, .5}, q[2] = {1, -1};
    double m = -cubic_energy(f, q, 2) * (A * sqrt(3) / 2) / KE;
    printf("CsCl M = %.9f\n", m);
    CU_ASSERT(fabs(m - 1.762675) < 1e-5);
}

/* Rock salt in its primitive rhombohedral cell (alpha = 60 deg), rotated
 * off the standard orientation: the same energy per formula unit. */
static void test_primitive_cell(void)
{
    double p[6] = {A / sqrt(2), A / sqrt(2), A / sqrt(2), 60, 60, 60}, L[9];
    PG_ASSERT_OK(pg_crystal_lattice_from_params(p, L));
    double c = cos(0.3), s = sin(0.3), R[9] = {c, -s, 0, s, c, 0, 0, 0, 1};
    double LR[9] = {0};
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 3; k++) LR[3 * i + j] += L[3 * i + k] * R[3 * k + j];
    double f[6] = {0, 0, 0, .5, .5, .5}, q[2] = {1, -1}, e;
    PG_ASSERT_OK(pg_crystal_ewald(LR, f, q, 2, 1e-12, &e, NULL, NULL));
    double m = -e * (A / 2) / KE;
    CU_ASSERT(fabs(m - 1.747565) < 1e-5);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_ewald");
    PG_TEST(s, test_nacl);
    PG_TEST(s, test_cscl);
    PG_TEST(s, test_zincblende);
    PG_TEST(s, test_fluorite);
    PG_TEST(s, test_primitive_cell);
}
