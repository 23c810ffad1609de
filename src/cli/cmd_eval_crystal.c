/* physgan eval crystal: the conductivity PROXY of the structures of a
 * crystal/1 file that contain the mobile ion (physics/crystal/io/
 * crystal_proxy_file.h, docs/crystals.md "Conductivity proxy"). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_eval.h"
#include "physics/crystal/io/crystal_proxy_file.h"

static const char *const CMD = "eval crystal";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan eval crystal FILE.h5 --mobile Li|Na [options]\n\n"
            "A conductivity PROXY (not a conductivity) for every structure "
            "of a crystal/1\nfile (as `physgan import cif` writes it) that "
            "contains the mobile ion: the\nbond-valence-sum mismatch "
            "landscape of the ion on a grid, the lowest\nmismatch at which "
            "accessible points percolate through the periodic cell in\n1, 2 "
            "and 3 dimensions (v.u.; lower = better connected), and the "
            "shortest\nhop between the ion's sites (A). See "
            "docs/crystals.md.\n\n"
            "options:\n"
            "      --mobile EL     Li or Na (required)\n"
            "      --spacing A     grid spacing (default 0.2)\n"
            "      --cutoff A      ion-anion cutoff (default 6)\n"
            "      --json          one JSON object\n"
            "  -h, --help          this help\n");
}

static void print_level(double v)
{
    if (isfinite(v))
        printf(" %8.3f", v);
    else
        printf(" %8s", "none");
}

static void json_level(double v)
{
    if (isfinite(v))
        printf("%.4f", v);
    else
        printf("null");
}

int pg_cmd_eval_crystal(int argc, char **argv)
{
    static const struct option opts[] = {
        {"mobile", required_argument, NULL, 'm'},
        {"spacing", required_argument, NULL, 's'},
        {"cutoff", required_argument, NULL, 'c'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *mobile = NULL;
    double spacing = 0.2, cutoff = 6;
    int json = 0, c, bad = 0;
    optind = 0;
    while (!bad && (c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'm': mobile = optarg; break;
        case 's':
            bad = pg_cli_parse_double(CMD, "--spacing", optarg, 0.05, 2,
                                      &spacing);
            break;
        case 'c':
            bad = pg_cli_parse_double(CMD, "--cutoff", optarg, 2, 12, &cutoff);
            break;
        case 'j': json = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
    }
    if (bad) return PG_EXIT_USAGE;
    if (optind >= argc)
        return pg_cli_usage_error(CMD, "expected the crystal/1 file");
    if (optind + 1 < argc)
        return pg_cli_usage_error(CMD, "unexpected argument '%s'",
                                  argv[optind + 1]);
    if (!mobile || (strcmp(mobile, "Li") && strcmp(mobile, "Na")))
        return pg_cli_usage_error(CMD, "--mobile Li or --mobile Na is "
                                  "required");
    pg_crystal_proxy_opts o =
        pg_crystal_proxy_defaults(!strcmp(mobile, "Li") ? 3 : 11);
    o.spacing = spacing;
    o.cutoff = cutoff;
    pg_crystal_proxy_row *rows = NULL;
    int n = 0;
    pg_status s = pg_crystal_proxy_file(argv[optind], &o, &rows, &n);
    if (s != PG_OK) return pg_cli_fail(s);
    if (json) {
        printf("{\"kind\": \"crystal\", \"proxy\": \"bond-valence-sum "
               "mismatch percolation (a proxy, not a conductivity)\", "
               "\"mobile\": \"%s\", \"structures\": [", mobile);
        for (int i = 0; i < n; i++) {
            const pg_crystal_proxy *p = &rows[i].proxy;
            printf("%s{\"index\": %d, \"formula\": ", i ? ", " : "",
                   rows[i].index);
            pg_json_write_string(stdout, rows[i].formula);
            printf(", \"spacegroup\": %d, \"natoms\": %d, \"grid\": [%d, %d, "
                   "%d], \"min_mismatch\": %.4f, \"level_1d\": ",
                   rows[i].spacegroup, rows[i].natoms, p->n[0], p->n[1],
                   p->n[2], p->min_mismatch);
            json_level(p->level[0]);
            printf(", \"level_2d\": ");
            json_level(p->level[1]);
            printf(", \"level_3d\": ");
            json_level(p->level[2]);
            printf(", \"min_hop_A\": ");
            json_level(p->min_hop);
            printf("}");
        }
        printf("]}\n");
    } else {
        printf("conductivity PROXY for %s (bond-valence-sum mismatch "
               "percolation levels, v.u.; not a conductivity)\n", mobile);
        printf("%5s %-12s %4s %6s %8s %8s %8s %8s %8s\n", "index", "formula",
               "SG", "atoms", "min", "1D", "2D", "3D", "hop_A");
        for (int i = 0; i < n; i++) {
            const pg_crystal_proxy *p = &rows[i].proxy;
            printf("%5d %-12s %4d %6d %8.3f", rows[i].index, rows[i].formula,
                   rows[i].spacegroup, rows[i].natoms, p->min_mismatch);
            for (int k = 0; k < 3; k++) print_level(p->level[k]);
            print_level(p->min_hop);
            printf("\n");
        }
        printf("%d structures contain %s\n", n, mobile);
    }
    free(rows);
    return PG_EXIT_OK;
}
