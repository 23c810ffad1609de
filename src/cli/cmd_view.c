/* physgan view KIND ...: dispatch to the pictures of one kind of dataset
 * (cmd_view_KIND.c). A new kind is one line in the table below and one
 * declaration in cmd_view.h. */
#include "cli/cli.h"
#include "cli/cmd_view.h"

static const pg_cli_kind kinds[] = {
    {"foam", "foam/1 frames: HTML player (beside a second file), PNG frames "
     "and strips, validation plots", pg_cmd_view_foam},
    {"terrain", "terrain/1 patches side by side as a hillshaded PNG strip "
     "(a row per file: synthetic, generated, real)", pg_cmd_view_terrain},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

int pg_cmd_view(int argc, char **argv)
{
    return pg_cli_dispatch_kind("view", "KIND [options]",
                                "Pictures of a dataset: players, frames, "
                                "plots.", kinds, N_KINDS, argc, argv);
}
