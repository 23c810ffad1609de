/* physgan eval sr CKPT VALIDATION.h5 [--json]: a super-resolution
 * checkpoint against bicubic interpolation (train/sr_eval.h). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_eval.h"
#include "train/sr_eval.h"

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan eval sr CHECKPOINT VALIDATION.h5 [--json]\n\n"
            "Block-average every terrain/1 validation patch by the model's\n"
            "sr_factor, reconstruct it with the unet_sr checkpoint and with\n"
            "bicubic interpolation (GSL) and with bicubic plus 5 iterations\n"
            "of back-projection (block means enforced), and compare each with\n"
            "the true patch: RMSE (m), slope RMSE (deg), PSD error (RMS\n"
            "difference of the mean log10 binned PSD, decades), and with\n"
            "the coarse patch: block-mean error (largest |block mean -\n"
            "coarse value|, m).\n\n"
            "options:\n"
            "      --json   one JSON object instead of the table\n"
            "  -h, --help   this help\n");
}

static void json_scores(const char *name, const pg_sr_scores *s, int comma)
{
    printf("\"%s\":{\"rmse_m\":%.6g,\"slope_rmse_deg\":%.6g,"
           "\"psd_error\":%.6g,\"block_error_m\":%.6g}%s", name, s->rmse_m,
           s->slope_rmse_deg, s->psd_error, s->block_error_m,
           comma ? "," : "");
}

int pg_cmd_eval_sr(int argc, char **argv)
{
    int json, rc = pg_cli_parse_json_only("eval sr", argc, argv, usage, &json);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    if (argc - optind != 2)
        return pg_cli_usage_error("eval sr", "expected CHECKPOINT and "
                                  "VALIDATION.h5");
    pg_sr_eval r;
    pg_status st = pg_sr_eval_run(argv[optind], argv[optind + 1], &r);
    if (st != PG_OK) return pg_cli_fail(st);
    if (json) {
        printf("{\"patches\":%zu,\"factor\":%d,\"step\":%ld,", r.patches,
               r.factor, r.step);
        json_scores("model", &r.model, 1);
        json_scores("bicubic", &r.bicubic, 1);
        json_scores("backprojection", &r.backproj, 0);
        printf("}\n");
        return PG_EXIT_OK;
    }
    printf("super-resolution x%d, %zu validation patches of %dx%d, "
           "checkpoint step %ld\n\n", r.factor, r.patches, r.h, r.w, r.step);
    printf("| method                    | RMSE (m) | slope RMSE (deg) | PSD error (log10) | block-mean error (m) |\n"
           "| ------------------------- | -------- | ---------------- | ----------------- | -------------------- |\n");
    const struct {
        const char *name;
        const pg_sr_scores *s;
    } rows[] = {{"model", &r.model},
                {"bicubic", &r.bicubic},
                {"bicubic + back-projection", &r.backproj}};
    for (int k = 0; k < 3; k++)
        printf("| %-25s | %8.3f | %16.3f | %17.4f | %20.4f |\n",
               rows[k].name, rows[k].s->rmse_m, rows[k].s->slope_rmse_deg,
               rows[k].s->psd_error, rows[k].s->block_error_m);
    return PG_EXIT_OK;
}
