/* Single-precision GEMM on one thread pool: OpenMP's.
 *
 * OpenBLAS from Debian's libopenblas0-pthread keeps its own pthreads, and
 * physgan's elementwise loops run on libgomp's: two pools that alternate
 * at every layer, each busy-waiting while the other works (issue 21). So
 * physgan runs OpenBLAS at one thread and splits a large GEMM itself into
 * contiguous blocks of C's columns (or rows), one cblas_sgemm per OpenMP
 * thread. The blocks are fixed by the shape and the thread count, so
 * results at T threads repeat from run to run; they are not bit-identical
 * to one thread's (OpenBLAS's kernels round differently for different
 * block widths). At one thread pg_sgemm is the plain cblas_sgemm call. */
#ifndef PG_BASE_GEMM_H
#define PG_BASE_GEMM_H

#include <cblas.h>

/* Row-major C = alpha op(A) op(B) + beta C, as cblas_sgemm(CblasRowMajor,
 * ...), on up to the OpenMP thread count once pg_blas_single_thread has
 * run (pg_threads_set calls it: every command with --threads or
 * train.threads); one cblas_sgemm call inside a parallel region, for a
 * GEMM below PG_SGEMM_SPLIT_MIN multiply-adds, and before then (commands
 * that leave the thread counts to OMP_NUM_THREADS and OPENBLAS_NUM_THREADS
 * keep the BLAS's own threading and its results). */
void pg_sgemm(CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m, int n, int k,
              float alpha, const float *a, int lda, const float *b, int ldb,
              float beta, float *c, int ldc);

/* Smallest GEMM (m n k multiply-adds) worth a fork/join: ~20 us of work. */
#define PG_SGEMM_SPLIT_MIN (1L << 20)

/* pg_sgemm on exactly `threads` threads (tests and benchmarks). */
void pg_sgemm_threads(int threads, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb,
                      int m, int n, int k, float alpha, const float *a,
                      int lda, const float *b, int ldb, float beta, float *c,
                      int ldc);

/* Put OpenBLAS at one thread and let pg_sgemm split from now on (once per
 * process; pg_threads_set calls it). */
void pg_blas_single_thread(void);

#endif
