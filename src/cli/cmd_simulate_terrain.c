/* physgan simulate terrain: fractal terrain patches by spectral synthesis
 * written as a terrain/1 HDF5 file, with the spectral exponent and slopes
 * measured back from what was written
 * (physics/terrain/io/terrain_simulate.h). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>

#include "base/json.h"
#include "cli/cli.h"
#include "physics/terrain/terrain_breach.h"
#include "cli/cmd_simulate.h"
#include "physics/terrain/io/terrain_simulate.h"

static const char *const CMD = "simulate terrain";
enum { MAX_COUNT = 1000000 };
/* Defaults: SRTM-like 30 m cells; beta 3, within the 2..4 of natural
 * landscapes (fractional Brownian surfaces have beta = 2 H + 2); 200 m
 * relief gives hilly slopes (mean about 20 degrees) on 64 x 64 patches. */
static const double DEFAULT_CELL_M = 30.0, DEFAULT_RELIEF_M = 200.0;
static const double DEFAULT_BETA = 3.0;
static const double MAX_CELL_M = 1e6, MAX_RELIEF_M = 1e5;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan simulate terrain --out FILE.h5 [options]\n\n"
            "Synthesises COUNT patches of SIZE x SIZE elevations: Gaussian "
            "white noise\nwhose Fourier modes are scaled by |k|^(-BETA/2) "
            "(so the power spectral\ndensity falls as |k|^-BETA), each patch "
            "then shifted and scaled to span\n[0, RELIEF] metres. Writes "
            "terrain/1 (/terrain float32 (COUNT, SIZE, SIZE),\nmetres; root "
            "attribute cell_size_m) and prints the exponent and slopes\n"
            "measured back from the patches (docs/physics.md).\n\n"
            "With --like REAL.h5 it writes phase-randomised surrogates of "
            "REAL's patches\ninstead (patch k from REAL's patch k mod N, "
            "COUNT defaulting to N): each\nkeeps its source's Fourier "
            "moduli, best-fit plane, cell sizes and\n[min, max], with "
            "random phases; the spectral baseline for realism\n"
            "(docs/terrain.md). --size, --beta, --cell-size and --relief "
            "do not apply.\n\n"
            "options:\n"
            "      --out FILE.h5      output file (required; written "
            "atomically)\n"
            "      --size N           cells per side, 8..8192 (default 64)\n"
            "      --count K          number of patches (default 16)\n"
            "      --beta B           spectral exponent, 0..8 (default "
            "%.1f)\n"
            "      --cell-size M      cell size in metres (default %.0f)\n"
            "      --relief R         max - min elevation of each patch, "
            "metres (default %.0f)\n"
            "      --like REAL.h5     surrogates of a terrain/1 file's "
            "square patches\n"
            "      --seed S           random seed (default 1)\n"
            "      --breach           cut every closed depression open along "
            "its flow\n                         path, as `generate --breach` "
            "(root attribute\n                         breach_drop_m)\n"
            "      --json             print the summary as one JSON object\n"
            "  -h, --help             this help\n",
            DEFAULT_BETA, DEFAULT_CELL_M, DEFAULT_RELIEF_M);
}

static void print_result(const pg_terrain_synth_params *p, long count,
                         long seed, const char *out, const pg_terrain_sim_result *r,
                         int json)
{
    char beta[32];
    if (json) {
        if (isnan(r->beta)) snprintf(beta, sizeof beta, "null");
        else snprintf(beta, sizeof beta, "%.4f", r->beta);
        printf("{\"out\": ");
        pg_json_write_string(stdout, out);
        printf(", \"count\": %ld, \"size\": %d, "
               "\"cell_size_m\": %g, \"relief_m\": %g, \"seed\": %ld, "
               "\"beta_requested\": %g, \"psd_beta\": %s, "
               "\"fit_kmin_cpm\": %.6g, \"fit_kmax_cpm\": %.6g, "
               "\"slope_mean_deg\": %.4f, \"slope_max_deg\": %.4f}\n",
               count, p->size, p->cell_size_m, p->relief_m, seed,
               p->beta, beta, r->kmin, r->kmax, r->mean_deg, r->max_deg);
        return;
    }
    if (isnan(r->beta)) snprintf(beta, sizeof beta, "n/a (patch too small)");
    else snprintf(beta, sizeof beta, "%.3f", r->beta);
    printf("wrote %ld patch%s of %d x %d cells (%g m) to %s\n"
           "  beta requested %g, measured %s (fit over %.4g..%.4g "
           "cycles/m)\n"
           "  relief %g m, slope mean %.2f deg, max %.2f deg\n",
           count, count == 1 ? "" : "es", p->size, p->size, p->cell_size_m,
           out, p->beta, beta,
           r->kmin, r->kmax, p->relief_m, r->mean_deg, r->max_deg);
}

/* --like: count 0 means one surrogate per source patch. */
static int like_main(const char *like, long count, long seed,
                     double breach_m, const char *out, int json)
{
    pg_terrain_sim_result r;
    pg_status s = pg_terrain_simulate_like_write(like, count, seed, breach_m,
                                                 out, &r);
    if (s) return pg_cli_fail(s);
    count = r.count;
    if (json) {
        printf("{\"out\": ");
        pg_json_write_string(stdout, out);
        printf(", \"like\": ");
        pg_json_write_string(stdout, like);
        printf(", \"count\": %ld, \"seed\": %ld, \"psd_beta\": ", count,
               seed);
        if (isnan(r.beta)) printf("null");
        else printf("%.4f", r.beta);
        printf(", \"slope_mean_deg\": %.4f, \"slope_max_deg\": %.4f}\n",
               r.mean_deg, r.max_deg);
        return PG_EXIT_OK;
    }
    printf("wrote %ld phase-randomised surrogate%s of the patches of %s to "
           "%s\n  beta measured ", count, count == 1 ? "" : "s", like, out);
    if (isnan(r.beta)) printf("n/a (patch too small)");
    else printf("%.3f", r.beta);
    printf(", slope mean %.2f deg, max %.2f deg\n", r.mean_deg, r.max_deg);
    if (breach_m > 0)
        printf("  breached: %.0f cells lowered\n", r.breach_cells);
    return PG_EXIT_OK;
}

int pg_cmd_simulate_terrain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"size", required_argument, NULL, 'n'},
        {"count", required_argument, NULL, 'k'},
        {"beta", required_argument, NULL, 'b'},
        {"cell-size", required_argument, NULL, 'c'},
        {"relief", required_argument, NULL, 'r'},
        {"seed", required_argument, NULL, 's'},
        {"like", required_argument, NULL, 'l'},
        {"json", no_argument, NULL, 'j'},
        {"breach", no_argument, NULL, 'B'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    pg_terrain_synth_params p = {64, DEFAULT_BETA, DEFAULT_CELL_M,
                                 DEFAULT_RELIEF_M};
    long size = p.size, count = 16, seed = 1;
    const char *out = NULL, *like = NULL;
    int json = 0, c, shaped = 0, counted = 0;
    double breach_m = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'o': out = optarg; break;
        case 'l': like = optarg; break;
        case 'n': shaped = 1; bad = pg_cli_parse_long(CMD, "--size", optarg, 8, 8192,
                                          &size); break;
        case 'k': counted = 1; bad = pg_cli_parse_long(CMD, "--count", optarg, 1,
                                          MAX_COUNT, &count); break;
        case 'b': shaped = 1; bad = pg_cli_parse_double(CMD, "--beta", optarg, 0, 8,
                                            &p.beta); break;
        case 'c': shaped = 1; bad = pg_cli_parse_double(CMD, "--cell-size", optarg, 1e-6,
                                            MAX_CELL_M, &p.cell_size_m);
            break;
        case 'r': shaped = 1; bad = pg_cli_parse_double(CMD, "--relief", optarg, 1e-6,
                                            MAX_RELIEF_M, &p.relief_m);
            break;
        case 's': bad = pg_cli_parse_long(CMD, "--seed", optarg, 0,
                                          0x7fffffffL, &seed); break;
        case 'j': json = 1; break;
        case 'B': breach_m = PG_TERRAIN_BREACH_DROP_M; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind < argc)
        return pg_cli_usage_error(CMD, "unexpected argument '%s'",
                                  argv[optind]);
    if (!out) return pg_cli_usage_error(CMD, "--out FILE.h5 is required");
    p.size = (int)size;
    pg_terrain_sim_result r;
    if (like) {
        if (shaped)
            return pg_cli_usage_error(CMD, "--like takes the patches' "
                                      "size, spectrum, cells and relief "
                                      "from %s: --size, --beta, --cell-size "
                                      "and --relief do not apply", like);
        return like_main(like, counted ? count : 0, seed, breach_m, out,
                         json);
    }
    pg_status s = pg_terrain_simulate_write(&p, count, seed, breach_m, out,
                                            &r);
    if (s) return pg_cli_fail(s);
    print_result(&p, count, seed, out, &r, json);
    if (breach_m > 0 && !json)
        printf("  breached: %.0f cells lowered\n", r.breach_cells);
    return PG_EXIT_OK;
}
