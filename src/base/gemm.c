#include "base/gemm.h"

#include <omp.h>
#include <pthread.h>
#include <stdatomic.h>

#ifdef PHYSGAN_HAVE_OPENBLAS_THREADS
void openblas_set_num_threads(int num_threads);
#endif

static pthread_once_t blas_once = PTHREAD_ONCE_INIT;
/* Set once OpenBLAS is at one thread: from then on pg_sgemm splits. */
static atomic_int one_pool;

static void blas_to_one_thread(void)
{
#ifdef PHYSGAN_HAVE_OPENBLAS_THREADS
    openblas_set_num_threads(1);
#endif
    one_pool = 1;
}

void pg_blas_single_thread(void) { pthread_once(&blas_once, blas_to_one_thread); }

/* Columns (rows) per block: a multiple of 16, which every x86 sgemm
 * micro-kernel tile width divides, so that only the last block has ragged
 * edge tiles. */
static int block_of(int len, int parts)
{
    int b = (len + parts - 1) / parts;
    return (b + 15) / 16 * 16;
}

void pg_sgemm_threads(int threads, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb,
                      int m, int n, int k, float alpha, const float *a,
                      int lda, const float *b, int ldb, float beta, float *c,
                      int ldc)
{
    /* Split the longer side of C: wide C by columns (B's columns), tall C
     * by rows (A's rows). */
    int by_cols = n >= m, len = by_cols ? n : m;
    int blk = block_of(len, threads);
    if (threads <= 1 || blk >= len) {
        cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb,
                    beta, c, ldc);
        return;
    }
    pg_blas_single_thread();
    int parts = (len + blk - 1) / blk;
    #pragma omp parallel for num_threads(threads) schedule(static, 1)
    for (int p = 0; p < parts; p++) {
        int lo = p * blk, w = len - lo < blk ? len - lo : blk;
        if (by_cols) {
            const float *bp = tb == CblasNoTrans ? b + lo : b + (size_t)lo * ldb;
            cblas_sgemm(CblasRowMajor, ta, tb, m, w, k, alpha, a, lda, bp, ldb,
                        beta, c + lo, ldc);
        } else {
            const float *ap = ta == CblasNoTrans ? a + (size_t)lo * lda : a + lo;
            cblas_sgemm(CblasRowMajor, ta, tb, w, n, k, alpha, ap, lda, b, ldb,
                        beta, c + (size_t)lo * ldc, ldc);
        }
    }
}

void pg_sgemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k,
              float alpha, const float *a, int lda, const float *b, int ldb,
              float beta, float *c, int ldc)
{
    /* Before pg_blas_single_thread (a command that never set its thread
     * count) the BLAS threads its calls itself, as it always did. */
    int threads = !one_pool || omp_in_parallel() ? 1 : omp_get_max_threads();
    if ((long)m * n * k < PG_SGEMM_SPLIT_MIN) threads = 1;
    pg_sgemm_threads(threads, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c,
                     ldc);
}
