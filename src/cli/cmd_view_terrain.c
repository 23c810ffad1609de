/* physgan view terrain FILE.h5... --strip OUT.png: patches of terrain/1
 * files side by side as hillshaded PNGs (src/viz/terrain_strip.h), a row per
 * file, for comparing real and generated terrain (docs/terrain.md,
 * "Pictures"). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cmd_view.h"
#include "viz/terrain_strip.h"

enum { DEFAULT_N = 8, DEFAULT_SCALE = 4, MAX_N = 64, MAX_FILES = 4 };

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan view terrain FILE.h5... --strip OUT.png "
            "[options]\n\n"
            "Patches of 1 to %d terrain/1 files as one PNG, a row per file:\n"
            "patches FIRST, FIRST+STEP, ... (N of them) side by side (e.g.\n"
            "synthetic, translated and real rows). Each patch is drawn as\n"
            "physgan generate draws its PNGs:\n"
            "terrain colours over the patch's own elevation range, darkened\n"
            "by a hillshade (sun from the north-west, 45 deg), on the file's\n"
            "cell sizes; %d white pixels between patches.\n\n"
            "options:\n"
            "      --strip FILE.png  output (required; written atomically)\n"
            "      --n N             patches per row, 1..%d (default %d)\n"
            "      --first I         first patch (default 0)\n"
            "      --step K          patch index step (default 1; overlapping\n"
            "                        import patches look alike, skip some)\n"
            "      --scale K         pixels per cell, 1..%d (default %d)\n"
            "  -h, --help            this help\n\n"
            "exit codes: 0 written; 1 the PNG could not be written; 2 usage\n"
            "error or unusable input (missing file, not terrain/1, too few\n"
            "patches, patch sizes that differ)\n",
            MAX_FILES, PG_TERRAIN_STRIP_GAP, MAX_N, DEFAULT_N,
            PG_TERRAIN_STRIP_MAX_SCALE, DEFAULT_SCALE);
}

/* Patches of path; an exit code (2: unusable input). */
static int load(const char *path, long first, long step, long n,
                pg_terrain_strip_file *t)
{
    pg_status st = pg_terrain_strip_read(path, first, step, n, t);
    if (st == PG_OK) return PG_EXIT_OK;
    pg_error_print(stderr);
    pg_error_clear();
    return PG_EXIT_USAGE;
}

static int render(const char *out, const pg_terrain_strip_file *t, int files,
                  long n, long scale)
{
    int width, height;
    pg_status st = pg_terrain_strip_write(out, t, files, (int)n, (int)scale,
                                          &width, &height);
    if (st != PG_OK) return pg_cli_fail(st);
    printf("view terrain: %ld patch%s x %d file%s -> %s (%d x %d pixels)\n",
           n, n == 1 ? "" : "es", files, files == 1 ? "" : "s", out, width,
           height);
    return PG_EXIT_OK;
}

int pg_cmd_view_terrain(int argc, char **argv)
{
    static const struct option opts[] = {
        {"strip", required_argument, NULL, 's'},
        {"n", required_argument, NULL, 'n'},
        {"first", required_argument, NULL, 'f'},
        {"step", required_argument, NULL, 'S'},
        {"scale", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *cmd = "view terrain", *strip = NULL;
    long n = DEFAULT_N, first = 0, step = 1, scale = DEFAULT_SCALE;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 's': strip = optarg; break;
        case 'n':
            if (pg_cli_parse_long(cmd, "--n", optarg, 1, MAX_N, &n))
                return PG_EXIT_USAGE;
            break;
        case 'f':
            if (pg_cli_parse_long(cmd, "--first", optarg, 0, 1000000000L,
                                  &first))
                return PG_EXIT_USAGE;
            break;
        case 'S':
            if (pg_cli_parse_long(cmd, "--step", optarg, 1, 1000000L, &step))
                return PG_EXIT_USAGE;
            break;
        case 'k':
            if (pg_cli_parse_long(cmd, "--scale", optarg, 1,
                                  PG_TERRAIN_STRIP_MAX_SCALE, &scale))
                return PG_EXIT_USAGE;
            break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
    }
    int files = argc - optind;
    if (files < 1 || files > MAX_FILES)
        return pg_cli_usage_error(cmd, "expected 1 to %d terrain/1 files",
                                  MAX_FILES);
    if (!strip) return pg_cli_usage_error(cmd, "--strip FILE.png is required");
    pg_terrain_strip_file t[MAX_FILES] = {{0}};
    int rc = PG_EXIT_OK;
    for (int k = 0; k < files && rc == PG_EXIT_OK; k++) {
        rc = load(argv[optind + k], first, step, n, &t[k]);
        if (rc == PG_EXIT_OK && (t[k].h != t[0].h || t[k].w != t[0].w))
            rc = pg_cli_usage_error(cmd, "%s has %dx%d patches and %s "
                                    "%dx%d: a strip needs one patch size",
                                    argv[optind], t[0].h, t[0].w,
                                    argv[optind + k], t[k].h, t[k].w);
    }
    if (rc == PG_EXIT_OK) rc = render(strip, t, files, n, scale);
    for (int k = 0; k < files; k++) free(t[k].z);
    return rc;
}
