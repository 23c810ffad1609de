/* Results at 2 threads are reproducible (docs/engine.md, "Threads"): the
 * dcgan64 training step (train/bench_dcgan.h: G's transposed convs and
 * batch norm, D's convs and leaky ReLU, BCE, Adam), two warm-up steps and
 * one timed step, gives the same losses to the last bit in two runs at 2
 * OpenMP threads, where the large GEMMs are split across the threads
 * (pg_sgemm) and the elementwise loops run on both; and losses within
 * float rounding of the 1-thread run (the split GEMMs round differently).
 * Batch 16 puts most layers above the split and OpenMP thresholds. */
#include <math.h>
#include <omp.h>
#include <string.h>

#include "base/gemm.h"
#include "train/bench_dcgan.h"
#include "runner.h"

static pg_gan_step_losses run_at(int threads)
{
    pg_blas_single_thread(); /* as pg_threads_set does, whatever the cores */
    omp_set_num_threads(threads);
    pg_bench_dcgan_opts o = {.batch = 16, .steps = 1, .seed = 7};
    pg_bench_dcgan_result r;
    memset(&r, 0, sizeof r);
    PG_ASSERT_OK(pg_bench_dcgan_run(&o, MPI_COMM_NULL, &r));
    omp_set_num_threads(1);
    return r.last;
}

static int same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }
static int near(double a, double b) { return fabs(a - b) <= 1e-3 * fabs(a); }

static void test_two_threads_reproducible(void)
{
    pg_gan_step_losses one = run_at(1), two = run_at(2), again = run_at(2);
    CU_ASSERT(one.d_real > 0 && one.d_fake > 0 && one.g > 0);
    CU_ASSERT(same(two.d_real, again.d_real));
    CU_ASSERT(same(two.d_fake, again.d_fake));
    CU_ASSERT(same(two.g, again.g));
    CU_ASSERT(near(one.d_real, two.d_real));
    CU_ASSERT(near(one.d_fake, two.d_fake));
    CU_ASSERT(near(one.g, two.g));
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("unit_threads_deterministic");
    PG_TEST(s, test_two_threads_reproducible);
}
