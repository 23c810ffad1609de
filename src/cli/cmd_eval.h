/* `physgan eval KIND`: one run function per kind, each in its own
 * cmd_eval_KIND.c, listed in cmd_eval.c's table. */
#ifndef PG_CLI_CMD_EVAL_H
#define PG_CLI_CMD_EVAL_H

/* argv[0] is the kind ("terrain"); returns an exit code. */
int pg_cmd_eval_terrain(int argc, char **argv);
int pg_cmd_eval_foam(int argc, char **argv);
int pg_cmd_eval_sr(int argc, char **argv);
int pg_cmd_eval_crystal(int argc, char **argv);

#endif
