/* physgan import KIND ...: convert external data into schema'd HDF5. A
 * small dispatcher: each kind is one function and one row of `kinds`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_import.h"
#include "io/digits_import.h"
#include "io/images_h5.h"

static int import_digits(int argc, char **argv);

static const pg_cli_kind kinds[] = {
    {"digits", "UCI handwritten digits CSV (.csv or .csv.gz) -> images/1",
     import_digits},
    {"dem", "elevation raster (GDAL) or .npy -> terrain/1 patches",
     pg_cmd_import_dem},
    {"fasta", "protein FASTA (.gz) -> protein/1 sequences", pg_cmd_import_fasta},
    {"stockholm", "protein Stockholm alignments -> protein/1 sequences",
     pg_cmd_import_stockholm},
    {"cif", "CIF crystal structures (COD parser, spglib) -> crystal/1",
     pg_cmd_import_cif},
    {"spparks", "SPPARKS Potts trajectories (HDF5) -> foam/1",
     pg_cmd_import_spparks},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

static void digits_usage(FILE *f)
{
    fprintf(f,
            "usage: physgan import digits FILE.csv[.gz] --out FILE.h5 "
            "[--json]\n\n"
            "Converts the UCI optical-recognition handwritten digits (as\n"
            "shipped by scikit-learn: sklearn/datasets/data/digits.csv.gz;\n"
            "one image per line, 64 pixel counts 0..16 then the label 0..9)\n"
            "into an images/1 HDF5 file: /images float32 (N, 1, 8, 8) with\n"
            "pixels scaled to [0, 1], /labels int32 (N), attribute classes\n"
            "= 10. The output is written atomically.\n\n"
            "options:\n"
            "  -o, --out FILE.h5   output file (required)\n"
            "      --json          print the result as one JSON object\n"
            "  -h, --help          this help\n");
}

static int import_digits(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *out = NULL;
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'j': json = 1; break;
        case 'h': digits_usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("import digits", "bad option");
        }
    }
    if (optind >= argc)
        return pg_cli_usage_error("import digits", "expected the input file");
    if (optind + 1 < argc)
        return pg_cli_usage_error("import digits", "unexpected argument '%s'",
                                  argv[optind + 1]);
    if (!out)
        return pg_cli_usage_error("import digits", "--out FILE.h5 is required");
    const char *in = argv[optind];
    pg_digits *d = NULL;
    pg_status s;
    PG_CHECK_GOTO(s, pg_digits_read(in, &d), fail);
    pg_images im = {d->n, 1, PG_DIGITS_SIDE, PG_DIGITS_SIDE,
                    PG_DIGITS_CLASSES, d->images, d->labels};
    char source[512];
    snprintf(source, sizeof source, "UCI optical recognition of handwritten "
             "digits, imported from %s", in);
    PG_CHECK_GOTO(s, pg_images_write(out, &im, source), fail);
    int count[PG_DIGITS_CLASSES] = {0};
    for (int i = 0; i < d->n; i++) count[d->labels[i]]++;
    if (json) {
        printf("{\"kind\": \"digits\", \"input\": ");
        pg_json_write_string(stdout, in);
        printf(", \"output\": ");
        pg_json_write_string(stdout, out);
        printf(", \"images\": %d, \"shape\": [%d, 1, %d, %d], "
               "\"classes\": %d, \"per_class\": [", d->n, d->n,
               PG_DIGITS_SIDE, PG_DIGITS_SIDE, PG_DIGITS_CLASSES);
        for (int k = 0; k < PG_DIGITS_CLASSES; k++)
            printf("%s%d", k ? ", " : "", count[k]);
        printf("]}\n");
    } else {
        printf("import digits: %d images (1, %d, %d), %d classes, %s -> %s\n"
               "per class:", d->n, PG_DIGITS_SIDE, PG_DIGITS_SIDE,
               PG_DIGITS_CLASSES, in, out);
        for (int k = 0; k < PG_DIGITS_CLASSES; k++)
            printf(" %d:%d", k, count[k]);
        printf("\n");
    }
    pg_digits_destroy(&d);
    return PG_EXIT_OK;
fail:
    pg_digits_destroy(&d);
    return pg_cli_fail(s);
}

int pg_cmd_import(int argc, char **argv)
{
    return pg_cli_dispatch_kind("import", "KIND INPUT --out FILE.h5 [options]",
                                "Convert external data into schema'd HDF5.", kinds,
                                N_KINDS, argc, argv);
}
