/* Thread count for OpenMP loops and the BLAS. */
#ifndef PG_BASE_THREADS_H
#define PG_BASE_THREADS_H

#include "base/status.h"

/* Cores available to this process. */
int pg_threads_available(void);
/* Use n threads (n >= 1) for OpenMP loops and GEMMs (pg_sgemm splits
 * them over OpenMP's threads; OpenBLAS itself stays at one thread).
 * More threads than cores is refused: oversubscription only slows the
 * tight loops down. */
pg_status pg_threads_set(int n);
/* Threads in use now. */
int pg_threads_get(void);

#endif
