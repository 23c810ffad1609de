/* `physgan simulate KIND`: one run function per kind, each in its own
 * cmd_simulate_KIND.c, listed in cmd_simulate.c's table. */
#ifndef PG_CLI_CMD_SIMULATE_H
#define PG_CLI_CMD_SIMULATE_H

#include "physics/foam/foam_potts.h"

/* argv[0] is the kind ("terrain"); returns an exit code. */
int pg_cmd_simulate_terrain(int argc, char **argv);
int pg_cmd_simulate_foam(int argc, char **argv);
int pg_cmd_simulate_crystal(int argc, char **argv);

/* --proposal NAME of `simulate foam` and `bench foam` (foam_potts.h):
 * 0, or -1 after a usage error naming the option and the names. */
int pg_cli_parse_proposal(const char *cmd, const char *s,
                          pg_foam_proposal *out);
/* --sweep NAME, the same way. */
int pg_cli_parse_sweep(const char *cmd, const char *s, pg_foam_sweep *out);

#endif
