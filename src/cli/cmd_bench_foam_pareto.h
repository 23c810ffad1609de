/* `physgan bench foam --pareto`: options cmd_bench_foam.c parsed, run and
 * printed here (physics/foam/io/foam_pareto.h). */
#ifndef PG_CLI_CMD_BENCH_FOAM_PARETO_H
#define PG_CLI_CMD_BENCH_FOAM_PARETO_H

#include "physics/foam/io/foam_pareto.h"

typedef struct pg_cli_pareto {
    const char *init;   /* FILE.h5:SEQ:FRAME (required) */
    const char *dir;    /* keep the frame files here; NULL: a temporary
                           directory, removed afterwards */
    double temperature; /* < 0: the init file's */
    const char *ckpt;   /* a unet_foam checkpoint: one more way, its
                           rollout (NULL: none) */
    int coarse;         /* the rollout's --coarse */
    int json;
    pg_foam_pareto_opts o; /* steps, step_mcs, seed, rule, strides */
} pg_cli_pareto;

/* Parse "2,4,8" into o->strides; 0, or PG_EXIT_USAGE after a usage error. */
int pg_cli_parse_strides(const char *cmd, const char *s, pg_foam_pareto_opts *o);

/* Parse "3,5,7" into o->floor_windows (odd); 0, or PG_EXIT_USAGE. */
int pg_cli_parse_floor_windows(const char *cmd, const char *s,
                               pg_foam_pareto_opts *o);

/* Parse "1.5,2" into o->vote_sigmas (> 0); 0, or PG_EXIT_USAGE. */
int pg_cli_parse_vote_sigmas(const char *cmd, const char *s,
                             pg_foam_pareto_opts *o);

/* Returns an exit code. */
int pg_cmd_bench_foam_pareto(pg_cli_pareto *c);

#endif
