/* physgan simulate KIND ...: dispatch to the simulator of one kind
 * (cmd_simulate_KIND.c). A new kind is one line in the table below and one
 * declaration in cmd_simulate.h. */
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd_simulate.h"

static const pg_cli_kind kinds[] = {
    {"terrain", "fractal terrain by spectral synthesis (terrain/1)",
     pg_cmd_simulate_terrain},
    {"foam", "2D foam coarsening, large-Q Potts (foam/1)", pg_cmd_simulate_foam},
    {"crystal", "substituted, relaxed ionic crystals from real prototypes "
                "(crystal/1)", pg_cmd_simulate_crystal},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

int pg_cmd_simulate(int argc, char **argv)
{
    return pg_cli_dispatch_kind("simulate", "KIND [options]",
                                "Write a synthetic dataset (HDF5).", kinds,
                                N_KINDS, argc, argv);
}
