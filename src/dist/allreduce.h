/* Gradient averaging for data-parallel training. */
#ifndef PG_DIST_ALLREDUCE_H
#define PG_DIST_ALLREDUCE_H

#include <mpi.h>
#include <stddef.h>

#include "base/status.h"

/* buf <- the mean of buf over the ranks of comm, in place (MPI_SUM with
 * MPI_IN_PLACE, then a division by the rank count). Collective over comm:
 * every rank calls it with the same n. One MPI_Allreduce for n up to
 * INT_MAX floats (a net's flat gradient buffer), more only beyond that.
 * The communicator is used as given; the call leaves no pending messages
 * on it. */
pg_status pg_dist_allreduce_mean(float *buf, size_t n, MPI_Comm comm);

#endif
