#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

int pg_cli_fail(pg_status s)
{
    pg_error_print(stderr);
    pg_error_clear();
    return (s == PG_ERR_ARG || s == PG_ERR_CONFIG) ? PG_EXIT_USAGE
                                                   : PG_EXIT_FAILURE;
}

int pg_cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "physgan %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see 'physgan %s --help')\n", cmd);
    va_end(ap);
    return PG_EXIT_USAGE;
}

int pg_cli_parse_long(const char *cmd, const char *opt, const char *s,
                      long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) {
        pg_cli_usage_error(cmd, "%s '%s': expected an integer in [%ld, %ld]",
                           opt, s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int pg_cli_parse_double(const char *cmd, const char *opt, const char *s,
                        double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || end == s || *end || !isfinite(v) || v < lo || v > hi) {
        pg_cli_usage_error(cmd, "%s '%s': expected a number in [%g, %g]", opt,
                           s, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int pg_cli_parse_shard(const char *cmd, const char *s, int *shard,
                       int *shards)
{
    int i, n, used = 0;
    if (sscanf(s, "%d/%d%n", &i, &n, &used) != 2 || s[used] || n < 1 ||
        i < 0 || i >= n)
        return pg_cli_usage_error(cmd, "--shard '%s': expected I/N with "
                                  "0 <= I < N", s);
    *shard = i;
    *shards = n;
    return 0;
}

int pg_cli_parse_double_list(const char *cmd, const char *opt, const char *s,
                             double lo, double hi, double *out, int max,
                             int *n)
{
    char buf[512];
    if (strlen(s) >= sizeof buf)
        return pg_cli_usage_error(cmd, "%s: list too long", opt);
    strcpy(buf, s);
    *n = 0;
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t;
         t = strtok_r(NULL, ",", &save)) {
        if (*n == max)
            return pg_cli_usage_error(cmd, "%s: at most %d values", opt, max);
        if (pg_cli_parse_double(cmd, opt, t, lo, hi, &out[(*n)++]))
            return PG_EXIT_USAGE;
    }
    if (*n == 0) return pg_cli_usage_error(cmd, "%s '%s': no value", opt, s);
    return 0;
}

int pg_cli_overrides_add(pg_cli_overrides *o, const char *cmd, const char *s)
{
    if (o->n >= (int)(sizeof o->items / sizeof o->items[0])) {
        pg_cli_usage_error(cmd, "too many -o overrides (at most %zu)",
                           sizeof o->items / sizeof o->items[0]);
        return -1;
    }
    o->items[o->n++] = s;
    return 0;
}

int pg_cli_under_mpi_launcher(void)
{
    static const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE",
                                 "PMIX_RANK", "PMI_RANK"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++)
        if (getenv(vars[i])) return 1;
    return 0;
}

static void kinds_usage(FILE *f, const char *cmd, const char *synopsis,
                        const char *about, const pg_cli_kind *kinds, int n)
{
    fprintf(f, "usage: physgan %s %s\n       physgan %s KIND --help\n\n"
               "%s Kinds:\n", cmd, synopsis, cmd, about);
    for (int i = 0; i < n; i++)
        fprintf(f, "  %-10s %s\n", kinds[i].name, kinds[i].summary);
}

int pg_cli_dispatch_kind(const char *cmd, const char *synopsis,
                         const char *about, const pg_cli_kind *kinds,
                         int n_kinds, int argc, char **argv)
{
    if (argc < 2) {
        kinds_usage(stderr, cmd, synopsis, about, kinds, n_kinds);
        return PG_EXIT_USAGE;
    }
    if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        kinds_usage(stdout, cmd, synopsis, about, kinds, n_kinds);
        return PG_EXIT_OK;
    }
    for (int i = 0; i < n_kinds; i++)
        if (!strcmp(argv[1], kinds[i].name))
            return kinds[i].run(argc - 1, argv + 1);
    return pg_cli_usage_error(cmd, "unknown kind '%s'", argv[1]);
}

int pg_cli_parse_json_only(const char *cmd, int argc, char **argv,
                           void (*usage)(FILE *f), int *json)
{
    static const struct option opts[] = {{"json", no_argument, NULL, 'j'},
                                         {"help", no_argument, NULL, 'h'},
                                         {0, 0, 0, 0}};
    int c;
    *json = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'j': *json = 1; break;
        case 'h': usage(stdout); return -1;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
    }
    return 0;
}
