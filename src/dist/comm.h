/* The private communicator of a collective library function: every such
 * function duplicates the one it is given (design: no message of the
 * caller can be mistaken for its own). */
#ifndef PG_DIST_COMM_H
#define PG_DIST_COMM_H

#include <mpi.h>

#include "base/status.h"

/* Collective over comm_in: *comm <- a duplicate, *rank and *ranks its
 * rank and size. MPI_COMM_NULL (one process without MPI) gives
 * MPI_COMM_NULL, rank 0 of 1, and makes no MPI call. Free it with
 * pg_dist_comm_free. */
pg_status pg_dist_comm_dup(MPI_Comm comm_in, MPI_Comm *comm, int *rank,
                           int *ranks);
/* Collective: free a pg_dist_comm_dup communicator (MPI_COMM_NULL: no-op). */
void pg_dist_comm_free(MPI_Comm *comm);

#endif
