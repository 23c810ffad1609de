/* physgan eval foam FILE.h5 [REFERENCE.h5]: diagnostics of foam/1 files
 * (physics/foam/io/foam_eval.h) as a table or one JSON object. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_eval.h"
#include "physics/foam/io/foam_eval.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan eval foam FILE.h5 [REFERENCE.h5] [options]\n\n"
            "Diagnostics of a foam/1 file: per frame (mean over sequences) the\n"
            "bubble count, mean area (sites), <n>, 3-fold vertex fraction and\n"
            "gas content of the film field; the von Neumann fit (dA/dt vs n - 6)\n"
            "over consecutive frames (a rollout, whose ids are renumbered every\n"
            "frame, is tracked by overlap first); the mean |angle - 120| at 3-fold vertices;\n"
            "the conservation error |dG| / G per step of the film field. With\n"
            "REFERENCE.h5 also, at equal times, the area-distribution KS\n"
            "distance and the bubble-count and mean-area errors against it.\n"
            "The coarsening law: the growth exponent (least-squares slope of\n"
            "log <A> vs log t, t the file's /time in MCS) and d<A>/dt over the\n"
            "frames in the growth window; the first-step bubble loss 1 - B(t1) /\n"
            "B(t0) over the first two frames (with REFERENCE: the reference's\n"
            "loss between the same times, and the relative error).\n\n"
            "options:\n"
            "      --growth-from T   growth window start, MCS (default: every\n"
            "                        frame with t > 0)\n"
            "      --growth-to T     growth window end, MCS (default: the last)\n"
            "      --json            one JSON object (area_ks is null without\n"
            "                        REFERENCE)\n"
            "  -h, --help            this help\n\n"
            "exit codes: 0 done, 1 unreadable or invalid file, 2 usage error\n");
}

/* One "key": v field of the object on stdout. */
static void json_num(const char *key, double v, int comma)
{
    pg_json_write_field(stdout, key, v, comma);
}

static void json_file(const char *path, const pg_foam_eval *e)
{
    const pg_foam_analysis *a = &e->pass;
    printf("{\"file\": ");
    pg_json_write_string(stdout, path);
    printf(", \"sequences\": %d, \"frames\": %d, \"height\": %d, \"width\": %d, ",
           a->sequences, a->frames, a->height, a->width);
    json_num("mean_neighbors", e->mean_neighbors, 1);
    json_num("threefold_fraction", e->threefold_fraction, 1);
    json_num("angle_deviation_deg", e->angle_deviation, 1);
    json_num("mass_error", a->mass_error, 1);
    json_num("mass_error_max", a->mass_error_max, 1);
    json_num("von_neumann_slope", e->vn_ok ? e->vn.slope : NAN, 1);
    json_num("von_neumann_r", e->vn_ok ? e->vn.r : NAN, 1);
    json_num("growth_exponent", e->growth.exponent, 1);
    json_num("growth_exponent_r2", e->growth.exponent_r2, 1);
    json_num("growth_rate", e->growth.rate, 1);
    json_num("growth_from", e->growth.from, 1);
    json_num("growth_to", e->growth.to, 1);
    printf("\"growth_frames\": %zu, ", e->growth.frames);
    json_num("first_step_loss", e->first_step_loss, 1);
    printf("\"von_neumann_points\": %zu, \"ids_tracked\": %s, \"per_frame\": [",
           e->vn_ok ? e->vn.n : 0, a->tracked ? "true" : "false");
    for (int t = 0; t < a->frames; t++) {
        printf("%s{", t ? ", " : "");
        json_num("t", a->time[t], 1);
        json_num("bubbles", a->bubbles[t], 1);
        json_num("mean_area", a->mean_area[t], 1);
        json_num("mean_neighbors", a->mean_n[t], 1);
        json_num("threefold_fraction", a->threefold[t], 1);
        json_num("gas_content", a->gas[t], 0);
        printf("}");
    }
    printf("]}");
}

static void print_file(const char *path, const pg_foam_eval *e)
{
    const pg_foam_analysis *a = &e->pass;
    printf("%s: %d sequence(s) x %d frames of %d x %d sites\n\n", path,
           a->sequences, a->frames, a->height, a->width);
    printf("| t (MCS) | bubbles | mean area (sites) | <n> | 3-fold | gas content |\n"
           "| ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (int t = 0; t < a->frames; t++)
        printf("| %.0f | %.1f | %.1f | %.3f | %.3f | %.4f |\n", a->time[t],
               a->bubbles[t], a->mean_area[t], a->mean_n[t], a->threefold[t],
               a->gas[t]);
    printf("\nmean <n> %.3f, 3-fold vertex fraction %.3f, mean |angle - 120| "
           "%.1f deg\n", e->mean_neighbors, e->threefold_fraction,
           e->angle_deviation);
    printf("gas content |dG|/G per step: mean %.4f, max %.4f\n", a->mass_error,
           a->mass_error_max);
    if (e->vn_ok)
        printf("von Neumann: slope %.4f sites/MCS, r = %.4f (%zu bubbles%s)\n\n",
               e->vn.slope, e->vn.r, e->vn.n,
               a->tracked ? "; ids renumbered every frame, tracked by overlap"
                          : "");
    else
        printf("von Neumann: too few bubbles to fit\n\n");
    if (e->growth.ok)
        printf("growth: exponent %.4f (log <A> vs log t over t = %g .. %g MCS, "
               "%zu frames, R^2 %.4f), d<A>/dt %.4f sites/MCS\n",
               e->growth.exponent, e->growth.from, e->growth.to,
               e->growth.frames, e->growth.exponent_r2, e->growth.rate);
    else
        printf("growth: fewer than 3 frames with t > 0 in the window\n");
    if (a->frames > 1)
        printf("first step: %.1f -> %.1f bubbles (t = %g -> %g MCS), loss "
               "%.4f\n\n", a->bubbles[0], a->bubbles[1], a->time[0],
               a->time[1], e->first_step_loss);
    else
        printf("first step: one frame, none\n\n");
}

int pg_cmd_eval_foam(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"growth-from", required_argument, NULL, 'F'},
        {"growth-to", required_argument, NULL, 'T'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    int json = 0, c;
    double from = -INFINITY, to = INFINITY;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (c == 'j') json = 1;
        else if (c == 'F' || c == 'T') {
            if (pg_cli_parse_double("eval foam", c == 'F' ? "--growth-from"
                                    : "--growth-to", optarg, 0, 1e15,
                                    c == 'F' ? &from : &to))
                return PG_EXIT_USAGE;
        } else if (c == 'h') {
            usage(stdout);
            return PG_EXIT_OK;
        } else
            return pg_cli_usage_error("eval foam", "unknown option '%s'",
                                      argv[optind - 1]);
    }
    int nfiles = argc - optind;
    if (from > to)
        return pg_cli_usage_error("eval foam", "--growth-from %g > "
                                  "--growth-to %g", from, to);
    if (nfiles < 1 || nfiles > 2)
        return pg_cli_usage_error("eval foam", "expected FILE.h5 "
                                  "[REFERENCE.h5], got %d file(s)", nfiles);
    const char *pa = argv[optind], *pb = nfiles == 2 ? argv[optind + 1] : NULL;
    pg_foam_eval a = {0}, b = {0};
    pg_foam_eval_cmp cmp = {0};
    pg_status st = pg_foam_eval_file(pa, &a);
    if (st == PG_OK && pb) st = pg_foam_eval_file(pb, &b);
    if (st == PG_OK) {
        pg_foam_eval_growth(&a.pass, from, to, &a.growth);
        if (pb) pg_foam_eval_growth(&b.pass, from, to, &b.growth);
    }
    if (st == PG_OK && pb) st = pg_foam_eval_compare(&a, &b, &cmp);
    if (st != PG_OK) {
        pg_foam_eval_free(&a);
        pg_foam_eval_free(&b);
        /* A file that cannot be read or compared is a run-time failure. */
        pg_cli_fail(st);
        return PG_EXIT_FAILURE;
    }
    if (json) {
        /* Top-level diagnostics are those of FILE.h5 (the rollout). */
        printf("{");
        json_num("mean_neighbors", a.mean_neighbors, 1);
        json_num("von_neumann_r", a.vn_ok ? a.vn.r : NAN, 1);
        json_num("area_ks", pb ? cmp.area_ks : NAN, 1);
        json_num("mass_error", a.pass.mass_error, 1);
        json_num("threefold_fraction", a.threefold_fraction, 1);
        json_num("growth_exponent", a.growth.exponent, 1);
        json_num("first_step_loss", a.first_step_loss, 1);
        if (pb) {
            json_num("ref_first_step_loss", cmp.ref_first_step_loss, 1);
            json_num("first_step_loss_error", cmp.first_step_loss_error, 1);
            json_num("growth_exponent_error", cmp.growth_exponent_error, 1);
            json_num("area_ks_max", cmp.area_ks_max, 1);
            json_num("bubble_count_error", cmp.bubble_count_error, 1);
            json_num("mean_area_error", cmp.mean_area_error, 1);
            printf("\"matched_frames\": %d, ", cmp.matched);
        }
        printf("\"file\": ");
        json_file(pa, &a);
        if (pb) {
            printf(", \"reference\": ");
            json_file(pb, &b);
        }
        printf("}\n");
    } else {
        print_file(pa, &a);
        if (pb) {
            print_file(pb, &b);
            printf("against the reference at %d equal times: area KS %.4f "
                   "(max %.4f), bubble-count error %.4f, mean-area error "
                   "%.4f\n", cmp.matched, cmp.area_ks, cmp.area_ks_max,
                   cmp.bubble_count_error, cmp.mean_area_error);
            printf("first-step bubble loss %.4f vs the reference's %.4f over "
                   "the same times (relative error %+.4f); growth exponent "
                   "%.4f vs %.4f (difference %+.4f)\n", a.first_step_loss,
                   cmp.ref_first_step_loss, cmp.first_step_loss_error,
                   a.growth.exponent, b.growth.exponent,
                   cmp.growth_exponent_error);
        }
    }
    pg_foam_eval_free(&a);
    pg_foam_eval_free(&b);
    return PG_EXIT_OK;
}
