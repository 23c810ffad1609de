/* Cross-rank agreement on 2 ranks (dist/agree.h): a failure on one rank
 * fails every rank, with the failing rank's message shared (pg_dist_agree)
 * or only its fact (pg_dist_agree_each); success stays success; flags
 * raised on one rank are raised on all; MPI_COMM_NULL is one process. */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "dist/agree.h"
#include "runner.h"

static int rank, size;

/* st on `who` (every rank when who < 0), PG_OK elsewhere. */
static pg_status fail_on(int who)
{
    if (who < 0 || rank == who)
        return PG_FAIL(PG_ERR_IO, "disk full on rank %d", rank);
    return PG_OK;
}

static void test_all_fine_is_fine(void)
{
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_dist_agree(MPI_COMM_WORLD, PG_OK), PG_OK);
    CU_ASSERT_EQUAL(pg_dist_agree_each(MPI_COMM_WORLD, PG_OK), PG_OK);
    CU_ASSERT_EQUAL(pg_error_depth(), 0);
}

static void test_shared_message_names_the_rank(void)
{
    pg_error_clear();
    pg_status st = pg_dist_agree(MPI_COMM_WORLD, fail_on(size - 1));
    /* Every rank fails with the failing rank's code. */
    CU_ASSERT_EQUAL(st, PG_ERR_IO);
    char want[64];
    if (rank == size - 1)
        snprintf(want, sizeof want, "disk full on rank %d", rank);
    else
        snprintf(want, sizeof want, "rank %d: disk full on rank %d",
                 size - 1, size - 1);
    CU_ASSERT_STRING_EQUAL(pg_error_message(), want);
    pg_error_clear();
}

static void test_lowest_failing_rank_speaks(void)
{
    pg_error_clear();
    pg_status st = pg_dist_agree(MPI_COMM_WORLD, fail_on(-1));
    CU_ASSERT_EQUAL(st, PG_ERR_IO);
    char want[64];
    snprintf(want, sizeof want, "disk full on rank %d", rank);
    CU_ASSERT_STRING_EQUAL(pg_error_message(), want); /* its own, each */
    pg_error_clear();
}

static void test_each_keeps_own_error(void)
{
    pg_error_clear();
    pg_status st = pg_dist_agree_each(MPI_COMM_WORLD, fail_on(0));
    if (rank == 0) {
        CU_ASSERT_EQUAL(st, PG_ERR_IO);
        CU_ASSERT_STRING_EQUAL(pg_error_message(), "disk full on rank 0");
    } else {
        CU_ASSERT_EQUAL(st, PG_ERR_MPI);
        CU_ASSERT_STRING_EQUAL(pg_error_message(), "failed on another rank "
                               "(which prints its own error)");
    }
    pg_error_clear();
}

static void test_flags_take_the_max(void)
{
    int flags[3] = {rank == 0, 0, rank == size - 1 ? 7 : 2};
    PG_ASSERT_OK(pg_dist_agree_flags(MPI_COMM_WORLD, flags, 3, "flags"));
    CU_ASSERT_EQUAL(flags[0], 1);
    CU_ASSERT_EQUAL(flags[1], 0);
    CU_ASSERT_EQUAL(flags[2], 7);
}

static void test_null_comm_is_one_process(void)
{
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_dist_agree(MPI_COMM_NULL, PG_OK), PG_OK);
    CU_ASSERT_EQUAL(pg_dist_agree_each(MPI_COMM_NULL, PG_OK), PG_OK);
    pg_status st = PG_FAIL(PG_ERR_ARG, "bad");
    CU_ASSERT_EQUAL(pg_dist_agree(MPI_COMM_NULL, st), PG_ERR_ARG);
    CU_ASSERT_EQUAL(pg_dist_agree_each(MPI_COMM_NULL, st), PG_ERR_ARG);
    CU_ASSERT_STRING_EQUAL(pg_error_message(), "bad");
    int flag = 3;
    PG_ASSERT_OK(pg_dist_agree_flags(MPI_COMM_NULL, &flag, 1, "flag"));
    CU_ASSERT_EQUAL(flag, 3);
}

void pg_test_register(void)
{
    pg_test_mpi_init(&rank, &size);
    CU_pSuite s = pg_test_suite("agree");
    PG_TEST(s, test_all_fine_is_fine);
    PG_TEST(s, test_shared_message_names_the_rank);
    PG_TEST(s, test_lowest_failing_rank_speaks);
    PG_TEST(s, test_each_keeps_own_error);
    PG_TEST(s, test_flags_take_the_max);
    PG_TEST(s, test_null_comm_is_one_process);
}
