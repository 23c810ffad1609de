/* Space-group distributions at several tolerances
 * (crystal_sg_distribution.h): rock salt is Fm-3m at every tolerance; a
 * rock salt with one Na moved 0.05 A loses the group at 0.01 A and keeps
 * it at 0.1 and 0.3 A; the crystal systems' boundaries; total variation
 * distances of equal, disjoint and half-overlapping histograms. */
#include <math.h>

#include "physics/crystal/io/crystal_sg_distribution.h"
#include "runner.h"

static pg_crystal_structure *rock_salt(double shift_A)
{
    static const double na[4][3] = {
        {0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
    static const double cl[4][3] = {
        {0.5, 0.5, 0.5}, {0.5, 0, 0}, {0, 0.5, 0}, {0, 0, 0.5}};
    const double a = 5.64;
    pg_crystal_structure *s = NULL;
    PG_ASSERT_OK(pg_crystal_structure_create(8, &s));
    for (int k = 0; k < 9; k++) s->lattice[k] = k % 4 == 0 ? a : 0;
    for (int i = 0; i < 4; i++) {
        double f[3] = {na[i][0], na[i][1], na[i][2]};
        if (i == 0) f[0] += shift_A / a;
        PG_ASSERT_OK(pg_crystal_structure_append(s, f, 11, i));
        PG_ASSERT_OK(pg_crystal_structure_append(s, cl[i], 17, 4 + i));
    }
    return s;
}

static void test_tolerances(void)
{
    pg_crystal_structure *exact = rock_salt(0), *moved = rock_salt(0.05);
    pg_crystal_sg_hist he[PG_CRYSTAL_SG_TOLS], hm[PG_CRYSTAL_SG_TOLS];
    for (int k = 0; k < PG_CRYSTAL_SG_TOLS; k++) {
        double tol = pg_crystal_sg_tols[k];
        CU_ASSERT_EQUAL(pg_crystal_sg_number(exact, tol), 225);
        int g = pg_crystal_sg_number(moved, tol);
        CU_ASSERT_EQUAL(g == 225, tol > 0.05);
        CU_ASSERT(g >= 1);
        he[k] = (pg_crystal_sg_hist){.symprec = tol};
        hm[k] = (pg_crystal_sg_hist){.symprec = tol};
        pg_crystal_sg_hist_add(&he[k], exact);
        pg_crystal_sg_hist_add(&hm[k], moved);
        pg_crystal_sg_compare c;
        pg_crystal_sg_hist_compare(&hm[k], &he[k], &c);
        CU_ASSERT_EQUAL(c.groups_a, 1);
        CU_ASSERT_EQUAL(c.groups_b, 1);
        /* one structure each: the same group or entirely different */
        CU_ASSERT_DOUBLE_EQUAL(c.tv_groups, tol < 0.05 ? 1.0 : 0.0, 1e-12);
        CU_ASSERT_DOUBLE_EQUAL(c.shared_b, tol < 0.05 ? 0.0 : 1.0, 1e-12);
    }
    pg_crystal_structure_destroy(&exact);
    pg_crystal_structure_destroy(&moved);
}

static void test_systems(void)
{
    const int sg[] = {0, 1, 2, 3, 15, 16, 74, 75, 142, 143, 167, 168, 194,
                      195, 230, 231};
    const int want[] = {-1, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, -1};
    for (int i = 0; i < 16; i++)
        CU_ASSERT_EQUAL(pg_crystal_sg_system(sg[i]), want[i]);
}

static void test_compare(void)
{
    pg_crystal_sg_hist a = {.n = 4}, b = {.n = 4};
    a.count[1] = 2;    /* P1 */
    a.count[2] = 2;    /* P-1 */
    b.count[1] = 2;
    b.count[14] = 1;   /* P2_1/c, monoclinic */
    b.count[0] = 1;    /* no group found */
    pg_crystal_sg_compare c;
    pg_crystal_sg_hist_compare(&a, &b, &c);
    CU_ASSERT_EQUAL(c.groups_a, 2);
    CU_ASSERT_EQUAL(c.groups_b, 2);
    CU_ASSERT_DOUBLE_EQUAL(c.p1_a, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.p1_b, 0.5, 1e-12);
    /* |.5-.5| + |.5-0| + |0-.25| + |0-.25| over 2 */
    CU_ASSERT_DOUBLE_EQUAL(c.tv_groups, 0.5, 1e-12);
    /* triclinic 1 vs .5, monoclinic 0 vs .25, none 0 vs .25 */
    CU_ASSERT_DOUBLE_EQUAL(c.tv_systems, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(c.shared_b, 0.5, 1e-12);
    pg_crystal_sg_hist_compare(&a, &a, &c);
    CU_ASSERT_DOUBLE_EQUAL(c.tv_groups, 0.0, 1e-12);
    pg_crystal_sg_hist empty = {0};
    pg_crystal_sg_hist_compare(&a, &empty, &c);
    CU_ASSERT(isnan(c.tv_groups) && isnan(c.p1_b));
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_sg_distribution");
    PG_TEST(s, test_tolerances);
    PG_TEST(s, test_systems);
    PG_TEST(s, test_compare);
}
