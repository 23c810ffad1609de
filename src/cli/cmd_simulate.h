/* `physgan simulate KIND`: one run function per kind, each in its own
 * cmd_simulate_KIND.c, listed in cmd_simulate.c's table. */
#ifndef PG_CLI_CMD_SIMULATE_H
#define PG_CLI_CMD_SIMULATE_H

/* argv[0] is the kind ("terrain"); returns an exit code. */
int pg_cmd_simulate_terrain(int argc, char **argv);
int pg_cmd_simulate_foam(int argc, char **argv);

#endif
