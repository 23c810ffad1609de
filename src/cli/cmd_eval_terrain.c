/* physgan eval terrain GENERATED.h5 REFERENCE.h5: slope distributions,
 * their KS distance, share over theta_max, PSD beta and relief of two
 * terrain/1 files (docs/terrain.md, "Evaluating terrain"). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_eval.h"
#include "io/terrain_file.h"
#include "io/h5.h"
#include "physics/terrain/terrain_eval.h"

/* Patches read from a file at once: bounded memory for large files. */
enum { BLOCK_PATCHES = 64 };
/* Default slope limit, degrees (as the slope penalty's usual setting). */
static const double DEFAULT_MAX_SLOPE_DEG = 30.0;
/* Histogram rows of the text table group this many 1-degree bins. */
enum { TABLE_BIN_GROUP = 5 };

typedef struct eval_set {
    const char *path;
    pg_terrain_grid grid;
    pg_terrain_eval *ev;
    pg_terrain_eval_summary sum;
    double ks;
} eval_set;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan eval terrain GENERATED.h5 REFERENCE.h5 [options]\n\n"
            "Slope histogram (degrees) of both terrain/1 files, the\n"
            "Kolmogorov-Smirnov distance between their per-cell slope\n"
            "distributions, the share of cells steeper than the limit, the\n"
            "PSD exponent beta of each, and relief (max - min per patch)\n"
            "statistics. Cell sizes come from each file's cell_size_m (and\n"
            "cell_size_y_m when present).\n\n"
            "options:\n"
            "      --max-slope-deg T  slope limit theta_max (default 30)\n"
            "      --json             one JSON object instead of the table\n"
            "  -h, --help             this help\n\n"
            "exit codes: 0 done, 1 unreadable or invalid file, 2 usage error\n");
}

static pg_status load(eval_set *s, double theta)
{
    pg_h5_file *f = NULL;
    pg_h5_dataset_info in;
    float *buf = NULL;
    pg_status st;
    PG_CHECK(pg_h5_file_open(s->path, "terrain/1", &f));
    PG_CHECK_GOTO(st, pg_h5_dataset_info_get(f, "/terrain", &in), done);
    if (in.type != PG_H5_F32 || in.rank != 3 || !in.dims[0]) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: /terrain must be float32 (N,H,W) "
                     "with N > 0; it is %s of rank %d", s->path,
                     pg_h5_type_name(in.type), in.rank);
        goto done;
    }
    double dx, dy;
    PG_CHECK_GOTO(st, pg_terrain_file_cells(f, &dx, &dy), done);
    s->grid = (pg_terrain_grid){(int)in.dims[1], (int)in.dims[2], dx, dy};
    if ((st = pg_terrain_eval_create(&s->grid, theta, &s->ev)) != PG_OK) {
        pg_error_trace(st, __FILE__, __LINE__, __func__);
        st = PG_FAIL(PG_ERR_FORMAT, "%s: %s", s->path, pg_error_message());
        goto done;
    }
    size_t len = in.dims[1] * in.dims[2];
    buf = malloc((size_t)BLOCK_PATCHES * len * sizeof *buf);
    if (!buf) {
        st = PG_FAIL(PG_ERR_NOMEM, "%s: read buffer", s->path);
        goto done;
    }
    for (size_t r0 = 0; r0 < in.dims[0]; r0 += BLOCK_PATCHES) {
        size_t k = in.dims[0] - r0 < BLOCK_PATCHES ? in.dims[0] - r0
                                                   : BLOCK_PATCHES;
        PG_CHECK_GOTO(st, pg_h5_dataset_read_rows(f, "/terrain", PG_H5_F32,
                                                  r0, k, buf), done);
        if ((st = pg_terrain_eval_add(s->ev, buf, k)) != PG_OK) {
            st = PG_FAIL(st, "%s: /terrain rows %zu..%zu: %s", s->path, r0,
                         r0 + k - 1, pg_error_message());
            goto done;
        }
    }
    PG_CHECK_GOTO(st, pg_terrain_eval_summarize(s->ev, &s->sum), done);
done:
    free(buf);
    pg_h5_file_close(&f);
    return st;
}

/* JSON number or null (NaN, e.g. beta of a patch too small to fit). */
static void json_num(const char *key, double v, int comma)
{
    char num[32];
    printf("\"%s\": %s%s", key, pg_json_number(num, sizeof num, v, 6),
           comma ? ", " : "");
}

/* Highest non-empty 1-degree bin of either set, plus one. */
static int used_bins(const eval_set *s)
{
    int top = 1;
    for (int k = 0; k < 2; k++) {
        const pg_terrain_slope_stats *st = pg_terrain_eval_slope_stats(s[k].ev);
        for (int b = 0; b < PG_TERRAIN_SLOPE_BINS; b++)
            if (st->hist[b] && b + 1 > top) top = b + 1;
    }
    return top;
}

static void print_set_json(const eval_set *s, int bins)
{
    const pg_terrain_slope_stats *st = pg_terrain_eval_slope_stats(s->ev);
    printf("\"file\": ");
    pg_json_write_string(stdout, s->path);
    printf(", \"patches\": %zu, \"height\": %d, \"width\": %d, ",
           s->sum.patches, s->grid.h, s->grid.w);
    json_num("cell_size_m", s->grid.dx_m, 1);
    json_num("cell_size_y_m", s->grid.dy_m, 1);
    json_num("slope_mean_deg", s->sum.slope_mean_deg, 1);
    json_num("slope_max_deg", s->sum.slope_max_deg, 1);
    json_num("frac_over_max", s->sum.frac_over_max, 1);
    json_num("psd_beta", s->sum.psd_beta, 1);
    json_num("ks_slope", s->ks, 1);
    json_num("relief_mean_m", s->sum.relief_mean_m, 1);
    json_num("relief_std_m", s->sum.relief_std_m, 1);
    json_num("elev_mean_m", s->sum.elev_mean_m, 1);
    printf("\"slope_hist\": [");
    for (int b = 0; b < bins; b++)
        printf("%s%.6g", b ? ", " : "",
               (double)st->hist[b] / (double)st->cells);
    printf("]");
}

static void print_json(const eval_set *s, double theta)
{
    int bins = used_bins(s);
    printf("{\"max_slope_deg\": %g, \"slope_bin_deg\": %g, ", theta,
           PG_TERRAIN_SLOPE_BIN_DEG);
    print_set_json(&s[0], bins);
    printf(", \"reference\": {");
    print_set_json(&s[1], bins);
    printf("}}\n");
}

static void row(const char *name, const char *fmt, double a, double b)
{
    printf("%-26s", name);
    printf(fmt, a);
    printf(fmt, b);
    printf("\n");
}

static void print_table(const eval_set *s, double theta)
{
    char over[64];
    snprintf(over, sizeof over, "cells over %g deg (%%)", theta);
    printf("%-26s%14s%14s\n", "", "generated", "reference");
    printf("%-26s%14zu%14zu\n", "patches", s[0].sum.patches, s[1].sum.patches);
    char ga[32], gb[32];
    snprintf(ga, sizeof ga, "%d x %d", s[0].grid.h, s[0].grid.w);
    snprintf(gb, sizeof gb, "%d x %d", s[1].grid.h, s[1].grid.w);
    printf("%-26s%14s%14s\n", "patch (rows x columns)", ga, gb);
    row("cell size x (m)", "%14.4g", s[0].grid.dx_m, s[1].grid.dx_m);
    row("cell size y (m)", "%14.4g", s[0].grid.dy_m, s[1].grid.dy_m);
    row("slope mean (deg)", "%14.3f", s[0].sum.slope_mean_deg,
        s[1].sum.slope_mean_deg);
    row("slope max (deg)", "%14.3f", s[0].sum.slope_max_deg,
        s[1].sum.slope_max_deg);
    row(over, "%14.4f", 100 * s[0].sum.frac_over_max,
        100 * s[1].sum.frac_over_max);
    row("PSD beta", "%14.3f", s[0].sum.psd_beta, s[1].sum.psd_beta);
    row("relief mean (m)", "%14.3f", s[0].sum.relief_mean_m,
        s[1].sum.relief_mean_m);
    row("relief std (m)", "%14.3f", s[0].sum.relief_std_m,
        s[1].sum.relief_std_m);
    row("elevation mean (m)", "%14.3f", s[0].sum.elev_mean_m,
        s[1].sum.elev_mean_m);
    printf("KS distance of slope distributions: %.4f\n", s[0].ks);
    printf("slope histogram (%% of cells):\n");
    int bins = used_bins(s);
    const pg_terrain_slope_stats *a = pg_terrain_eval_slope_stats(s[0].ev);
    const pg_terrain_slope_stats *b = pg_terrain_eval_slope_stats(s[1].ev);
    for (int lo = 0; lo < bins; lo += TABLE_BIN_GROUP) {
        size_t ca = 0, cb = 0;
        for (int k = lo; k < lo + TABLE_BIN_GROUP && k < PG_TERRAIN_SLOPE_BINS;
             k++) {
            ca += a->hist[k];
            cb += b->hist[k];
        }
        char label[32];
        snprintf(label, sizeof label, "  %2d-%2d deg", lo,
                 lo + TABLE_BIN_GROUP);
        row(label, "%14.3f", 100.0 * (double)ca / (double)a->cells,
            100.0 * (double)cb / (double)b->cells);
    }
}

int pg_cmd_eval_terrain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"max-slope-deg", required_argument, NULL, 't'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    double theta = DEFAULT_MAX_SLOPE_DEG;
    int json = 0, c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (pg_cli_parse_double("eval terrain", "--max-slope-deg", optarg,
                                    0, 89.999, &theta))
                return PG_EXIT_USAGE;
            break;
        case 'j': json = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("eval terrain", "bad option");
        }
    }
    if (argc - optind != 2)
        return pg_cli_usage_error("eval terrain", "expected GENERATED.h5 "
                                  "REFERENCE.h5, got %d file%s",
                                  argc - optind, argc - optind == 1 ? "" : "s");
    eval_set s[2] = {{.path = argv[optind]}, {.path = argv[optind + 1]}};
    pg_status st = PG_OK;
    for (int k = 0; k < 2 && st == PG_OK; k++) st = load(&s[k], theta);
    if (st == PG_OK) {
        size_t na, nb;
        const double *a = pg_terrain_eval_sorted_slopes(s[0].ev, &na);
        const double *b = pg_terrain_eval_sorted_slopes(s[1].ev, &nb);
        s[0].ks = pg_terrain_ks_distance(a, na, b, nb);
        s[1].ks = pg_terrain_ks_distance(b, nb, b, nb);
        if (json) print_json(s, theta);
        else print_table(s, theta);
    }
    pg_terrain_eval_destroy(&s[0].ev);
    pg_terrain_eval_destroy(&s[1].ev);
    if (st == PG_OK) return PG_EXIT_OK;
    /* Bad files are run-time failures (exit 1), even where the chain holds
     * an argument error from the evaluator. */
    pg_error_print(stderr);
    pg_error_clear();
    return PG_EXIT_FAILURE;
}
