/* `physgan bench allreduce`: the MPI_Allreduce (float sum, in place) that
 * data-parallel training does once per network per step, timed over
 * message sizes under mpiexec, and the alpha-beta line t = a + bytes / B
 * fitted through the timings (gsl_fit_wlinear): the measured input of the
 * scaling model in docs/hpc.md ("Data-parallel training at scale"). */
#include <getopt.h>
#include <gsl/gsl_fit.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

enum { MAX_SIZES = 32 };

static void usage(FILE *f)
{
    fprintf(f,
            "usage: mpiexec -n K physgan bench allreduce [--sizes LIST] "
            "[--reps R] [--json]\n\n"
            "Times MPI_Allreduce (float32 sum, in place, as the trainers "
            "average\ngradients) for each message size of LIST (floats), "
            "best of R reps\nafter a barrier, and fits t = a + bytes / B by "
            "least squares on relative\nerrors (a: latency term, B: effective "
            "bandwidth). Needs >= 2 ranks.\n\n"
            "options:\n"
            "      --sizes LIST  comma-separated float counts (default\n"
            "                    1,64,1024,16384,262144,1048576,4194304)\n"
            "      --reps R      repetitions per size (default 20)\n"
            "      --json        print one JSON object\n"
            "  -h, --help        this help\n");
}

static int parse_sizes(const char *s, long *out, int *n)
{
    char *copy = strdup(s), *save = NULL;
    *n = 0;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        if (*n == MAX_SIZES ||
            pg_cli_parse_long("bench allreduce", "--sizes", t, 1, 1L << 28,
                              &out[*n])) {
            free(copy);
            return 1;
        }
        (*n)++;
    }
    free(copy);
    return *n < 2;
}

/* Best seconds of reps allreduces of n floats. */
static double time_size(float *buf, long n, long reps)
{
    double best = 1e30;
    for (long r = 0; r < reps; r++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double t0 = MPI_Wtime();
        MPI_Allreduce(MPI_IN_PLACE, buf, (int)n, MPI_FLOAT, MPI_SUM,
                      MPI_COMM_WORLD);
        double t = MPI_Wtime() - t0;
        /* The slowest rank's time is the step's. */
        MPI_Allreduce(MPI_IN_PLACE, &t, 1, MPI_DOUBLE, MPI_MAX,
                      MPI_COMM_WORLD);
        best = t < best ? t : best;
    }
    return best;
}

static int run(const long *sizes, int n_sizes, long reps, int json)
{
    int rank, ranks;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &ranks);
    if (ranks < 2) {
        if (rank == 0)
            fprintf(stderr, "physgan bench allreduce: 1 rank; run it under "
                    "mpiexec -n 2 (or more)\n");
        return PG_EXIT_USAGE;
    }
    long most = 0;
    for (int i = 0; i < n_sizes; i++) most = sizes[i] > most ? sizes[i] : most;
    float *buf = calloc((size_t)most, sizeof *buf);
    if (!buf) return pg_cli_fail(PG_FAIL(PG_ERR_NOMEM, "%ld floats", most));
    double bytes[MAX_SIZES], secs[MAX_SIZES];
    time_size(buf, most, 2); /* warm-up: connections, buffers */
    for (int i = 0; i < n_sizes; i++) {
        bytes[i] = 4.0 * (double)sizes[i];
        secs[i] = time_size(buf, sizes[i], reps);
    }
    free(buf);
    /* Weights 1/t^2: relative errors, so that the small messages set the
     * latency and the large ones the bandwidth, neither swamping the
     * other (the times span five decades). */
    double w[MAX_SIZES], a, b, c00, c01, c11, chisq;
    for (int i = 0; i < n_sizes; i++) w[i] = 1 / (secs[i] * secs[i]);
    gsl_fit_wlinear(bytes, 1, w, 1, secs, 1, (size_t)n_sizes, &a, &b, &c00,
                    &c01, &c11, &chisq);
    if (rank != 0) return PG_EXIT_OK;
    if (json) {
        printf("{\"bench\": \"allreduce\", \"ranks\": %d, \"reps\": %ld, "
               "\"sizes\": [", ranks, reps);
        for (int i = 0; i < n_sizes; i++)
            printf("%s{\"floats\": %ld, \"seconds\": %.6g}", i ? ", " : "",
                   sizes[i], secs[i]);
        printf("], \"fit_latency_s\": %.6g, \"fit_bandwidth_Bps\": %.6g}\n",
               a, b > 0 ? 1 / b : 0);
        return PG_EXIT_OK;
    }
    printf("bench allreduce: %d ranks, best of %ld\n", ranks, reps);
    for (int i = 0; i < n_sizes; i++)
        printf("  %10ld floats (%9.0f bytes): %10.2f us\n", sizes[i],
               bytes[i], secs[i] * 1e6);
    printf("  fit t = a + bytes / B: a = %.2f us, B = %.3g GB/s\n", a * 1e6,
           b > 0 ? 1e-9 / b : 0);
    return PG_EXIT_OK;
}

int pg_cmd_bench_allreduce(int argc, char **argv)
{
    static const struct option opts[] = {
        {"sizes", required_argument, NULL, 'z'},
        {"reps", required_argument, NULL, 'r'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    long sizes[MAX_SIZES] = {1, 64, 1024, 16384, 262144, 1048576, 4194304};
    int n_sizes = 7, json = 0, c;
    long reps = 20;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'z':
            if (parse_sizes(optarg, sizes, &n_sizes))
                return pg_cli_usage_error("bench allreduce", "--sizes wants "
                                          "2 to %d counts in [1, 2^28]",
                                          MAX_SIZES);
            break;
        case 'r':
            if (pg_cli_parse_long("bench allreduce", "--reps", optarg, 1,
                                  100000, &reps))
                return PG_EXIT_USAGE;
            break;
        case 'j': json = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("bench allreduce", "bad option");
        }
    }
    if (optind < argc)
        return pg_cli_usage_error("bench allreduce", "unexpected argument "
                                  "'%s'", argv[optind]);
    MPI_Init(NULL, NULL);
    int rc = run(sizes, n_sizes, reps, json);
    MPI_Finalize();
    return rc;
}
