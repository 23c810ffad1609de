#include "base/threads.h"

#include <omp.h>
#include <unistd.h>

#ifdef PHYSGAN_HAVE_OPENBLAS_THREADS
void openblas_set_num_threads(int num_threads);
#endif

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
#ifdef PHYSGAN_HAVE_OPENBLAS_THREADS
    openblas_set_num_threads(n);
#endif
    return PG_OK;
}

int pg_threads_get(void) { return omp_get_max_threads(); }
