/* Deliberately failing test: proves the runner exits non-zero when an
 * assertion fails (ctest registers it with WILL_FAIL). */
#include "runner.h"

static void test_one_plus_one_is_three(void) { CU_ASSERT_EQUAL(1 + 1, 3); }
static void test_passing(void) { CU_ASSERT_EQUAL(1 + 1, 2); }

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("runner_selftest");
    PG_TEST(s, test_passing);
    PG_TEST(s, test_one_plus_one_is_three);
}
