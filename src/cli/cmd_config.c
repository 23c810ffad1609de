/* physgan config: validate a job file and print it fully resolved. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "train/job_schema.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan config JOB.ini [-o section.key=value]...\n"
            "       physgan config --keys\n\n"
            "Checks JOB.ini against the job-file schema and prints the fully\n"
            "resolved configuration: every key, with its value, where the\n"
            "value came from (file:line, override or default) and its\n"
            "meaning. Errors name the file, line and key.\n\n"
            "options:\n"
            "  -o, --set section.key=value  override a key (repeatable)\n"
            "      --keys                   print every key as Markdown tables\n"
            "  -h, --help                   this help\n");
}

int pg_cmd_config(int argc, char **argv)
{
    static const struct option opts[] = {
        {"set", required_argument, NULL, 'o'},
        {"keys", no_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    pg_cli_overrides ov = {0};
    int keys = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o':
            if (pg_cli_overrides_add(&ov, "config", optarg)) return PG_EXIT_USAGE;
            break;
        case 'k': keys = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("config", "bad option");
        }
    }
    if (keys) {
        int n;
        const pg_key_spec *schema = pg_job_schema(&n);
        pg_config_write_schema_md(schema, n, stdout);
        return PG_EXIT_OK;
    }
    if (optind != argc - 1)
        return pg_cli_usage_error("config", "expected one job file, got %d",
                                  argc - optind);
    pg_config *cfg = NULL;
    pg_status s = pg_job_config_load(argv[optind], ov.items, ov.n, &cfg);
    if (s != PG_OK) return pg_cli_fail(s);
    s = pg_config_write(cfg, stdout);
    pg_config_destroy(&cfg);
    return s == PG_OK ? PG_EXIT_OK : pg_cli_fail(s);
}
