/* physgan bench: speed measurements on this machine.
 *
 *   bench gemm     the BLAS ceiling: square sgemm, best of several reps
 *   bench dcgan64  one full DCGAN training step (train/bench_dcgan.h), the
 *                  model and step of the PyTorch reference that
 *                  bench/compare_torch.sh runs beside it
 *
 * Under mpiexec the dcgan64 bench runs data-parallel: each rank trains on
 * its own batch and the gradients are averaged with one allreduce per
 * network per step. MPI is initialised here only, and only when a launcher
 * is detected, so a plain run needs no MPI runtime.
 *
 * Nothing here is a test: the numbers are for comparison within one run
 * (docs/benchmarks.md). */
#include <getopt.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cblas.h>

#include "base/clock.h"
#include "base/gemm.h"
#include "base/json.h"
#include "base/mem.h"
#include "base/rng.h"
#include "base/threads.h"
#include "base/version.h"
#include "cli/cli.h"
#include "nn/ops.h"
#include "train/bench_dcgan.h"


typedef struct bench_opts {
    long n, reps, batch, steps, threads, seed;
    int json, profile;
} bench_opts;

static const char *blas_name(void)
{
#ifdef PHYSGAN_HAVE_OPENBLAS_THREADS
    return openblas_get_config();
#else
    return "CBLAS (not OpenBLAS)";
#endif
}

/* ---- bench gemm ----------------------------------------------------------- */

static int bench_gemm(const bench_opts *o)
{
    size_t n = (size_t)o->n, len = n * n;
    float *a = pg_alloc(len * sizeof *a), *b = pg_alloc(len * sizeof *b);
    float *c = pg_alloc(len * sizeof *c);
    pg_rng *r = NULL;
    pg_status s = PG_OK;
    int rc = PG_EXIT_FAILURE;
    if (!a || !b || !c) {
        s = PG_FAIL(PG_ERR_NOMEM, "three %zux%zu matrices", n, n);
        goto fail;
    }
    PG_CHECK_GOTO(s, pg_rng_create((uint64_t)o->seed, 0, PG_RNG_DATA, &r),
                  fail);
    pg_rng_fill_uniform(r, a, len, -1, 1);
    pg_rng_fill_uniform(r, b, len, -1, 1);
    double best = INFINITY;
    /* rep 0 warms caches and the thread pool and is not counted. */
    for (long rep = 0; rep <= o->reps; rep++) {
        double t0 = pg_clock_now_s();
        /* the engine's GEMM: at --threads > 1 split across OpenMP threads */
        pg_sgemm(CblasNoTrans, CblasNoTrans, (int)n, (int)n, (int)n, 1.0f, a,
                 (int)n, b, (int)n, 0.0f, c, (int)n);
        double t = pg_clock_now_s() - t0;
        if (rep > 0 && t < best) best = t;
    }
    double gflops = 2.0 * n * n * n / best / 1e9;
    char blas[256];
    pg_json_quote(blas, sizeof blas, blas_name(), 0);
    if (o->json)
        printf("{\"bench\": \"gemm\", \"n\": %zu, \"reps\": %ld, "
               "\"threads\": %d, \"best_ms\": %.3f, \"gflops\": %.2f, "
               "\"blas\": %s}\n",
               n, o->reps, pg_threads_get(), 1e3 * best, gflops, blas);
    else
        printf("bench gemm: sgemm %zux%zu, %d thread(s), best of %ld: "
               "%.2f ms, %.2f GFLOP/s\nblas: %s\n",
               n, n, pg_threads_get(), o->reps, 1e3 * best, gflops,
               blas_name());
    rc = PG_EXIT_OK;
    goto done;
fail:
    rc = pg_cli_fail(s);
done:
    pg_rng_destroy(&r);
    pg_free(a);
    pg_free(b);
    pg_free(c);
    return rc;
}

/* ---- bench dcgan64 -------------------------------------------------------- */

/* Time per op kind (rank 0), its share of the step and, for the layers
 * with counted FLOPs, its rate; "conv" sums conv2d and conv_transpose2d.
 * JSON mode prints it as one object before the result. */
static void print_profile(const pg_bench_dcgan_result *r, const bench_opts *o)
{
    double sec = r->sec, kernels = 0;
    const double *by_op = r->op_flops;
    double conv_s = r->op_sec[PG_OP_CONV2D] + r->op_sec[PG_OP_CONVT2D];
    double conv_f = by_op[PG_OP_CONV2D] + by_op[PG_OP_CONVT2D];
    if (o->json) printf("{\"profile\": {");
    else printf("profile (per step):\n  %-18s %9s %6s %9s\n", "op", "ms",
                "share", "GFLOP/s");
    int first = 1;
    for (int k = 0; k < PG_OP_COUNT; k++) {
        double t = r->op_sec[k];
        if (t <= 0) continue;
        kernels += t;
        double rate = by_op[k] > 0 ? by_op[k] / t / 1e9 : 0;
        if (o->json)
            printf("%s\"%s_ms\": %.3f", first ? "" : ", ", pg_op_defs[k].name,
                   1e3 * t);
        else if (rate > 0)
            printf("  %-18s %9.2f %5.1f%% %9.2f\n", pg_op_defs[k].name,
                   1e3 * t, 100 * t / sec, rate);
        else
            printf("  %-18s %9.2f %5.1f%%\n", pg_op_defs[k].name, 1e3 * t,
                   100 * t / sec);
        first = 0;
    }
    double rest = sec - kernels;
    if (o->json)
        printf(", \"other_ms\": %.3f, \"conv_gflops\": %.2f}}\n", 1e3 * rest,
               conv_f / conv_s / 1e9);
    else
        printf("  %-18s %9.2f %5.1f%%   (zeroing, copies, loss, Adam)\n"
               "  conv layers: %.2f GFLOP/s\n", "other", 1e3 * rest,
               100 * rest / sec, conv_f / conv_s / 1e9);
}

static void print_dcgan(const pg_bench_dcgan_result *r, const bench_opts *o)
{
    double sec = r->sec, flops = r->flops, rss = r->peak_rss_mb;
    const pg_gan_step_losses *l = &r->last;
    if (o->profile) print_profile(r, o);
    /* All ranks together, like samples/s; gflop_per_step is per rank. */
    double gflops = flops * r->ranks / sec / 1e9;
    double sps = (double)o->batch * r->ranks / sec;
    char blas[256];
    pg_json_quote(blas, sizeof blas, blas_name(), 0);
    if (o->json)
        printf("{\"bench\": \"dcgan64\", \"impl\": \"physgan-%s\", "
               "\"threads\": %d, \"batch\": %ld, \"steps\": %ld, "
               "\"ranks\": %d, \"ms_per_step\": %.2f, \"gflop_per_step\": "
               "%.3f, \"gflops\": %.2f, \"samples_per_s\": %.1f, "
               "\"peak_rss_mb\": %.1f, \"params_g\": %zu, \"params_d\": %zu, "
               "\"loss_d\": %.5f, \"loss_g\": %.5f, \"blas\": %s}\n",
               PHYSGAN_VERSION, pg_threads_get(), o->batch, o->steps,
               r->ranks, 1e3 * sec, flops / 1e9, gflops, sps, rss,
               r->params_g, r->params_d, l->d_real + l->d_fake, l->g, blas);
    else
        printf("bench dcgan64: batch %ld, %d thread(s), %d rank(s), "
               "%d warm-up + %ld timed steps\n"
               "  %.2f ms/step, %.1f samples/s, %.2f GFLOP/s "
               "(%.3f GFLOP/step), peak RSS %.1f MiB per process\n"
               "  last step: L_D %.4f, L_G %.4f; G %zu, D %zu parameters\n"
               "  blas: %s\n",
               o->batch, pg_threads_get(), r->ranks, PG_BENCH_DCGAN_WARMUP,
               o->steps, 1e3 * sec, sps, gflops, flops / 1e9, rss,
               l->d_real + l->d_fake, l->g, r->params_g, r->params_d,
               blas_name());
}

static int bench_dcgan64(const bench_opts *o)
{
    MPI_Comm comm = MPI_COMM_NULL;
    int mpi = pg_cli_under_mpi_launcher(), provided, rank = 0, ranks = 1;
    if (mpi) {
        MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
        MPI_Comm_dup(MPI_COMM_WORLD, &comm);
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &ranks);
    }
    pg_bench_dcgan_opts bo = {.batch = (int)o->batch, .steps = o->steps,
                              .seed = (uint64_t)o->seed,
                              .profile = o->profile};
    pg_bench_dcgan_result r;
    pg_status s = pg_bench_dcgan_run(&bo, comm, &r);
    int rc = s == PG_OK ? PG_EXIT_OK : pg_cli_fail(s);
    if (rc == PG_EXIT_OK && rank == 0) print_dcgan(&r, o);
    /* A failed rank would leave the others waiting in a collective. */
    if (mpi && rc != PG_EXIT_OK && ranks > 1) MPI_Abort(comm, rc);
    if (mpi) {
        MPI_Comm_free(&comm);
        MPI_Finalize();
    }
    return rc;
}

/* ---- options -------------------------------------------------------------- */

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan bench gemm [--n N] [--reps R] [--threads T] [--json]\n"
            "       physgan bench dcgan64 [--batch B] [--steps S] [--threads T] [--profile] [--json]\n"
            "       mpiexec -n K physgan bench dcgan64 ...   (data-parallel)\n"
            "       physgan bench foam ...        (physgan bench foam --help)\n"
            "       mpiexec -n K physgan bench allreduce ...   (--help)\n\n"
            "gemm: single-precision N x N matrix product through the BLAS,\n"
            "best of R reps after one warm-up: the ceiling for conv layers.\n"
            "dcgan64: %d warm-up steps, then S timed training steps of the\n"
            "64x64 DCGAN (D step on real + fake, G step, BCE, Adam); prints\n"
            "ms/step, GFLOP/s (counted as in docs/benchmarks.md), samples/s\n"
            "and peak resident memory. Under mpiexec each rank trains on its\n"
            "own batch; gradients are averaged every step.\n\n"
            "options:\n"
            "      --n N          gemm matrix size (default 2048)\n"
            "      --reps R       gemm timed repetitions (default 5)\n"
            "      --batch B      dcgan64 batch per rank (default 64)\n"
            "      --steps S      dcgan64 timed steps (default 10)\n"
            "      --threads T    threads for loops and GEMMs (default 1)\n"
            "      --seed S       random seed (default 1)\n"
            "      --profile      dcgan64: time per op kind, conv GFLOP/s\n"
            "      --json         print one JSON object (a profile: one more)\n"
            "  -h, --help         this help\n",
            PG_BENCH_DCGAN_WARMUP);
}

int pg_cmd_bench(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "foam")) return pg_cmd_bench_foam(argc - 1, argv + 1);
    if (argc > 1 && !strcmp(argv[1], "allreduce"))
        return pg_cmd_bench_allreduce(argc - 1, argv + 1);
    static const struct option opts[] = {
        {"n", required_argument, NULL, 'n'},
        {"reps", required_argument, NULL, 'r'},
        {"batch", required_argument, NULL, 'b'},
        {"steps", required_argument, NULL, 's'},
        {"threads", required_argument, NULL, 't'},
        {"seed", required_argument, NULL, 'S'},
        {"json", no_argument, NULL, 'j'},
        {"profile", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    bench_opts o = {.n = 2048, .reps = 5, .batch = 64, .steps = 10,
                    .threads = 1, .seed = 1};
    int c, bad = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': bad = pg_cli_parse_long("bench", "--n", optarg, 1, 16384, &o.n); break;
        case 'r': bad = pg_cli_parse_long("bench", "--reps", optarg, 1, 1000, &o.reps); break;
        case 'b': bad = pg_cli_parse_long("bench", "--batch", optarg, 1, 4096, &o.batch); break;
        case 's': bad = pg_cli_parse_long("bench", "--steps", optarg, 1, 100000, &o.steps); break;
        case 't': bad = pg_cli_parse_long("bench", "--threads", optarg, 1, 1024, &o.threads); break;
        case 'S': bad = pg_cli_parse_long("bench", "--seed", optarg, 0, 1L << 40, &o.seed); break;
        case 'j': o.json = 1; break;
        case 'p': o.profile = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("bench", "bad option");
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind >= argc)
        return pg_cli_usage_error("bench", "expected a benchmark: gemm or "
                                           "dcgan64");
    const char *what = argv[optind];
    if (optind + 1 < argc)
        return pg_cli_usage_error("bench", "unexpected argument '%s'",
                                  argv[optind + 1]);
    int is_gemm = !strcmp(what, "gemm");
    if (!is_gemm && strcmp(what, "dcgan64"))
        return pg_cli_usage_error("bench", "unknown benchmark '%s' (gemm or "
                                           "dcgan64)", what);
    pg_status s = pg_threads_set((int)o.threads);
    if (s != PG_OK) return pg_cli_fail(s);
    return is_gemm ? bench_gemm(&o) : bench_dcgan64(&o);
}
