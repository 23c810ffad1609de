/* physgan import cif: CIF files -> crystal/1 (physics/crystal/io/
 * crystal_import.h, docs/crystals.md "Importing CIF files"). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_import.h"
#include "physics/crystal/io/crystal_cif_write.h"
#include "physics/crystal/io/crystal_file.h"
#include "physics/crystal/io/crystal_import.h"

static const char *const CMD = "import cif";

static void usage(FILE *f, const pg_crystal_import_opts *d)
{
    fprintf(f,
            "usage: physgan import cif FILE.cif|DIR... --out FILE.h5 "
            "[options]\n\n"
            "Reads CIF files (a directory: every *.cif below it) with COD's "
            "CIF parser,\nexpands each structure to P1 with its symmetry "
            "operations, finds its space\ngroup with spglib, assigns "
            "oxidation states by the bond-valence method and\nwrites a "
            "crystal/1 file (docs/formats.md). Partial occupancy, disorder,\n"
            "overlapping sites and structures with no charge-neutral "
            "assignment are\nrejected with a message naming the file (on "
            "stderr) and counted by reason.\nSee docs/crystals.md.\n\n"
            "options:\n"
            "  -o, --out FILE.h5     output file (required; written "
            "atomically)\n"
            "      --symprec A       spglib tolerance, A (default %g)\n"
            "      --merge-tol A     merge symmetry images of a site closer "
            "than this (default %g)\n"
            "      --clash-tol A     reject images of different sites closer "
            "than this (default %g)\n"
            "      --bv-cutoff A     bond-valence pair cutoff (default %g)\n"
            "      --max-atoms N     reject cells with more atoms (default "
            "%d)\n"
            "      --cif-dir DIR     also write each imported structure as a "
            "P1 CIF\n"
            "                        DIR/NNNN_FORMULA.cif (NNNN: its index in "
            "FILE.h5)\n"
            "      --quiet           do not print each rejection\n"
            "      --json            print the summary as one JSON object\n"
            "  -h, --help            this help\n",
            d->symprec, d->merge_tol, d->clash_tol, d->bv_cutoff,
            d->max_atoms);
}

static void print_reject(void *ctx, pg_crystal_reject r, const char *msg)
{
    if (*(int *)ctx) return;
    fprintf(stderr, "rejected (%s): %s\n", pg_crystal_reject_name(r), msg);
}

static void print_summary(const pg_crystal_import *im, const char *out,
                          int json)
{
    int rejected = 0;
    for (int r = 0; r < PG_CRYSTAL_REJECT_COUNT; r++)
        rejected += im->rejected[r];
    int unique = pg_crystal_import_unique(im);
    if (json) {
        printf("{\"kind\": \"cif\", \"output\": ");
        pg_json_write_string(stdout, out);
        printf(", \"files\": %d, \"blocks\": %d, \"imported\": %d, "
               "\"rejected\": %d, \"rejected_by_reason\": {",
               im->files, im->blocks, im->n, rejected);
        int first = 1;
        for (int r = 0; r < PG_CRYSTAL_REJECT_COUNT; r++) {
            if (!im->rejected[r]) continue;
            printf("%s\"%s\": %d", first ? "" : ", ",
                   pg_crystal_reject_name(r), im->rejected[r]);
            first = 0;
        }
        printf("}, \"spacegroup_agrees\": %d, \"spacegroup_differs\": %d, "
               "\"spacegroup_unstated\": %d, \"unique_formula_spacegroup\": "
               "%d}\n", im->sg_agree, im->sg_differ, im->sg_unstated, unique);
        return;
    }
    printf("%s: %d structures from %d files (%d data blocks with atoms); "
           "%d rejected\n", out, im->n, im->files, im->blocks, rejected);
    for (int r = 0; r < PG_CRYSTAL_REJECT_COUNT; r++)
        if (im->rejected[r])
            printf("  rejected %-28s %d\n", pg_crystal_reject_name(r),
                   im->rejected[r]);
    printf("space group (spglib vs the file's): %d agree, %d differ, %d not "
           "stated\n", im->sg_agree, im->sg_differ, im->sg_unstated);
    printf("unique (formula, space group): %d\n", unique);
}

int pg_cmd_import_cif(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"symprec", required_argument, NULL, 's'},
        {"merge-tol", required_argument, NULL, 'm'},
        {"clash-tol", required_argument, NULL, 'c'},
        {"bv-cutoff", required_argument, NULL, 'b'},
        {"max-atoms", required_argument, NULL, 'a'},
        {"cif-dir", required_argument, NULL, 'd'},
        {"quiet", no_argument, NULL, 'q'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    pg_crystal_import_opts o = pg_crystal_import_defaults();
    const char *out = NULL, *cif_dir = NULL;
    int json = 0, quiet = 0, c, bad = 0;
    long max_atoms = o.max_atoms;
    optind = 0;
    while (!bad && (c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 's':
            bad = pg_cli_parse_double(CMD, "--symprec", optarg, 1e-5, 1,
                                      &o.symprec);
            break;
        case 'm':
            bad = pg_cli_parse_double(CMD, "--merge-tol", optarg, 1e-4, 2,
                                      &o.merge_tol);
            break;
        case 'c':
            bad = pg_cli_parse_double(CMD, "--clash-tol", optarg, 0, 3,
                                      &o.clash_tol);
            break;
        case 'b':
            bad = pg_cli_parse_double(CMD, "--bv-cutoff", optarg, 2, 10,
                                      &o.bv_cutoff);
            break;
        case 'a':
            bad = pg_cli_parse_long(CMD, "--max-atoms", optarg, 1, 100000,
                                    &max_atoms);
            break;
        case 'd': cif_dir = optarg; break;
        case 'q': quiet = 1; break;
        case 'j': json = 1; break;
        case 'h': usage(stdout, &o); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
    }
    if (bad) return PG_EXIT_USAGE;
    o.max_atoms = (int)max_atoms;
    if (optind >= argc)
        return pg_cli_usage_error(CMD, "expected CIF files or directories");
    if (!out) return pg_cli_usage_error(CMD, "--out FILE.h5 is required");
    pg_crystal_import *im = NULL;
    pg_status s;
    PG_CHECK_GOTO(s, pg_crystal_import_create(&im), fail);
    PG_CHECK_GOTO(s, pg_crystal_import_paths(im, (const char *const *)argv +
                                                     optind,
                                             argc - optind, &o, print_reject,
                                             &quiet), fail);
    for (int i = 0; i < im->n && !quiet; i++)
        if (im->e[i].sg_cif && im->e[i].sg != im->e[i].sg_cif)
            fprintf(stderr, "note: %s states space group %d, spglib finds "
                    "%d (%s) at symprec %g A\n", im->e[i].source,
                    im->e[i].sg_cif, im->e[i].sg, im->e[i].sg_symbol,
                    o.symprec);
    char source[512];
    snprintf(source, sizeof source, "CIF import of %s%s (COD CIF parser, "
             "spglib, bond-valence oxidation states)", argv[optind],
             argc - optind > 1 ? " and others" : "");
    PG_CHECK_GOTO(s, pg_crystal_file_write(out, im, o.symprec, source), fail);
    if (cif_dir)
        PG_CHECK_GOTO(s, pg_crystal_import_write_cifs(im, cif_dir), fail);
    print_summary(im, out, json);
    pg_crystal_import_destroy(&im);
    return PG_EXIT_OK;
fail:
    pg_crystal_import_destroy(&im);
    return pg_cli_fail(s);
}
