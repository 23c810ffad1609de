/* physgan eval terrain GENERATED.h5 REFERENCE.h5 [MORE.h5 ...]: what
 * train/terrain_compare.h measures of each terrain/1 file, and the
 * generated file against each reference (docs/terrain.md, "Evaluating
 * terrain"). Parsing and printing only. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/json.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "cli/cmd_eval.h"
#include "io/atomic_file.h"
#include "train/terrain_compare.h"

/* Default slope limit, degrees (as the slope penalty's usual setting). */
static const double DEFAULT_MAX_SLOPE_DEG = 30.0;
/* Histogram rows of the text table group this many 1-degree bins. */
enum { TABLE_BIN_GROUP = 5 };
/* The generated file and at most this many references. */
enum { MAX_REFS = 4 };

typedef struct eval_args {
    pg_terrain_compare_opts o;
    pg_c2st_params c2st;
    int c2st_on, json, nref;
    const char *json_out;       /* --json-out FILE, or NULL */
    long threads;
    const char *gen, *ref[MAX_REFS];
} eval_args;

/* Per reference: the generated set against it. */
typedef struct versus {
    double ks;
    pg_c2st_result c2st;
} versus;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan eval terrain GENERATED.h5 REFERENCE.h5 [MORE.h5 ...] [options]\n\n"
            "Measures each terrain/1 file and compares the generated one with\n"
            "each reference (at most %d; name the training region G learned\n"
            "and the held-out region separately: each column shows the file's\n"
            "`split`). Per file: slope histogram (degrees), share of cells\n"
            "steeper than the limit, PSD exponent beta, relief, closed\n"
            "depressions, drainage density, Hack exponent, hypsometric\n"
            "integral, plan/profile curvature, checkerboard score. Against\n"
            "each reference: the KS distance of the slope distributions and\n"
            "the classifier two-sample test accuracy (0.5: indistinguishable).\n"
            "Cell sizes come from each file's cell_size_m (and cell_size_y_m).\n\n"
            "options:\n"
            "      --max-slope-deg T     slope limit theta_max (default 30)\n"
            "      --depression-frac F   closed depressions deeper than F x relief\n"
            "                            count (default %g)\n"
            "      --channel-area A      channel threshold, m^2 (default %g)\n"
            "      --c2st-seeds N        seeds of the two-sample test (default 3)\n"
            "      --c2st-epochs N       its training passes (default 30)\n"
            "      --no-c2st             skip the two-sample test\n"
            "      --threads T           threads for the test's CNN (default 1)\n"
            "      --json                one JSON object instead of the table\n"
            "      --json-out FILE       also write that object to FILE (atomically),\n"
            "                            beside the table: everything measured once\n"
            "  -h, --help                this help\n\n"
            "exit codes: 0 done, 1 unreadable or invalid file, 2 usage error\n",
            MAX_REFS, PG_TERRAIN_HYDRO_DEPRESSION_FRAC,
            PG_TERRAIN_HYDRO_CHANNEL_AREA_M2);
}

/* JSON number or null (NaN, e.g. beta of a patch too small to fit). */
static void json_num(FILE *f, const char *key, double v, int comma)
{
    char num[32];
    fprintf(f, "\"%s\": %s%s", key, pg_json_number(num, sizeof num, v, 6),
           comma ? ", " : "");
}

/* Highest non-empty 1-degree bin of any set, plus one. */
static int used_bins(pg_terrain_set *const *s, int n)
{
    int top = 1;
    for (int k = 0; k < n; k++) {
        const pg_terrain_slope_stats *st = pg_terrain_eval_slope_stats(s[k]->ev);
        for (int b = 0; b < PG_TERRAIN_SLOPE_BINS; b++)
            if (st->hist[b] && b + 1 > top) top = b + 1;
    }
    return top;
}

static void print_set_json(FILE *f, const pg_terrain_set *s, const versus *v,
                           int c2st_on, int bins)
{
    const pg_terrain_slope_stats *st = pg_terrain_eval_slope_stats(s->ev);
    fprintf(f, "\"file\": ");
    pg_json_write_string(f, s->path);
    fprintf(f, ", \"patches\": %zu, \"height\": %d, \"width\": %d, "
           "\"split\": ", s->sum.patches, s->grid.h, s->grid.w);
    pg_json_write_string(f, s->split);
    fprintf(f, ", ");
    json_num(f, "cell_size_m", s->grid.dx_m, 1);
    json_num(f, "cell_size_y_m", s->grid.dy_m, 1);
    json_num(f, "slope_mean_deg", s->sum.slope_mean_deg, 1);
    json_num(f, "slope_max_deg", s->sum.slope_max_deg, 1);
    json_num(f, "frac_over_max", s->sum.frac_over_max, 1);
    json_num(f, "psd_beta", s->sum.psd_beta, 1);
    json_num(f, "ks_slope", v->ks, 1);
    if (c2st_on) {
        json_num(f, "c2st_accuracy", v->c2st.accuracy, 1);
        json_num(f, "c2st_accuracy_std", v->c2st.accuracy_std, 1);
        fprintf(f, "\"c2st_per_class\": %zu, ", v->c2st.per_class);
    }
    json_num(f, "relief_mean_m", s->sum.relief_mean_m, 1);
    json_num(f, "relief_std_m", s->sum.relief_std_m, 1);
    json_num(f, "elev_mean_m", s->sum.elev_mean_m, 1);
    const pg_terrain_hydro_summary *h = &s->hydro;
    json_num(f, "depression_density_km2", h->depression_density_km2, 1);
    json_num(f, "depression_cell_frac", h->depression_cell_frac, 1);
    json_num(f, "drainage_density_km", h->drainage_density_km, 1);
    json_num(f, "hack_exponent", h->hack_exponent, 1);
    json_num(f, "hypsometric_integral", h->hypsometric_integral, 1);
    json_num(f, "plan_curvature_std", h->plan.std, 1);
    json_num(f, "profile_curvature_std", h->profile.std, 1);
    json_num(f, "checkerboard", s->checker.levels ? s->checker.score : NAN, 1);
    fprintf(f, "\"slope_hist\": [");
    for (int b = 0; b < bins; b++)
        fprintf(f, "%s%.6g", b ? ", " : "",
               (double)st->hist[b] / (double)st->cells);
    fprintf(f, "]");
}

/* The generated set's keys compare it with the first reference; each
 * reference's keys are its own, its ks_slope and c2st_accuracy those of
 * the generated set against it. */
static void print_json(FILE *f, const eval_args *a, pg_terrain_set *const *s,
                       const versus *v)
{
    int n = a->nref + 1, bins = used_bins(s, n);
    fprintf(f, "{\"max_slope_deg\": %g, \"slope_bin_deg\": %g, "
           "\"depression_frac\": %g, \"channel_area_m2\": %g, ",
           a->o.max_slope_deg, PG_TERRAIN_SLOPE_BIN_DEG,
           a->o.hydro.depression_frac, a->o.hydro.channel_area_m2);
    if (a->c2st_on)
        fprintf(f, "\"c2st_seeds\": %d, \"c2st_epochs\": %d, ", a->c2st.seeds,
               a->c2st.epochs);
    print_set_json(f, s[0], &v[0], a->c2st_on, bins);
    fprintf(f, ", \"reference\": {");
    print_set_json(f, s[1], &v[0], a->c2st_on, bins);
    fprintf(f, "}");
    if (n > 2) {
        fprintf(f, ", \"other_references\": [");
        for (int k = 2; k < n; k++) {
            fprintf(f, "%s{", k > 2 ? ", " : "");
            print_set_json(f, s[k], &v[k - 1], a->c2st_on, bins);
            fprintf(f, "}");
        }
        fprintf(f, "]");
    }
    fprintf(f, "}\n");
}

/* The JSON object into path, written atomically (io/atomic_file.h). */
static pg_status write_json(const char *path, const eval_args *a,
                            pg_terrain_set *const *s, const versus *v)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return PG_FAIL(PG_ERR_NOMEM, "--json-out %s: JSON buffer", path);
    print_json(f, a, s, v);
    fclose(f);
    pg_status st = pg_atomic_file_write(path, buf, len, 0644);
    free(buf);
    return st;
}

/* One table row: a label, then one value per set. */
static void row(const char *name, const char *fmt, pg_terrain_set *const *s,
                int n, double (*get)(const pg_terrain_set *))
{
    printf("%-30s", name);
    for (int k = 0; k < n; k++) printf(fmt, get(s[k]));
    printf("\n");
}

#define GETTER(fn, expr)                                                  \
    static double fn(const pg_terrain_set *s) { return (expr); }
GETTER(get_dx, s->grid.dx_m)
GETTER(get_dy, s->grid.dy_m)
GETTER(get_slope_mean, s->sum.slope_mean_deg)
GETTER(get_slope_max, s->sum.slope_max_deg)
GETTER(get_over, 100 * s->sum.frac_over_max)
GETTER(get_beta, s->sum.psd_beta)
GETTER(get_relief_mean, s->sum.relief_mean_m)
GETTER(get_relief_std, s->sum.relief_std_m)
GETTER(get_elev_mean, s->sum.elev_mean_m)
GETTER(get_pits, s->hydro.depression_density_km2)
GETTER(get_pit_cells, 100 * s->hydro.depression_cell_frac)
GETTER(get_drainage, s->hydro.drainage_density_km)
GETTER(get_hack, s->hydro.hack_exponent)
GETTER(get_hi, s->hydro.hypsometric_integral)
GETTER(get_plan, 1e3 * s->hydro.plan.std)
GETTER(get_profile, 1e3 * s->hydro.profile.std)
GETTER(get_checker, s->checker.levels ? s->checker.score : NAN)
#undef GETTER

static void print_table(const eval_args *a, pg_terrain_set *const *s,
                        const versus *v)
{
    int n = a->nref + 1;
    printf("%-30s", "");
    for (int k = 0; k < n; k++) {
        char head[80], name[16];
        snprintf(name, sizeof name, k ? "ref %d" : "generated", k);
        snprintf(head, sizeof head, "%s%s%s%s", name, *s[k]->split ? " (" : "",
                 s[k]->split, *s[k]->split ? ")" : "");
        printf("%20s", head);
    }
    printf("\n%-30s", "patches");
    for (int k = 0; k < n; k++) printf("%20zu", s[k]->sum.patches);
    printf("\n%-30s", "patch (rows x columns)");
    for (int k = 0; k < n; k++) {
        char g[32];
        snprintf(g, sizeof g, "%d x %d", s[k]->grid.h, s[k]->grid.w);
        printf("%20s", g);
    }
    printf("\n");
    char over[64];
    snprintf(over, sizeof over, "cells over %g deg (%%)", a->o.max_slope_deg);
    static const struct {
        const char *label, *fmt;
        double (*get)(const pg_terrain_set *);
    } rows[] = {
        {"cell size x (m)", "%20.4g", get_dx},
        {"cell size y (m)", "%20.4g", get_dy},
        {"slope mean (deg)", "%20.3f", get_slope_mean},
        {"slope max (deg)", "%20.3f", get_slope_max},
        {NULL, "%20.4f", get_over},          /* label: over */
        {"PSD beta", "%20.3f", get_beta},
        {"relief mean (m)", "%20.3f", get_relief_mean},
        {"relief std (m)", "%20.3f", get_relief_std},
        {"elevation mean (m)", "%20.3f", get_elev_mean},
        {"closed depressions (1/km^2)", "%20.4f", get_pits},
        {"cells in depressions (%)", "%20.4f", get_pit_cells},
        {"drainage density (1/km)", "%20.4f", get_drainage},
        {"Hack exponent", "%20.3f", get_hack},
        {"hypsometric integral", "%20.4f", get_hi},
        {"plan curvature std (1/km)", "%20.4f", get_plan},
        {"profile curvature std (1/km)", "%20.4f", get_profile},
        {"checkerboard (decades)", "%20.3f", get_checker},
    };
    for (size_t r = 0; r < sizeof rows / sizeof rows[0]; r++)
        row(rows[r].label ? rows[r].label : over, rows[r].fmt, s, n,
            rows[r].get);
    for (int k = 1; k < n; k++) {
        printf("generated vs ref %d: KS distance of slope distributions: "
               "%.4f", k, v[k - 1].ks);
        if (a->c2st_on)
            printf("; two-sample classifier accuracy %.3f +- %.3f (%d seeds, "
                   "%zu patches a set; 0.5 = indistinguishable)",
                   v[k - 1].c2st.accuracy, v[k - 1].c2st.accuracy_std,
                   v[k - 1].c2st.seeds, v[k - 1].c2st.per_class);
        printf("\n");
    }
    printf("(depressions deeper than %g x patch relief; channels drain at "
           "least %g m^2)\n", a->o.hydro.depression_frac,
           a->o.hydro.channel_area_m2);
    printf("slope histogram (%% of cells):\n");
    int bins = used_bins(s, n);
    for (int lo = 0; lo < bins; lo += TABLE_BIN_GROUP) {
        char label[32];
        snprintf(label, sizeof label, "  %2d-%2d deg", lo,
                 lo + TABLE_BIN_GROUP);
        printf("%-30s", label);
        for (int k = 0; k < n; k++) {
            const pg_terrain_slope_stats *st =
                pg_terrain_eval_slope_stats(s[k]->ev);
            size_t c = 0;
            for (int b = lo; b < lo + TABLE_BIN_GROUP &&
                             b < PG_TERRAIN_SLOPE_BINS; b++)
                c += st->hist[b];
            printf("%20.3f", 100.0 * (double)c / (double)st->cells);
        }
        printf("\n");
    }
}

/* 0 to go on, else the exit code. */
static int parse(int argc, char **argv, eval_args *a)
{
    static const struct option opts[] = {
        {"max-slope-deg", required_argument, NULL, 't'},
        {"depression-frac", required_argument, NULL, 'd'},
        {"channel-area", required_argument, NULL, 'a'},
        {"c2st-seeds", required_argument, NULL, 's'},
        {"c2st-epochs", required_argument, NULL, 'e'},
        {"no-c2st", no_argument, NULL, 'n'},
        {"threads", required_argument, NULL, 'T'},
        {"json", no_argument, NULL, 'j'},
        {"json-out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *cmd = "eval terrain";
    long v;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (pg_cli_parse_double(cmd, "--max-slope-deg", optarg, 0, 89.999,
                                    &a->o.max_slope_deg))
                return PG_EXIT_USAGE;
            break;
        case 'd':
            if (pg_cli_parse_double(cmd, "--depression-frac", optarg, 0,
                                    0.999, &a->o.hydro.depression_frac))
                return PG_EXIT_USAGE;
            break;
        case 'a':
            if (pg_cli_parse_double(cmd, "--channel-area", optarg, 1e-6, 1e15,
                                    &a->o.hydro.channel_area_m2))
                return PG_EXIT_USAGE;
            break;
        case 's':
            if (pg_cli_parse_long(cmd, "--c2st-seeds", optarg, 1,
                                  PG_C2ST_MAX_SEEDS, &v))
                return PG_EXIT_USAGE;
            a->c2st.seeds = (int)v;
            break;
        case 'e':
            if (pg_cli_parse_long(cmd, "--c2st-epochs", optarg, 1, 10000, &v))
                return PG_EXIT_USAGE;
            a->c2st.epochs = (int)v;
            break;
        case 'n': a->c2st_on = 0; break;
        case 'T':
            if (pg_cli_parse_long(cmd, "--threads", optarg, 1, 1024,
                                  &a->threads))
                return PG_EXIT_USAGE;
            break;
        case 'j': a->json = 1; break;
        case 'o': a->json_out = optarg; break;
        case 'h': usage(stdout); return -1;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
    }
    int files = argc - optind;
    if (files < 2 || files > MAX_REFS + 1)
        return pg_cli_usage_error(cmd, "expected GENERATED.h5 REFERENCE.h5 "
                                  "[at most %d more references], got %d "
                                  "file%s", MAX_REFS - 1, files,
                                  files == 1 ? "" : "s");
    a->gen = argv[optind];
    a->nref = files - 1;
    for (int k = 0; k < a->nref; k++) a->ref[k] = argv[optind + 1 + k];
    return 0;
}

int pg_cmd_eval_terrain(int argc, char **argv)
{
    eval_args a = {
        .o = {DEFAULT_MAX_SLOPE_DEG,
              {PG_TERRAIN_HYDRO_DEPRESSION_FRAC,
               PG_TERRAIN_HYDRO_CHANNEL_AREA_M2}},
        .c2st = pg_c2st_defaults(),
        .c2st_on = 1,
        .threads = 1};
    int rc = parse(argc, argv, &a);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    /* Always set: left alone, OpenMP takes every core and its idle workers
     * spin on a shared node. */
    pg_status ts = pg_threads_set((int)a.threads);
    if (ts != PG_OK) return pg_cli_fail(ts);
    pg_terrain_set *s[MAX_REFS + 1] = {NULL};
    versus v[MAX_REFS] = {{0}};
    pg_status st = pg_terrain_set_load(a.gen, &a.o, &s[0]);
    for (int k = 0; k < a.nref && st == PG_OK; k++)
        st = pg_terrain_set_load(a.ref[k], &a.o, &s[k + 1]);
    for (int k = 0; k < a.nref && st == PG_OK; k++) {
        v[k].ks = pg_terrain_set_ks(s[0], s[k + 1]);
        if (a.c2st_on)
            st = pg_terrain_set_c2st(s[0], s[k + 1], &a.c2st, &v[k].c2st);
    }
    if (st == PG_OK && a.json_out) st = write_json(a.json_out, &a, s, v);
    if (st == PG_OK) {
        if (a.json) print_json(stdout, &a, s, v);
        else print_table(&a, s, v);
    }
    for (int k = 0; k <= a.nref; k++) pg_terrain_set_destroy(&s[k]);
    if (st == PG_OK) return PG_EXIT_OK;
    /* Bad files are run-time failures (exit 1), even where the chain holds
     * an argument error from a measure. */
    pg_error_print(stderr);
    pg_error_clear();
    return PG_EXIT_FAILURE;
}
