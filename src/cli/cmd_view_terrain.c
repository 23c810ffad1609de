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
#include "io/terrain_file.h"
#include "io/h5.h"
#include "io/png.h"

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

typedef struct terrain_file {
    float *z;
    int h, w;
    double dx, dy;
} terrain_file;

/* Patches first, first + step, ... (n) of path; an exit code (2:
 * unusable input). */
static int load(const char *path, long first, long step, long n,
                terrain_file *t)
{
    long last = first + (n - 1) * step;
    pg_h5_file *f = NULL;
    pg_h5_dataset_info info;
    pg_status st = pg_h5_file_open(path, "terrain/1", &f);
    if (st == PG_OK) st = pg_h5_dataset_info_get(f, "/terrain", &info);
    if (st == PG_OK && (info.type != PG_H5_F32 || info.rank != 3))
        st = PG_FAIL(PG_ERR_FORMAT, "%s: /terrain must be float32 (N,H,W)",
                     path);
    if (st == PG_OK && (size_t)last >= info.dims[0])
        st = PG_FAIL(PG_ERR_ARG, "%s holds %zu patches: --first %ld --step "
                     "%ld --n %ld needs patch %ld", path,
                     (size_t)info.dims[0], first, step, n, last);
    if (st == PG_OK) {
        t->h = (int)info.dims[1];
        t->w = (int)info.dims[2];
        st = pg_terrain_file_cells(f, &t->dx, &t->dy);
    }
    size_t rows[MAX_N];
    for (long i = 0; i < n; i++) rows[i] = (size_t)(first + i * step);
    if (st == PG_OK) {
        t->z = malloc((size_t)n * (size_t)t->h * (size_t)t->w *
                      sizeof *t->z);
        st = t->z ? pg_h5_dataset_read_row_list(f, "/terrain", PG_H5_F32,
                                                rows, (size_t)n, t->z)
                  : PG_FAIL(PG_ERR_NOMEM, "patches of %s", path);
    }
    pg_h5_file_close(&f);
    if (st == PG_OK) return PG_EXIT_OK;
    pg_error_print(stderr);
    pg_error_clear();
    return PG_EXIT_USAGE;
}

static int render(const char *out, terrain_file *t, int files, long n,
                  long scale)
{
    int width = pg_terrain_strip_width((int)n, t[0].w, (int)scale);
    int row_h = t[0].h * (int)scale;
    int height = files * row_h + (files - 1) * PG_TERRAIN_STRIP_GAP;
    uint8_t *canvas = malloc((size_t)width * (size_t)height * 3);
    if (!canvas) return pg_cli_fail(PG_FAIL(PG_ERR_NOMEM, "strip image"));
    memset(canvas, 255, (size_t)width * (size_t)height * 3);
    pg_status st = PG_OK;
    for (int k = 0; k < files && st == PG_OK; k++)
        st = pg_terrain_strip_row(canvas, width,
                                  k * (row_h + PG_TERRAIN_STRIP_GAP), t[k].z,
                                  (int)n, t[k].h, t[k].w, t[k].dx, t[k].dy,
                                  (int)scale);
    if (st == PG_OK) st = pg_png_write_file(out, canvas, width, height, 3);
    free(canvas);
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
    terrain_file t[MAX_FILES] = {{0}};
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
