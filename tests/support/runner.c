#include "runner.h"

#include <CUnit/Basic.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

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

static void mpi_finalize(void) { MPI_Finalize(); }

void pg_test_mpi_init(int *rank, int *size)
{
    MPI_Init(NULL, NULL);
    atexit(mpi_finalize);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, size);
}

#if defined(__SANITIZE_ADDRESS__)
/* Sanitize builds: Open MPI (and the libraries it loads) keeps
 * allocations until exit by design. These suppressions are limited to
 * those libraries, so leaks in physgan code are still reported; full stack
 * unwinding lets them match frames inside libraries built without frame
 * pointers. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libmpi.so\nleak:libopen-pal.so\nleak:libopen-rte.so\n"
           "leak:libevent\nleak:mca_\nleak:libhwloc.so\nleak:libpmix.so\n"
           "leak:libcrypto.so\n";
}
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "fast_unwind_on_malloc=0"; }
#endif

int main(void)
{
    /* Keep Open MPI's plugins loaded so that leak reports can name them. */
    setenv("OMPI_MCA_mca_base_component_disable_dlclose", "1", 0);
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
