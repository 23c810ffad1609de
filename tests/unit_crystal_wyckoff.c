/* Wyckoff orbits and site-symmetry projectors (crystal_wyckoff.h) on
 * rutile (P4_2/mnm, 136): Ti on 2a (site mmm, no free coordinate), O on
 * 4f (x, x, 0: one); P idempotent; 8 + 4 site operations of 16; a
 * projected displacement of the O orbit keeps group 136 at 0.01 A, the
 * same displacement unprojected on one atom does not; free parameters
 * 0 + 1 + 2 (tetragonal a, c) = 3 against 3 n + 6 = 24 in P1. */
#include <math.h>

#include "physics/crystal/io/crystal_sg_distribution.h"
#include "physics/crystal/io/crystal_wyckoff.h"
#include "runner.h"

static pg_crystal_structure *rutile(void)
{
    const double a = 4.594, c = 2.959, u = 0.3053;
    const double ti[2][3] = {{0, 0, 0}, {0.5, 0.5, 0.5}};
    const double o[4][3] = {{u, u, 0}, {1 - u, 1 - u, 0},
                            {0.5 + u, 0.5 - u, 0.5}, {0.5 - u, 0.5 + u, 0.5}};
    pg_crystal_structure *s = NULL;
    PG_ASSERT_OK(pg_crystal_structure_create(6, &s));
    for (int k = 0; k < 9; k++) s->lattice[k] = 0;
    s->lattice[0] = s->lattice[4] = a;
    s->lattice[8] = c;
    for (int i = 0; i < 2; i++)
        PG_ASSERT_OK(pg_crystal_structure_append(s, ti[i], 22, i));
    for (int i = 0; i < 4; i++)
        PG_ASSERT_OK(pg_crystal_structure_append(s, o[i], 8, 2 + i));
    return s;
}

static void test_rutile_orbits(void)
{
    pg_crystal_structure *s = rutile();
    pg_crystal_orbits o;
    PG_ASSERT_OK(pg_crystal_orbits_find(s, 0.01, &o));
    CU_ASSERT_EQUAL(o.spacegroup, 136);
    CU_ASSERT_EQUAL(o.n_ops, 16);
    CU_ASSERT_EQUAL_FATAL(o.n_orbits, 2);
    CU_ASSERT_EQUAL(o.letter[0], 'a');
    CU_ASSERT_EQUAL(o.letter[1], 'f');
    CU_ASSERT_EQUAL(o.site_ops[0], 8);
    CU_ASSERT_EQUAL(o.site_ops[1], 4);
    CU_ASSERT_EQUAL(o.free[0], 0);
    CU_ASSERT_EQUAL(o.free[1], 1);
    CU_ASSERT_EQUAL(pg_crystal_orbits_free_parameters(&o), 3);
    for (int k = 0; k < 2; k++) {   /* P P = P */
        const double *P = o.proj[k];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double pp = 0;
                for (int m = 0; m < 3; m++) pp += P[3 * i + m] * P[3 * m + j];
                CU_ASSERT_DOUBLE_EQUAL(pp, P[3 * i + j], 1e-12);
            }
    }
    /* O's free direction is (x, x, 0) */
    const double *P = o.proj[1];
    CU_ASSERT_DOUBLE_EQUAL(P[0], 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(P[1], 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(P[8], 0.0, 1e-12);
    pg_crystal_orbits_free(&o);
    pg_crystal_structure_destroy(&s);
}

static void test_displacement_keeps_group(void)
{
    pg_crystal_structure *s = rutile();
    pg_crystal_orbits o;
    PG_ASSERT_OK(pg_crystal_orbits_find(s, 0.01, &o));
    const double delta[3] = {0.02, -0.006, 0.03};
    pg_crystal_orbits_displace(&o, 1, delta, s);
    /* the representative moved along (1, 1, 0) by (0.02 - 0.006) / 2 */
    int r = o.rep[1];
    CU_ASSERT_DOUBLE_EQUAL(s->frac[3 * r], 0.3053 + 0.007, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s->frac[3 * r + 1], 0.3053 + 0.007, 1e-12);
    CU_ASSERT_EQUAL(pg_crystal_sg_number(s, 0.01), 136);
    pg_crystal_orbits_free(&o);
    /* the same displacement unprojected, on one O: the group is lost */
    for (int i = 0; i < 3; i++) s->frac[3 * 2 + i] += delta[i];
    CU_ASSERT(pg_crystal_sg_number(s, 0.01) != 136);
    pg_crystal_structure_destroy(&s);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_wyckoff");
    PG_TEST(s, test_rutile_orbits);
    PG_TEST(s, test_displacement_keeps_group);
}
