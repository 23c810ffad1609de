/* physgan merge: concatenate files of one schema (job-array shards). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "io/foam_xdmf.h"
#include "io/h5.h"
#include "io/h5_merge.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan merge OUT.h5 IN.h5 [IN.h5]... [--json]\n\n"
            "Merges HDF5 files of one schema (for example the shards that the\n"
            "tasks of a Slurm job array wrote) into OUT.h5: per-sample\n"
            "datasets are concatenated in the order given, shared datasets\n"
            "must be identical and are copied once, root attributes come\n"
            "from the first input. OUT.h5 is written atomically.\n\n"
            "options:\n"
            "      --json       print the result as one JSON object\n"
            "  -h, --help       this help\n");
}

/* A merged foam/1 file gets its ParaView sidecar, as simulate foam's
 * files do (*xmf stays "" for other schemas). */
static pg_status foam_sidecar(const char *out, char *xmf, size_t cap)
{
    xmf[0] = '\0';
    pg_h5_file *f = NULL;
    char *schema = NULL;
    PG_CHECK(pg_h5_file_open(out, NULL, &f));
    pg_status st = pg_h5_attr_read_string(f, "/", "physgan_schema", &schema);
    pg_h5_file_close(&f);
    int foam = st == PG_OK && !strcmp(schema, "foam/1");
    free(schema);
    PG_CHECK(st);
    if (foam) PG_CHECK(pg_foam_xdmf_write(out, xmf, cap));
    return PG_OK;
}

int pg_cmd_merge(int argc, char **argv)
{
    int json, rc = pg_cli_parse_json_only("merge", argc, argv, usage, &json);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    if (argc - optind < 2)
        return pg_cli_usage_error("merge", "expected OUT.h5 and at least one "
                                  "input file");
    const char *out = argv[optind];
    int n = argc - optind - 1;
    size_t samples = 0;
    pg_status s = pg_h5_merge(out, (const char *const *)(argv + optind + 1),
                              n, &samples);
    if (s != PG_OK) return pg_cli_fail(s == PG_ERR_ARG ? PG_ERR_IO : s);
    char xmf[4200];
    s = foam_sidecar(out, xmf, sizeof xmf);
    if (s != PG_OK) return pg_cli_fail(s == PG_ERR_ARG ? PG_ERR_IO : s);
    if (json) {
        printf("{\"out\": ");
        pg_json_write_string(stdout, out);
        printf(", \"inputs\": %d, \"samples\": %zu}\n", n, samples);
    } else {
        printf("merge: %zu samples from %d files into %s%s%s\n", samples, n,
               out, xmf[0] ? " and " : "", xmf);
    }
    return PG_EXIT_OK;
}
