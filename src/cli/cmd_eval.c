/* physgan eval KIND ...: dispatch to the evaluation of one kind
 * (cmd_eval_KIND.c). A new kind is one line in the table below and one
 * declaration in cmd_eval.h. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_eval.h"

typedef struct eval_kind {
    const char *name, *summary;
    int (*run)(int argc, char **argv);
} eval_kind;

static const eval_kind kinds[] = {
    {"terrain", "slope statistics, KS distance, PSD beta, relief of "
     "generated vs reference terrain/1", pg_cmd_eval_terrain},
    {"foam", "bubbles, <n>, 3-fold vertices, von Neumann, conservation, area KS of foam/1", pg_cmd_eval_foam},
    {"sr", "super-resolution checkpoint vs bicubic on terrain/1 validation patches", pg_cmd_eval_sr},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

static void usage(FILE *f)
{
    fprintf(f, "usage: physgan eval KIND [options]\n"
               "       physgan eval KIND --help\n\n"
               "Compare generated samples with reference data. Kinds:\n");
    for (int i = 0; i < N_KINDS; i++)
        fprintf(f, "  %-10s %s\n", kinds[i].name, kinds[i].summary);
}

int pg_cmd_eval(int argc, char **argv)
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
    return pg_cli_usage_error("eval", "unknown kind '%s'", argv[1]);
}
