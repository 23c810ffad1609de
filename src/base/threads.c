#include "base/threads.h"

#include <omp.h>
#include <unistd.h>

#include "base/gemm.h"

int pg_threads_available(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

pg_status pg_threads_set(int n)
{
    int cores = pg_threads_available();
    if (n < 1 || n > cores)
        return PG_FAIL(PG_ERR_ARG, "threads = %d: expected 1..%d (cores here)",
                       n, cores);
    omp_set_num_threads(n);
    /* One pool: OpenBLAS stays at one thread, pg_sgemm splits GEMMs over
     * OpenMP's threads (base/gemm.h). */
    pg_blas_single_thread();
    return PG_OK;
}

int pg_threads_get(void) { return omp_get_max_threads(); }
