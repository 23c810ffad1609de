/* physgan report RUN_DIR: a self-contained HTML page about a run. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "viz/report.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan report RUN_DIR [--out FILE.html]\n\n"
            "Writes a self-contained HTML page (no network resources; open\n"
            "it from disk) about a training run directory: the last value of\n"
            "every metrics.csv column, a plot of each column against step,\n"
            "the newest samples (samples/step-NNNNNN.h5) as images, the\n"
            "checkpoints, the resolved job.ini and the end of train.log.\n"
            "Only RUN_DIR/metrics.csv is required. The file is written\n"
            "atomically.\n\n"
            "options:\n"
            "      --out FILE.html   where to write (default RUN_DIR/report.html)\n"
            "  -h, --help            this help\n\n"
            "exit codes: 0 written, 1 run directory or metrics.csv missing or\n"
            "malformed (the message names FILE:LINE:COLUMN), or the page could\n"
            "not be written; 2 usage error\n");
}

int pg_cmd_report(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'O'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *out = NULL;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'O': out = optarg; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("report", "bad option");
        }
    }
    if (optind >= argc)
        return pg_cli_usage_error("report", "RUN_DIR is required");
    if (optind + 1 < argc)
        return pg_cli_usage_error("report", "unexpected argument '%s'",
                                  argv[optind + 1]);
    const char *run_dir = argv[optind];
    char *def = NULL;
    if (!out) {
        size_t n = strlen(run_dir) + sizeof "/report.html";
        def = malloc(n);
        if (!def) return pg_cli_fail(PG_FAIL(PG_ERR_NOMEM, "path"));
        snprintf(def, n, "%s/report.html", run_dir);
        out = def;
    }
    pg_status s = pg_report_write(run_dir, out);
    if (s == PG_OK) printf("report: wrote %s\n", out);
    free(def);
    return s == PG_OK ? PG_EXIT_OK : pg_cli_fail(s);
}
