/* The SMACT-style charge validity (crystal_charge_valid.h): neutral
 * ionic compositions pass with their usual states; a composition with no
 * neutral assignment, one that is neutral only with an anion less
 * electronegative than its cation, and an element alone do not. */
#include "physics/crystal/crystal_charge_valid.h"
#include "runner.h"

static void check(const int *z, const int *count, int n, int want,
                  const int *want_ox)
{
    int valid = -1, ox[PG_CRYSTAL_VALID_MAX_ELEMENTS] = {0};
    PG_ASSERT_OK(pg_crystal_charge_valid(z, count, n, &valid, ox));
    CU_ASSERT_EQUAL(valid, want);
    if (want && want_ox)
        for (int i = 0; i < n; i++) CU_ASSERT_EQUAL(ox[i], want_ox[i]);
}

static void test_valid(void)
{
    check((int[]){11, 17}, (int[]){4, 4}, 2, 1, (int[]){1, -1});  /* NaCl */
    check((int[]){12, 8}, (int[]){1, 1}, 2, 1, (int[]){2, -2});   /* MgO */
    check((int[]){13, 8}, (int[]){2, 3}, 2, 1, (int[]){3, -2});   /* Al2O3 */
    /* Li3PO4: P5+ between Li+ and O2- in electronegativity */
    check((int[]){3, 15, 8}, (int[]){3, 1, 4}, 3, 1, (int[]){1, 5, -2});
    /* Fe3O4 needs mixed valence: one state per element fails... */
    check((int[]){26, 8}, (int[]){3, 4}, 2, 0, NULL);
}

static void test_invalid(void)
{
    check((int[]){11, 17}, (int[]){1, 2}, 2, 0, NULL);  /* NaCl2 */
    check((int[]){11}, (int[]){4}, 1, 0, NULL);         /* Na metal */
    /* NaF with F as the cation and Na as the anion is never tried: F is
     * more electronegative; Na3F has no neutral assignment at all */
    check((int[]){11, 9}, (int[]){3, 1}, 2, 0, NULL);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_crystal_charge_valid");
    PG_TEST(s, test_valid);
    PG_TEST(s, test_invalid);
}
