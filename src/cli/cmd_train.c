/* physgan train JOB.ini: the trainer of the job's [model] arch on one
 * process or under mpiexec/srun (docs/hpc.md). */
#include <getopt.h>
#include <libgen.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "train/job_schema.h"
#include "train/run_dir.h"
#include "train/trainer_registry.h"

/* Exit code of a run stopped by SIGTERM/SIGINT/SIGUSR1 after writing its
 * checkpoint (docs/hpc.md): requeue scripts resume on it. */
enum { EXIT_STOPPED = 3 };

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan train JOB.ini [options]\n\n"
            "Trains the GAN of the job file ([data] [model] [loss] [physics]\n"
            "[optim] [train] [output]) on one process or data-parallel under\n"
            "mpiexec -n K / srun, writing the run directory ([output] dir,\n"
            "default runs/<job name>): job.ini, metrics.csv, train.log,\n"
            "samples/, checkpoints/ (docs/hpc.md).\n\n"
            "options:\n"
            "  -o, --set section.key=value  override a job-file key\n"
            "      --resume                 continue from the newest good\n"
            "                               checkpoint of the run directory\n"
            "                               (starts fresh when there is none)\n"
            "      --threads T              same as -o train.threads=T\n"
            "      --plain                  plain progress lines even on a terminal\n"
            "      --rank-logs              every rank logs to RUN/rank.log.K\n"
            "      --stop-after N           testing: stop after step N as on\n"
            "                               SIGTERM (checkpoint, exit 3)\n"
            "      --poison-step N          testing: NaN in G's output at step N\n"
            "  -h, --help                   this help\n\n"
            "exit codes: 0 finished, 1 run-time failure (I/O, NaN/Inf, MPI),\n"
            "2 usage or job-file error, 3 stopped by SIGTERM/SIGINT/SIGUSR1\n"
            "after writing a checkpoint (resume with --resume)\n");
}

/* runs/<job file name without .ini> */
static void default_run_dir(const char *job, char *buf, size_t n)
{
    char copy[4096];
    snprintf(copy, sizeof copy, "%s", job);
    char *base = basename(copy);
    size_t len = strlen(base);
    if (len > 4 && !strcmp(base + len - 4, ".ini")) base[len - 4] = 0;
    snprintf(buf, n, "runs/%s", base);
}

typedef struct train_args {
    pg_cli_overrides ov;
    const char *job;
    int resume, plain, rank_logs;
    pg_trainer_hooks hooks;
} train_args;

/* 0 when the arguments are usable, else an exit code (printed on rank 0). */
static int parse(int argc, char **argv, int rank, train_args *a)
{
    static const struct option opts[] = {
        {"set", required_argument, NULL, 'o'},
        {"resume", no_argument, NULL, 'r'},
        {"threads", required_argument, NULL, 't'},
        {"plain", no_argument, NULL, 'p'},
        {"rank-logs", no_argument, NULL, 'L'},
        {"stop-after", required_argument, NULL, 'S'},
        {"poison-step", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    static char threads[64];
    int c;
    optind = 0;
    opterr = rank == 0;
    memset(a, 0, sizeof *a);
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (pg_cli_overrides_add(&a->ov, "train", optarg))
                return PG_EXIT_USAGE;
            break;
        case 'r': a->resume = 1; break;
        case 'p': a->plain = 1; break;
        case 'L': a->rank_logs = 1; break;
        case 't':
            snprintf(threads, sizeof threads, "train.threads=%s", optarg);
            if (pg_cli_overrides_add(&a->ov, "train", threads))
                return PG_EXIT_USAGE;
            break;
        case 'S':
            if (pg_cli_parse_long("train", "--stop-after", optarg, 1,
                                  1000000000L, &a->hooks.stop_after))
                return PG_EXIT_USAGE;
            break;
        case 'P':
            if (pg_cli_parse_long("train", "--poison-step", optarg, 1,
                                  1000000000L, &a->hooks.poison_step))
                return PG_EXIT_USAGE;
            break;
        case 'h':
            if (rank == 0) usage(stdout);
            return -1;
        default:
            return rank == 0 ? pg_cli_usage_error("train", "bad option")
                             : PG_EXIT_USAGE;
        }
    }
    if (optind >= argc)
        return rank == 0 ? pg_cli_usage_error("train", "expected JOB.ini")
                         : PG_EXIT_USAGE;
    if (optind + 1 < argc)
        return rank == 0 ? pg_cli_usage_error("train", "unexpected argument "
                                              "'%s'", argv[optind + 1])
                         : PG_EXIT_USAGE;
    a->job = argv[optind];
    return 0;
}

/* The trainer of the job's [model] arch (train/trainer_registry.h) over
 * MPI_COMM_WORLD: one code path for every kind. */
static int run(const train_args *a, int rank)
{
    pg_config *cfg = NULL;
    const pg_trainer_kind *kind = NULL;
    void *trainer = NULL;
    pg_train_outcome outcome = PG_TRAIN_FINISHED;
    char run_dir[4096], logname[4200];
    const char *dir, *arch;
    long threads;
    pg_status s;
    PG_CHECK_GOTO(s, pg_job_config_load(a->job, a->ov.items, a->ov.n, &cfg),
                  fail);
    PG_CHECK_GOTO(s, pg_config_get_int(cfg, "train", "threads", &threads),
                  fail);
    PG_CHECK_GOTO(s, pg_threads_set((int)threads), fail);
    PG_CHECK_GOTO(s, pg_config_get_string(cfg, "output", "dir", &dir), fail);
    if (*dir) snprintf(run_dir, sizeof run_dir, "%s", dir);
    else default_run_dir(a->job, run_dir, sizeof run_dir);
    if (a->rank_logs) {
        /* Every rank makes the directory (idempotent) for its own log. */
        snprintf(logname, sizeof logname, "%s/rank.log", run_dir);
        PG_CHECK_GOTO(s, pg_run_dir_prepare(run_dir), fail);
        PG_CHECK_GOTO(s, pg_log_configure(pg_log_level_get(), rank, 0,
                                          logname), fail);
    }
    PG_CHECK_GOTO(s, pg_config_get_string(cfg, "model", "arch", &arch), fail);
    PG_CHECK_GOTO(s, pg_trainer_kind_find(arch, &kind), fail);
    PG_CHECK_GOTO(s, kind->create(cfg, run_dir, a->resume, &a->hooks,
                                  MPI_COMM_WORLD, &trainer), fail);
    PG_CHECK_GOTO(s, kind->run(trainer, a->plain, &outcome), fail);
    if (rank == 0)
        printf("train: %s after step %ld; run directory %s\n",
               outcome == PG_TRAIN_STOPPED ? "stopped" : "finished",
               kind->step(trainer), run_dir);
    kind->destroy(&trainer);
    pg_config_destroy(&cfg);
    return outcome == PG_TRAIN_STOPPED ? EXIT_STOPPED : PG_EXIT_OK;
fail:
    if (kind) kind->destroy(&trainer);
    pg_config_destroy(&cfg);
    if (rank == 0) return pg_cli_fail(s);
    pg_error_clear();
    return (s == PG_ERR_ARG || s == PG_ERR_CONFIG) ? PG_EXIT_USAGE
                                                   : PG_EXIT_FAILURE;
}

int pg_cmd_train(int argc, char **argv)
{
    int inited = 0, provided, rank = 0;
    MPI_Initialized(&inited);
    if (!inited) MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    pg_log_configure(pg_log_level_get(), rank, 0, NULL);
    train_args a;
    int rc = parse(argc, argv, rank, &a);
    if (rc < 0) rc = PG_EXIT_OK;
    else if (rc == 0) rc = run(&a, rank);
    pg_log_close();
    if (!inited) MPI_Finalize();
    return rc;
}
