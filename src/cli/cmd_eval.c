/* physgan eval KIND ...: dispatch to the evaluation of one kind
 * (cmd_eval_KIND.c). A new kind is one line in the table below and one
 * declaration in cmd_eval.h. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd_eval.h"

static const pg_cli_kind kinds[] = {
    {"terrain", "slope statistics, KS distance, PSD beta, relief of "
     "generated vs reference terrain/1", pg_cmd_eval_terrain},
    {"foam", "bubbles, <n>, 3-fold vertices, von Neumann, conservation, area KS of foam/1", pg_cmd_eval_foam},
    {"sr", "super-resolution checkpoint vs bicubic on terrain/1 validation patches", pg_cmd_eval_sr},
    {"crystal", "conductivity proxy (BV mismatch percolation) of crystal/1 "
     "structures", pg_cmd_eval_crystal},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

int pg_cmd_eval(int argc, char **argv)
{
    return pg_cli_dispatch_kind("eval", "KIND [options]",
                                "Compare generated samples with reference data.", kinds,
                                N_KINDS, argc, argv);
}
