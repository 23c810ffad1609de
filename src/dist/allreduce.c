#include "dist/allreduce.h"

#include <limits.h>

pg_status pg_dist_allreduce_mean(float *buf, size_t n, MPI_Comm comm)
{
    int size, rc;
    if ((rc = MPI_Comm_size(comm, &size)) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "MPI_Comm_size failed (MPI error %d)", rc);
    if (size == 1 || n == 0) return PG_OK;
    for (size_t done = 0; done < n;) {
        size_t chunk = n - done < (size_t)INT_MAX ? n - done : (size_t)INT_MAX;
        rc = MPI_Allreduce(MPI_IN_PLACE, buf + done, (int)chunk, MPI_FLOAT,
                           MPI_SUM, comm);
        if (rc != MPI_SUCCESS)
            return PG_FAIL(PG_ERR_MPI, "MPI_Allreduce of %zu floats failed "
                           "(MPI error %d)", chunk, rc);
        done += chunk;
    }
    const float k = (float)size;
    for (size_t i = 0; i < n; i++) buf[i] /= k;
    return PG_OK;
}
