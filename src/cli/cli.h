/* The physgan command line: one file per subcommand (cmd_*.c), each with a
 * run function that gets argv after the subcommand name. */
#ifndef PG_CLI_CLI_H
#define PG_CLI_CLI_H

#include <mpi.h>
#include <stdio.h>

#include "base/status.h"

/* Process exit codes (docs/cli.md). */
enum {
    PG_EXIT_OK = 0,      /* success */
    PG_EXIT_FAILURE = 1, /* the work failed at run time */
    PG_EXIT_USAGE = 2,   /* bad command line or job file */
};

typedef struct pg_command {
    const char *name;
    const char *summary;  /* one line for `physgan --help` */
    int (*run)(int argc, char **argv); /* returns an exit code */
} pg_command;

int pg_cmd_config(int argc, char **argv);
int pg_cmd_demo(int argc, char **argv);
int pg_cmd_toy(int argc, char **argv);
int pg_cmd_bench(int argc, char **argv);
int pg_cmd_bench_foam(int argc, char **argv);
int pg_cmd_bench_allreduce(int argc, char **argv);
int pg_cmd_robust(int argc, char **argv);
int pg_cmd_import(int argc, char **argv);
int pg_cmd_advtrain(int argc, char **argv);
int pg_cmd_train(int argc, char **argv);
int pg_cmd_simulate(int argc, char **argv);
int pg_cmd_info(int argc, char **argv);
int pg_cmd_report(int argc, char **argv);
int pg_cmd_submit(int argc, char **argv);
int pg_cmd_merge(int argc, char **argv);
int pg_cmd_generate(int argc, char **argv);
int pg_cmd_eval(int argc, char **argv);
int pg_cmd_rollout(int argc, char **argv);
int pg_cmd_view(int argc, char **argv);
int pg_cmd_score(int argc, char **argv);
int pg_cmd_screen(int argc, char **argv);

/* Exit code for a failed status: usage for argument and configuration
 * errors, failure otherwise. Prints the error chain to stderr. */
int pg_cli_fail(pg_status s);
/* Print "physgan CMD: <message>" and a hint to --help; returns
 * PG_EXIT_USAGE. */
int pg_cli_usage_error(const char *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Strict number parsing for options: the whole string must be a number in
 * [lo, hi]. On failure prints a usage error naming the option. */
int pg_cli_parse_long(const char *cmd, const char *opt, const char *s,
                      long lo, long hi, long *out);
int pg_cli_parse_double(const char *cmd, const char *opt, const char *s,
                        double lo, double hi, double *out);
/* --shard I/N of a job array: 0 <= I < N; 0, or the usage error's exit
 * code naming the command. */
int pg_cli_parse_shard(const char *cmd, const char *s, int *shard,
                       int *shards);
/* A comma-separated list of 1 to max such numbers ("0,0.1,0.5") into
 * out[0..*n); returns 0, or PG_EXIT_USAGE after a usage error naming the
 * option (a bad number, more than max, none). */
int pg_cli_parse_double_list(const char *cmd, const char *opt, const char *s,
                             double lo, double hi, double *out, int max,
                             int *n);

/* Whether an MPI launcher (Open MPI, MPICH/Hydra, PMIx, Slurm's PMI)
 * started this process: commands then call MPI_Init; a plain run does not
 * need MPI at all. */
int pg_cli_under_mpi_launcher(void);

/* A command's collective work: every rank must return the same status. */
typedef pg_status (*pg_cli_mpi_fn)(void *ctx, MPI_Comm comm, int rank,
                                   int ranks);
/* Run fn under MPI (MPI_Init before, MPI_Finalize after, MPI_COMM_WORLD)
 * when a launcher started this process, else once with MPI_COMM_NULL;
 * rank 0 prints a failure's chain. Returns the exit code. */
int pg_cli_run_mpi(pg_cli_mpi_fn fn, void *ctx);

/* Options of a command that takes only --json and -h/--help (info, merge,
 * eval sr): *json set, then 0 to go on; for --help usage(stdout) and -1
 * (exit 0); for anything else a usage error naming cmd (its exit code). */
int pg_cli_parse_json_only(const char *cmd, int argc, char **argv,
                           void (*usage)(FILE *f), int *json);

/* Subcommands with a KIND argument (`physgan simulate terrain`, `eval
 * foam`, `import dem`): one row per kind. */
typedef struct pg_cli_kind {
    const char *name, *summary;
    int (*run)(int argc, char **argv); /* argv[0] is the kind */
} pg_cli_kind;

/* Run the kind named by argv[1]; `--help` lists the kinds under the usage
 * line `synopsis` and what `about` says they are. */
int pg_cli_dispatch_kind(const char *cmd, const char *synopsis,
                         const char *about, const pg_cli_kind *kinds,
                         int n_kinds, int argc, char **argv);

/* Collected "-o section.key=value" overrides. */
typedef struct pg_cli_overrides {
    const char *items[64];
    int n;
} pg_cli_overrides;
int pg_cli_overrides_add(pg_cli_overrides *o, const char *cmd, const char *s);

#endif
