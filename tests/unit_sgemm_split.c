/* pg_sgemm splits a GEMM into blocks of C's columns (wide C) or rows (tall
 * C), one cblas_sgemm per OpenMP thread (base/gemm.h). Checked for all four
 * transpose combinations, ragged block edges, leading dimensions wider than
 * the matrix, beta 0 (C starts as NaN: must be overwritten) and beta 1:
 *  - on one thread it is the plain cblas_sgemm call, bit for bit (what
 *    keeps every 1-thread result of physgan unchanged);
 *  - split over 2, 3 and 5 threads it is the product (against a double
 *    reference, to float rounding: a wrong block offset fails by O(1)),
 *    leaves the padding between rows alone, and gives the same bits on a
 *    second call (results at T threads are reproducible; they are not
 *    those of one thread: OpenBLAS's kernels round differently for
 *    different block widths). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/gemm.h"
#include "base/rng.h"
#include "runner.h"

static float *filled(pg_rng *r, size_t len)
{
    float *p = malloc(len * sizeof *p);
    CU_ASSERT_FATAL(p != NULL);
    pg_rng_fill_uniform(r, p, len, -1, 1);
    return p;
}

/* op(X)[i][l] of a row-major X with leading dimension ld. */
static double at(const float *x, CBLAS_TRANSPOSE t, int ld, int i, int l)
{
    return t == CblasNoTrans ? x[(size_t)i * ld + l] : x[(size_t)l * ld + i];
}

/* One shape; returns the number of failed element checks. */
static size_t check(pg_rng *r, CBLAS_TRANSPOSE ta, CBLAS_TRANSPOSE tb, int m,
                    int n, int k, float beta)
{
    int pad = 3; /* leading dimensions wider than the rows */
    int lda = (ta == CblasNoTrans ? k : m) + pad;
    int ldb = (tb == CblasNoTrans ? n : k) + pad, ldc = n + pad;
    size_t alen = (size_t)(ta == CblasNoTrans ? m : k) * lda;
    size_t blen = (size_t)(tb == CblasNoTrans ? k : n) * ldb;
    size_t clen = (size_t)m * ldc;
    float *a = filled(r, alen), *b = filled(r, blen), *init = filled(r, clen);
    if (beta == 0.0f)
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) init[(size_t)i * ldc + j] = NAN;
    float *c0 = malloc(clen * sizeof *c0), *c1 = malloc(clen * sizeof *c1);
    CU_ASSERT_FATAL(c0 && c1);
    const float alpha = 0.75f;
    size_t bad = 0;
    memcpy(c0, init, clen * sizeof *c0);
    memcpy(c1, init, clen * sizeof *c1);
    cblas_sgemm(CblasRowMajor, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta,
                c0, ldc);
    pg_sgemm_threads(1, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c1, ldc);
    bad += memcmp(c0, c1, clen * sizeof *c0) != 0;
    const int threads[] = {2, 3, 5};
    for (int t = 0; t < 3; t++) {
        memcpy(c0, init, clen * sizeof *c0);
        memcpy(c1, init, clen * sizeof *c1);
        pg_sgemm_threads(threads[t], ta, tb, m, n, k, alpha, a, lda, b, ldb,
                         beta, c0, ldc);
        pg_sgemm_threads(threads[t], ta, tb, m, n, k, alpha, a, lda, b, ldb,
                         beta, c1, ldc);
        bad += memcmp(c0, c1, clen * sizeof *c0) != 0;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, mag = 0;
                for (int l = 0; l < k; l++) {
                    double p = at(a, ta, lda, i, l) * at(b, tb, ldb, l, j);
                    s += p;
                    mag += fabs(p);
                }
                double c = beta == 0.0f ? 0 : init[(size_t)i * ldc + j];
                double want = alpha * s + c;
                double tol = 1e-6 * (alpha * mag + fabs(c)) + 1e-30;
                bad += !(fabs(c0[(size_t)i * ldc + j] - want) <= tol);
            }
            for (int j = n; j < ldc; j++) /* C's neighbours: untouched */
                bad += memcmp(&init[(size_t)i * ldc + j],
                              &c0[(size_t)i * ldc + j], sizeof *c0) != 0;
        }
    }
    free(a);
    free(b);
    free(c0);
    free(c1);
    free(init);
    return bad;
}

static void test_split_gemm(void)
{
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_rng_create(21, 0, PG_RNG_DATA, &r));
    /* (m, n, k): wide and tall C, ragged edges, dcgan64's shapes (D's
     * weight gradient 64 x 512 over 256 columns, G's 2048 x 256 columns
     * over 64 channels), and a C narrower than one block per thread */
    const int shapes[][3] = {{37, 301, 129}, {301, 37, 129}, {64, 512, 256},
                             {2048, 256, 64}, {5, 17, 1000}, {1, 1, 7},
                             {128, 1024, 64}};
    const CBLAS_TRANSPOSE tr[2] = {CblasNoTrans, CblasTrans};
    size_t bad = 0;
    for (size_t s = 0; s < sizeof shapes / sizeof *shapes; s++)
        for (int ta = 0; ta < 2; ta++)
            for (int tb = 0; tb < 2; tb++)
                for (int z = 0; z < 2; z++)
                    bad += check(r, tr[ta], tr[tb], shapes[s][0],
                                 shapes[s][1], shapes[s][2], z ? 1.0f : 0.0f);
    CU_ASSERT_EQUAL(bad, 0);
    pg_rng_destroy(&r);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_sgemm_split");
    PG_TEST(s, test_split_gemm);
}
