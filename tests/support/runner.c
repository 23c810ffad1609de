#include "runner.h"

#include <CUnit/Basic.h>
#include <stdio.h>

#include "base/status.h"

static int setup_failed;

CU_pSuite pg_test_suite(const char *name)
{
    CU_pSuite s = CU_add_suite(name, NULL, NULL);
    if (!s) {
        fprintf(stderr, "cannot add suite %s: %s\n", name, CU_get_error_msg());
        setup_failed = 1;
    }
    return s;
}

void pg_test_add(CU_pSuite s, const char *name, CU_TestFunc f)
{
    if (!s || !CU_add_test(s, name, f)) {
        fprintf(stderr, "cannot add test %s: %s\n", name, CU_get_error_msg());
        setup_failed = 1;
    }
}

int main(void)
{
    if (CU_initialize_registry() != CUE_SUCCESS) {
        fprintf(stderr, "CUnit: %s\n", CU_get_error_msg());
        return 1;
    }
    pg_test_register();
    if (setup_failed) {
        CU_cleanup_registry();
        return 1;
    }
    CU_basic_set_mode(CU_BRM_VERBOSE);
    CU_ErrorCode rc = CU_basic_run_tests();
    /* Read before cleanup: CU_cleanup_registry resets the counters. */
    unsigned failures = CU_get_number_of_failures();
    unsigned run = CU_get_number_of_tests_run();
    unsigned failed_tests = CU_get_number_of_tests_failed();
    CU_cleanup_registry();
    printf("\n%u tests run, %u failed, %u assertion failures\n", run,
           failed_tests, failures);
    if (rc != CUE_SUCCESS || failures > 0 || run == 0) return 1;
    return 0;
}
