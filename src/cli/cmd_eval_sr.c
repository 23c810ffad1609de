/* physgan eval sr CKPT VALIDATION.h5 [--flip-ensemble] [--drain]
 * [--json]: a super-resolution checkpoint against bicubic interpolation
 * and bicubic + back-projection (train/sr_eval.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_eval.h"
#include "physics/terrain/terrain_hydro.h"
#include "physics/terrain/terrain_sr_drain.h"
#include "train/sr_eval.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan eval sr CHECKPOINT VALIDATION.h5 [options]\n\n"
            "Block-average every terrain/1 validation patch by the model's\n"
            "sr_factor, reconstruct it with the unet_sr checkpoint and with\n"
            "bicubic interpolation (GSL) and with bicubic plus 5 iterations\n"
            "of back-projection (block means enforced), and compare each with\n"
            "the true patch: RMSE (m), slope RMSE (deg), PSD error (RMS\n"
            "difference of the mean log10 binned PSD, decades), and with\n"
            "the coarse patch: block-mean error (largest |block mean -\n"
            "coarse value|, m). Each method's share of cells in closed\n"
            "depressions deeper than %g %% of the patch relief (as eval\n"
            "terrain counts them) is given beside the true patches'.\n\n"
            "options:\n"
            "      --flip-ensemble  the model's output is the mean over the\n"
            "                       4 mirror images of the coarse patch\n"
            "                       (as generate --flip-ensemble)\n"
            "      --drain          breach the closed depressions that the\n"
            "                       coarse patch does not show, then restore\n"
            "                       the block means, %d rounds (as generate\n"
            "                       --drain)\n"
            "      --json           one JSON object instead of the table\n"
            "  -h, --help           this help\n",
            100 * PG_TERRAIN_HYDRO_DEPRESSION_FRAC, PG_TERRAIN_SR_DRAIN_ROUNDS);
}

static void json_scores(const char *name, const pg_sr_scores *s, int comma)
{
    printf("\"%s\":{\"rmse_m\":%.6g,\"slope_rmse_deg\":%.6g,"
           "\"psd_error\":%.6g,\"block_error_m\":%.6g,"
           "\"depression_cell_frac\":%.6g}%s", name, s->rmse_m,
           s->slope_rmse_deg, s->psd_error, s->block_error_m,
           s->depression_cell_frac, comma ? "," : "");
}

int pg_cmd_eval_sr(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"json", no_argument, NULL, 'j'},
        {"flip-ensemble", no_argument, NULL, 'f'},
        {"drain", no_argument, NULL, 'd'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    int json = 0, c;
    pg_sr_eval_opts o = {0};
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'j': json = 1; break;
        case 'f': o.flip_ensemble = 1; break;
        case 'd': o.drain_rounds = PG_TERRAIN_SR_DRAIN_ROUNDS; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error("eval sr", "bad option");
        }
    }
    if (argc - optind != 2)
        return pg_cli_usage_error("eval sr", "expected CHECKPOINT and "
                                  "VALIDATION.h5");
    pg_sr_eval r;
    pg_status st = pg_sr_eval_run(argv[optind], argv[optind + 1], &o, &r);
    if (st != PG_OK) return pg_cli_fail(st);
    if (json) {
        printf("{\"patches\":%zu,\"factor\":%d,\"step\":%ld,"
               "\"flip_ensemble\":%s,\"drain_rounds\":%d,"
               "\"drained_cells\":%zu,\"depression_frac\":%.6g,"
               "\"truth\":{\"depression_cell_frac\":%.6g},", r.patches,
               r.factor, r.step, o.flip_ensemble ? "true" : "false",
               o.drain_rounds, r.drained.cells,
               PG_TERRAIN_HYDRO_DEPRESSION_FRAC,
               r.truth_depression_cell_frac);
        json_scores("model", &r.model, 1);
        json_scores("bicubic", &r.bicubic, 1);
        json_scores("backprojection", &r.backproj, 0);
        printf("}\n");
        return PG_EXIT_OK;
    }
    printf("super-resolution x%d, %zu validation patches of %dx%d, "
           "checkpoint step %ld\n", r.factor, r.patches, r.h, r.w, r.step);
    if (o.flip_ensemble)
        printf("model: mean over the 4 mirror images of each coarse "
               "patch\n");
    if (o.drain_rounds)
        printf("model: drained (%d rounds of breaching and block means "
               "restored): %zu cell cuts, deepest %.3f m\n", o.drain_rounds,
               r.drained.cells, r.drained.max_cut_m);
    printf("\n");
    printf("| method                    | RMSE (m) | slope RMSE (deg) | PSD error (log10) | block-mean error (m) | cells in depressions (%%) |\n"
           "| ------------------------- | -------- | ---------------- | ----------------- | -------------------- | ------------------------ |\n");
    const struct {
        const char *name;
        const pg_sr_scores *s;
    } rows[] = {{"model", &r.model},
                {"bicubic", &r.bicubic},
                {"bicubic + back-projection", &r.backproj}};
    for (int k = 0; k < 3; k++)
        printf("| %-25s | %8.3f | %16.3f | %17.4f | %20.4f | %24.3f |\n",
               rows[k].name, rows[k].s->rmse_m, rows[k].s->slope_rmse_deg,
               rows[k].s->psd_error, rows[k].s->block_error_m,
               100 * rows[k].s->depression_cell_frac);
    printf("\ntrue patches: %.3f %% of cells in closed depressions deeper "
           "than %g %% of the patch relief\n",
           100 * r.truth_depression_cell_frac,
           100 * PG_TERRAIN_HYDRO_DEPRESSION_FRAC);
    return PG_EXIT_OK;
}
