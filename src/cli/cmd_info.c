/* physgan info FILE.h5: what a file holds (schema, root attributes,
 * datasets with shapes, types and units) and whether it conforms to its
 * schema (a checkpoint's checksum too), listing every problem. Exit 0 when
 * valid, 1 when not or when the file cannot be read, 2 on a bad command
 * line. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "io/checkpoint.h"
#include "io/h5.h"
#include "io/schema.h"

/* An attribute's value as text: a quoted string, an integer or a real. */
static void print_attr_value(FILE *o, pg_h5_file *f, const char *obj,
                             const char *name, int json)
{
    char *s = NULL;
    int64_t i;
    double d;
    if (pg_h5_attr_read_string(f, obj, name, &s) == PG_OK) {
        if (json) pg_json_write_string(o, s);
        else fprintf(o, "\"%s\"", s);
        free(s);
    } else if (pg_error_clear(), pg_h5_attr_read_int(f, obj, name, &i) == PG_OK) {
        fprintf(o, "%" PRId64, i);
    } else if (pg_error_clear(),
               pg_h5_attr_read_double(f, obj, name, &d) == PG_OK) {
        fprintf(o, "%.17g", d);
    } else {
        if (json) fputs("null", o);
        else fputs("(not a scalar string or number)", o);
    }
    pg_error_clear();
}

static void print_shape(FILE *o, const pg_h5_dataset_info *in, int json)
{
    fputs(json ? "[" : "(", o);
    for (int k = 0; k < in->rank; k++)
        fprintf(o, "%s%zu", k ? ", " : "", in->dims[k]);
    fputs(json ? "]" : (in->rank == 1 ? ",)" : ")"), o);
}

static int print_info(FILE *o, pg_h5_file *f, const pg_schema_report *rep,
                      int json)
{
    char **attrs = NULL, **ds = NULL;
    size_t na = 0, nd = 0;
    pg_status st = pg_h5_attr_names(f, "/", &attrs, &na);
    if (st == PG_OK) st = pg_h5_dataset_names(f, &ds, &nd);
    if (st != PG_OK) {
        pg_h5_names_free(&attrs, na);
        return pg_cli_fail(st);
    }
    const pg_schema *s = pg_schema_find(rep->schema);
    if (json) {
        fputs("{\"file\": ", o);
        pg_json_write_string(o, pg_h5_file_path(f));
        fputs(", \"schema\": ", o);
        pg_json_write_string(o, rep->schema);
        fputs(", \"attributes\": {", o);
    } else {
        fprintf(o, "file:    %s\nschema:  %s%s%s%s\nattributes:\n",
                pg_h5_file_path(f), *rep->schema ? rep->schema : "(none)",
                s ? " (" : "", s ? s->about : "", s ? ")" : "");
    }
    for (size_t i = 0; i < na; i++) {
        if (json) {
            fputs(i ? ", " : "", o);
            pg_json_write_string(o, attrs[i]);
            fputs(": ", o);
        } else {
            fprintf(o, "  %-16s = ", attrs[i]);
        }
        print_attr_value(o, f, "/", attrs[i], json);
        if (!json) fputc('\n', o);
    }
    fputs(json ? "}, \"datasets\": [" : "datasets:\n", o);
    for (size_t i = 0; i < nd; i++) {
        pg_h5_dataset_info in;
        int ok = pg_h5_dataset_info_get(f, ds[i], &in) == PG_OK;
        pg_error_clear();
        char *units = NULL;
        if (pg_h5_attr_exists(f, ds[i], "units"))
            pg_h5_attr_read_string(f, ds[i], "units", &units);
        pg_error_clear();
        if (json) {
            fputs(i ? ", {\"name\": " : "{\"name\": ", o);
            pg_json_write_string(o, ds[i]);
            fprintf(o, ", \"type\": \"%s\", \"shape\": ",
                    ok ? pg_h5_type_name(in.type) : "unreadable");
            if (ok) print_shape(o, &in, 1);
            else fputs("null", o);
            fputs(", \"units\": ", o);
            if (units) pg_json_write_string(o, units);
            else fputs("null", o);
            fputc('}', o);
        } else {
            fprintf(o, "  %-20s %-8s ", ds[i],
                    ok ? pg_h5_type_name(in.type) : "unreadable");
            if (ok && in.type == PG_H5_STRING) fprintf(o, "%zu chars", in.nelem);
            else if (ok) print_shape(o, &in, 0);
            fprintf(o, "  units: %s\n", units ? units : "(none)");
        }
        free(units);
    }
    if (json) {
        fprintf(o, "], \"valid\": %s, \"problems\": [",
                rep->n ? "false" : "true");
        for (size_t i = 0; i < rep->n; i++) {
            fputs(i ? ", " : "", o);
            pg_json_write_string(o, rep->problems[i]);
        }
        fputs("]}\n", o);
    } else if (!rep->n) {
        fprintf(o, "verdict: valid %s file\n", rep->schema);
    } else {
        fprintf(o, "verdict: INVALID, %zu problem%s:\n", rep->n,
                rep->n == 1 ? "" : "s");
        for (size_t i = 0; i < rep->n; i++)
            fprintf(o, "  %s: %s\n", pg_h5_file_path(f), rep->problems[i]);
    }
    pg_h5_names_free(&attrs, na);
    pg_h5_names_free(&ds, nd);
    return rep->n ? PG_EXIT_FAILURE : PG_EXIT_OK;
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan info FILE.h5 [--json]\n\n"
            "Prints the file's schema, root attributes and datasets (type,\n"
            "shape, units), then checks it against its schema and lists every\n"
            "problem: missing datasets or attributes, wrong types or ranks,\n"
            "lengths that disagree, units, NaN/Inf and out-of-range values;\n"
            "a checkpoint's checksum.\n"
            "Exit 0 when the file is valid, 1 when it is not or cannot be\n"
            "read. Schemas: docs/formats.md.\n\n"
            "options:\n"
            "      --json   one JSON object instead of text\n"
            "  -h, --help   this help\n");
}

int pg_cmd_info(int argc, char **argv)
{
    int json, rc = pg_cli_parse_json_only("info", argc, argv, usage, &json);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    if (optind != argc - 1)
        return pg_cli_usage_error("info", "expected one FILE.h5, got %d",
                                  argc - optind);
    pg_h5_file *f = NULL;
    pg_status st = pg_h5_file_open(argv[optind], NULL, &f);
    if (st != PG_OK) return pg_cli_fail(st);
    pg_schema_report *rep = NULL;
    st = pg_schema_validate(f, &rep);
    /* A checkpoint's checksum (user block) is what resume trusts: a file
     * that fails it is not a checkpoint to continue from. */
    if (st == PG_OK && !strcmp(rep->schema, "checkpoint/1") &&
        pg_checkpoint_verify(argv[optind]) != PG_OK) {
        char why[1024];
        snprintf(why, sizeof why, "checksum: %s", pg_error_message());
        pg_error_clear();
        st = pg_schema_report_add(rep, why);
    }
    rc = st == PG_OK ? print_info(stdout, f, rep, json) : pg_cli_fail(st);
    pg_schema_report_destroy(&rep);
    pg_h5_file_close(&f);
    return rc;
}
