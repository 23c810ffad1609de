/* physgan bench foam: speed of the Potts foam simulator (data/foam_potts.h)
 * in attempted site updates per second, counted as the reference (SPPARKS)
 * counts them: one MCS = one attempted update per site, so the rate is
 * MCS x N^2 / seconds. The Voronoi start is not timed. Under mpiexec every
 * rank runs its own lattice (seeded by its rank) and the rates add up, as
 * for independent sequences in `simulate foam`. */
#include <getopt.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/rng.h"
#include "cli/cli.h"
#include "data/foam_diag.h"
#include "data/foam_potts.h"

/* Default mean initial bubble area, in sites (an 8 x 8 bubble). */
enum { DEFAULT_AREA_SITES = 64 };
static const double DEFAULT_TEMPERATURE_J = 0.5;

typedef struct foam_bench_opts {
    long size, bubbles, mcs, seed;
    double temperature;
    int json;
} foam_bench_opts;

typedef struct foam_bench_result {
    double seconds, cpu_seconds, site_rate, boundary_rate, site_rate_cpu;
    long bubbles_start, bubbles_end;
    long long site_attempts, boundary_attempts, flips;
} foam_bench_result;

static double clock_s(clockid_t id)
{
    struct timespec t;
    clock_gettime(id, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static pg_status bench_run(const foam_bench_opts *o, int rank,
                           foam_bench_result *r)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    pg_foam_diag *d = NULL;
    pg_status st = PG_OK;
    int n = (int)o->size;
    PG_CHECK_GOTO(st, pg_rng_create((uint64_t)o->seed, rank,
                                    PG_FOAM_RNG_STREAM, &rng), done);
    PG_CHECK_GOTO(st, pg_foam_potts_create(n, (int)o->bubbles, o->temperature,
                                           rng, &p), done);
    PG_CHECK_GOTO(st, pg_foam_diag_create(n, n, &d), done);
    pg_foam_diag_analyze(d, pg_foam_potts_labels(p));
    r->bubbles_start = pg_foam_diag_count(d);
    /* CPU time too: on a shared machine it is the steadier figure. */
    double t0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
    pg_foam_potts_run(p, o->mcs);
    r->seconds = clock_s(CLOCK_MONOTONIC) - t0;
    r->cpu_seconds = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
    pg_foam_diag_analyze(d, pg_foam_potts_labels(p));
    r->bubbles_end = pg_foam_diag_count(d);
    r->site_attempts = pg_foam_potts_site_attempts(p);
    r->boundary_attempts = pg_foam_potts_boundary_attempts(p);
    r->flips = pg_foam_potts_flips(p);
    r->site_rate = (double)r->site_attempts / r->seconds;
    r->boundary_rate = (double)r->boundary_attempts / r->seconds;
    r->site_rate_cpu = (double)r->site_attempts / r->cpu_seconds;
done:
    pg_foam_diag_destroy(&d);
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
    return st;
}

static void print_result(const foam_bench_opts *o, const foam_bench_result *r,
                         int ranks)
{
    double frac = (double)r->boundary_attempts / (double)r->site_attempts;
    if (o->json) {
        printf("{\"bench\": \"foam\", \"size\": %ld, \"bubbles\": %ld, "
               "\"mcs\": %ld, \"temperature\": %g, \"ranks\": %d, "
               "\"seconds\": %.4f, \"cpu_seconds\": %.4f, "
               "\"site_updates_per_s\": %.6g, \"site_updates_per_cpu_s\": %.6g, "
               "\"boundary_attempts_per_s\": %.6g, "
               "\"boundary_fraction\": %.4f, \"bubbles_start\": %ld, "
               "\"bubbles_end\": %ld, \"flips\": %lld}\n",
               o->size, o->bubbles, o->mcs, o->temperature, ranks, r->seconds,
               r->cpu_seconds, r->site_rate, r->site_rate_cpu, r->boundary_rate,
               frac, r->bubbles_start, r->bubbles_end, r->flips);
        return;
    }
    printf("bench foam: %ldx%ld Potts lattice, %ld bubbles, T = %g J, %ld MCS, "
           "%d rank(s)\n", o->size, o->size, o->bubbles, o->temperature,
           o->mcs, ranks);
    printf("  site updates/s      %.4g  (MCS x N^2 / s, all ranks)\n",
           r->site_rate);
    printf("  site updates/CPU-s  %.4g  (per CPU second of the ranks)\n",
           r->site_rate_cpu);
    printf("  boundary attempts/s %.4g  (%.1f %% of site attempts visited)\n",
           r->boundary_rate, 100 * frac);
    printf("  bubbles             %ld -> %ld  (rank 0)\n", r->bubbles_start,
           r->bubbles_end);
    printf("  seconds             %.3f wall (slowest rank), %.3f CPU (all)\n",
           r->seconds, r->cpu_seconds);
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan bench foam [options]\n\n"
            "Times M Monte Carlo steps of the Potts foam simulator from a\n"
            "Voronoi start and prints attempted site updates per second\n"
            "(MCS x N^2 / seconds, as SPPARKS counts them), the rate of\n"
            "attempts on boundary sites (the work actually done) and the\n"
            "bubble count before and after. Under mpiexec each rank runs\n"
            "its own lattice; rates are summed over ranks.\n\n"
            "options:\n"
            "      --size N          lattice side (default 256)\n"
            "      --bubbles B       initial bubbles (default N^2/%d)\n"
            "      --mcs M           timed Monte Carlo steps (default 1000)\n"
            "      --temperature T   k_B T in units of J (default %g)\n"
            "      --seed S          random seed (default 1)\n"
            "      --json            print one JSON object\n"
            "  -h, --help            this help\n",
            DEFAULT_AREA_SITES, DEFAULT_TEMPERATURE_J);
}

static int parse(int argc, char **argv, foam_bench_opts *o)
{
    static const struct option opts[] = {
        {"size", required_argument, NULL, 'n'},
        {"bubbles", required_argument, NULL, 'b'},
        {"mcs", required_argument, NULL, 'm'},
        {"temperature", required_argument, NULL, 'T'},
        {"seed", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *cmd = "bench foam";
    int c, bad = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': bad = pg_cli_parse_long(cmd, "--size", optarg, 4, 32768, &o->size); break;
        case 'b': bad = pg_cli_parse_long(cmd, "--bubbles", optarg, 1, 1L << 30, &o->bubbles); break;
        case 'm': bad = pg_cli_parse_long(cmd, "--mcs", optarg, 1, 100000000, &o->mcs); break;
        case 'T': bad = pg_cli_parse_double(cmd, "--temperature", optarg, 0, 1e6, &o->temperature); break;
        case 's': bad = pg_cli_parse_long(cmd, "--seed", optarg, 0, 1L << 40, &o->seed); break;
        case 'j': o->json = 1; break;
        case 'h': usage(stdout); return -1;
        default: pg_cli_usage_error(cmd, "bad option"); return PG_EXIT_USAGE;
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind < argc)
        return pg_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (o->size % 2)
        return pg_cli_usage_error(cmd, "--size %ld: must be even", o->size);
    if (!o->bubbles) o->bubbles = o->size * o->size / DEFAULT_AREA_SITES;
    if (o->bubbles < 1 || o->bubbles > o->size * o->size)
        return pg_cli_usage_error(cmd, "--bubbles %ld: must be in [1, N^2]",
                                  o->bubbles);
    return 0;
}

/* argv[0] is "foam". */
int pg_cmd_bench_foam(int argc, char **argv)
{
    foam_bench_opts o = {.size = 256, .mcs = 1000, .seed = 1,
                         .temperature = DEFAULT_TEMPERATURE_J};
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    int mpi = pg_cli_under_mpi_launcher(), rank = 0, ranks = 1;
    MPI_Comm comm = MPI_COMM_NULL;
    if (mpi) {
        MPI_Init(NULL, NULL);
        MPI_Comm_dup(MPI_COMM_WORLD, &comm);
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &ranks);
    }
    foam_bench_result r = {0};
    if (mpi) MPI_Barrier(comm);
    pg_status s = bench_run(&o, rank, &r);
    rc = s == PG_OK ? PG_EXIT_OK : pg_cli_fail(s);
    if (mpi && ranks > 1) {
        if (rc != PG_EXIT_OK) MPI_Abort(comm, rc);
        /* Aggregate throughput: work summed, time of the slowest rank. */
        double sum[3] = {(double)r.site_attempts, (double)r.boundary_attempts,
                         r.cpu_seconds};
        MPI_Allreduce(MPI_IN_PLACE, sum, 3, MPI_DOUBLE, MPI_SUM, comm);
        MPI_Allreduce(MPI_IN_PLACE, &r.seconds, 1, MPI_DOUBLE, MPI_MAX, comm);
        r.site_rate = sum[0] / r.seconds;
        r.boundary_rate = sum[1] / r.seconds;
        r.cpu_seconds = sum[2];
        r.site_rate_cpu = sum[0] / sum[2];
        r.site_attempts = (long long)sum[0];
        r.boundary_attempts = (long long)sum[1];
    }
    if (rc == PG_EXIT_OK && rank == 0) print_result(&o, &r, ranks);
    if (mpi) {
        MPI_Comm_free(&comm);
        MPI_Finalize();
    }
    return rc;
}
