/* `physgan view KIND`: pictures of a dataset, one run function per kind
 * in cmd_view_KIND.c, listed in cmd_view.c's table. */
#ifndef PG_CLI_CMD_VIEW_H
#define PG_CLI_CMD_VIEW_H

/* argv[0] is the kind ("foam"); returns an exit code. */
int pg_cmd_view_foam(int argc, char **argv);
int pg_cmd_view_terrain(int argc, char **argv);

#endif
