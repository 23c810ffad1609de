/* Duplicated communicators (comm.h). */
#include "dist/comm.h"

pg_status pg_dist_comm_dup(MPI_Comm comm_in, MPI_Comm *comm, int *rank,
                           int *ranks)
{
    *comm = MPI_COMM_NULL;
    *rank = 0;
    *ranks = 1;
    if (comm_in == MPI_COMM_NULL) return PG_OK;
    if (MPI_Comm_dup(comm_in, comm) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "MPI_Comm_dup");
    MPI_Comm_rank(*comm, rank);
    MPI_Comm_size(*comm, ranks);
    return PG_OK;
}

void pg_dist_comm_free(MPI_Comm *comm)
{
    if (*comm != MPI_COMM_NULL) MPI_Comm_free(comm);
}
