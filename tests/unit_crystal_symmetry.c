/* Symmetry operations as atom permutations (physics/crystal/io/
 * crystal_spglib.h, used by `simulate crystal` to recognise
 * symmetry-equivalent substitutions): the conventional rock-salt cell has
 * 48 point operations times 4 centring translations = 192, each a
 * permutation that keeps every atom's element; displacing one atom leaves
 * fewer. */
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/io/crystal_spglib.h"
#include "crystal_rock_salt.h"
#include "runner.h"

static pg_crystal_structure *rock_salt(double shift)
{
    const double cell[6] = {5.64, 5.64, 5.64, 90, 90, 90};
    pg_crystal_structure *s = rock_salt_cell(cell, 0, 11, 17, 1);
    s->frac[0] += shift; /* ion 0 along a */
    return s;
}

static int count_ops(pg_crystal_structure *s)
{
    int *perm = NULL, n = 0;
    PG_ASSERT_OK(pg_crystal_symmetry_permutations(s, 0.01, &perm, &n));
    for (int k = 0; k < n; k++) {
        int seen[8] = {0};
        for (int i = 0; i < 8; i++) {
            int j = perm[8 * k + i];
            CU_ASSERT(j >= 0 && j < 8);
            if (j < 0 || j >= 8) continue;
            CU_ASSERT_EQUAL(s->z[j], s->z[i]);
            seen[j]++;
        }
        for (int j = 0; j < 8; j++) CU_ASSERT_EQUAL(seen[j], 1);
    }
    free(perm);
    return n;
}

static void test_rock_salt(void)
{
    pg_crystal_structure *s = rock_salt(0);
    int n = count_ops(s);
    printf("rock salt: %d operations\n", n);
    CU_ASSERT_EQUAL(n, 192);
    pg_crystal_structure_destroy(&s);
    s = rock_salt(0.05);
    n = count_ops(s);
    printf("one Na displaced along x: %d operations\n", n);
    CU_ASSERT(n >= 1 && n < 192);
    pg_crystal_structure_destroy(&s);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_symmetry");
    PG_TEST(s, test_rock_salt);
}
