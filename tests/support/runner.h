/* CUnit runner shared by every test executable.
 *
 * Each test file defines `void pg_test_register(void)` adding its suites
 * (use PG_SUITE/PG_TEST below) and gets main() from runner.c. The process
 * exits 1 when any assertion failed or any test could not run, so ctest
 * sees failures: CU_get_number_of_failures() is read before the registry
 * is cleaned up (afterwards it reads 0).
 */
#ifndef PG_TESTS_RUNNER_H
#define PG_TESTS_RUNNER_H

#include <CUnit/CUnit.h>

void pg_test_register(void);

/* Add a suite; returns it (NULL on CUnit failure, which main reports). */
CU_pSuite pg_test_suite(const char *name);
void pg_test_add(CU_pSuite s, const char *name, CU_TestFunc f);

/* For the mpi_* tests, first thing in pg_test_register: MPI_Init, with
 * MPI_Finalize at exit; this process's rank and the size of
 * MPI_COMM_WORLD. */
void pg_test_mpi_init(int *rank, int *size);

#define PG_TEST(suite, fn) pg_test_add((suite), #fn, (fn))

/* Assert that a pg_status call succeeded, printing the error chain if not. */
#define PG_ASSERT_OK(call)                                                 \
    do {                                                                   \
        pg_status pg_t_s_ = (call);                                        \
        if (pg_t_s_ != PG_OK) pg_error_print(stderr);                      \
        CU_ASSERT_EQUAL_FATAL(pg_t_s_, PG_OK);                             \
        pg_error_clear();                                                  \
    } while (0)

#endif
