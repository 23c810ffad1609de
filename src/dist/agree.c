#include "dist/agree.h"

#include <stdio.h>

enum { MSG_LEN = 1024 };

/* The lowest rank whose st failed into *first (-1 when none did or comm
 * is MPI_COMM_NULL), on every rank. Not PG_OK only when MPI itself
 * fails: then st when this rank failed anyway. */
static pg_status first_failed(MPI_Comm comm, pg_status st, int *first)
{
    *first = -1;
    if (comm == MPI_COMM_NULL) return PG_OK;
    int rank, size;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    int mine = st != PG_OK ? rank : size;
    if (MPI_Allreduce(&mine, first, 1, MPI_INT, MPI_MIN, comm) !=
        MPI_SUCCESS)
        return st != PG_OK ? st
                           : PG_FAIL(PG_ERR_MPI, "MPI_Allreduce of the "
                                     "ranks' status failed");
    if (*first == size) *first = -1;
    return PG_OK;
}

pg_status pg_dist_agree(MPI_Comm comm, pg_status st)
{
    int first;
    PG_CHECK(first_failed(comm, st, &first));
    if (first < 0) return st;
    int rank;
    MPI_Comm_rank(comm, &rank);
    /* The first failing rank tells the others (rank 0 prints it). */
    char msg[MSG_LEN] = "";
    int code = (int)st;
    if (rank == first) snprintf(msg, sizeof msg, "%s", pg_error_message());
    MPI_Bcast(msg, MSG_LEN, MPI_CHAR, first, comm);
    MPI_Bcast(&code, 1, MPI_INT, first, comm);
    if (st != PG_OK) return st;
    return PG_FAIL((pg_status)code, "rank %d: %s", first, msg);
}

pg_status pg_dist_agree_each(MPI_Comm comm, pg_status st)
{
    int first;
    PG_CHECK(first_failed(comm, st, &first));
    if (first < 0 || st != PG_OK) return st;
    return PG_FAIL(PG_ERR_MPI, "failed on another rank (which prints its "
                   "own error)");
}

pg_status pg_dist_agree_flags(MPI_Comm comm, int *flags, int n,
                              const char *what)
{
    if (comm != MPI_COMM_NULL &&
        MPI_Allreduce(MPI_IN_PLACE, flags, n, MPI_INT, MPI_MAX, comm) !=
            MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "MPI_Allreduce of the %s failed", what);
    return PG_OK;
}
