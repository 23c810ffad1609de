/* physgan simulate KIND ...: dispatch to the simulator of one kind
 * (cmd_simulate_KIND.c). A new kind is one line in the table below and one
 * declaration in cmd_simulate.h. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_simulate.h"

typedef struct simulate_kind {
    const char *name, *summary;
    int (*run)(int argc, char **argv);
} simulate_kind;

static const simulate_kind kinds[] = {
    {"terrain", "fractal terrain by spectral synthesis (terrain/1)",
     pg_cmd_simulate_terrain},
    {"foam", "2D foam coarsening, large-Q Potts (foam/1)", pg_cmd_simulate_foam},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

static void usage(FILE *f)
{
    fprintf(f, "usage: physgan simulate KIND [options]\n"
               "       physgan simulate KIND --help\n\n"
               "Write a synthetic dataset (HDF5). Kinds:\n");
    for (int i = 0; i < N_KINDS; i++)
        fprintf(f, "  %-10s %s\n", kinds[i].name, kinds[i].summary);
}

int pg_cmd_simulate(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return PG_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        usage(stdout);
        return PG_EXIT_OK;
    }
    for (int i = 0; i < N_KINDS; i++)
        if (!strcmp(argv[1], kinds[i].name))
            return kinds[i].run(argc - 1, argv + 1);
    return pg_cli_usage_error("simulate", "unknown kind '%s'", argv[1]);
}
