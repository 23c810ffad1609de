/* physgan import dem: a GDAL raster or .npy elevation grid -> terrain/1
 * training and validation patch files (src/io/dem_read.h, physics/terrain/io/dem_tile.h,
 * docs/terrain.md "Importing elevation data"). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_import.h"
#include "io/dem_read.h"
#include "physics/terrain/io/dem_tile.h"

static const char *const CMD = "import dem";
enum { DEFAULT_PATCH = 64, DEFAULT_STRIDE = 32, MAX_PATCH = 8192,
       MAX_PATH = 4096 };
static const double DEFAULT_VAL_FRACTION = 0.2, DEFAULT_MAX_NODATA = 0.05;
static const double MAX_CELL_M = 1e6;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan import dem FILE --out PREFIX [options]\n\n"
            "Reads an elevation raster (anything GDAL opens: GeoTIFF, ESRI "
            "ASCII grid, ...;\nor a NumPy .npy 2-D array of <f4, <f8, <i2 or "
            "<i4), cuts it into PATCH x PATCH\npatches every STRIDE cells, and "
            "writes terrain/1 files PREFIX_train.h5 and\nPREFIX_val.h5. The "
            "last VAL_FRACTION of the columns is the validation\nregion, GAP "
            "columns before it are unused, so no validation patch overlaps "
            "a\ntraining one. Patches with more than MAX_NODATA no-data cells "
            "are dropped;\nthe rest are filled by neighbour averaging and "
            "flagged (/filled). Elevations\nstay in metres; /offset_m and "
            "/scale_m hold each patch's midpoint and half\nrange. Cell sizes "
            "come from the CRS (geographic grids: non-square cells at\nthe "
            "centre latitude) unless given. See docs/terrain.md.\n\n"
            "options:\n"
            "  -o, --out PREFIX        output prefix (required; a trailing "
            ".h5 is dropped)\n"
            "      --patch N           cells per patch side (default %d)\n"
            "      --stride N          cells between patch origins "
            "(default %d)\n"
            "      --val-fraction F    share of columns for validation, "
            "0..<1 (default %.2f;\n"
            "                          0 writes PREFIX_train.h5 only)\n"
            "      --gap N             unused columns between the regions "
            "(default: PATCH)\n"
            "      --max-nodata F      drop patches with a larger share of "
            "no-data cells\n"
            "                          (default %.2f)\n"
            "      --cell-size M       cell size in metres (required for "
            ".npy; overrides the CRS)\n"
            "      --cell-size-y M     cell size along rows, metres (default: "
            "--cell-size)\n"
            "      --nodata V          cells equal to V are no-data (overrides "
            "the raster's)\n"
            "      --json              print the summary as one JSON object\n"
            "  -h, --help              this help\n",
            DEFAULT_PATCH, DEFAULT_STRIDE, DEFAULT_VAL_FRACTION,
            DEFAULT_MAX_NODATA);
}

static const char *cell_source_name(pg_dem_cell_source s)
{
    return s == PG_DEM_CELL_GIVEN ? "given"
           : s == PG_DEM_CELL_PROJECTED ? "projected" : "geographic";
}

static void print_text(const pg_dem *d, const pg_dem_tiling *t,
                       const char *out_train, const char *out_val)
{
    printf("import dem: %s (%s), %d x %d cells, %zu no-data\n", d->source,
           d->format, d->rows, d->cols, d->n_nodata);
    printf("  CRS: %s; cell size %.3f m (x) x %.3f m (y), %s", d->crs_name[0]
           ? d->crs_name : "unknown", d->dx_m, d->dy_m,
           cell_source_name(d->cell_source));
    if (d->cell_source == PG_DEM_CELL_GEOGRAPHIC)
        printf(" (at the centre latitude %.4f deg; approximation elsewhere)",
               d->centre_lat_deg);
    printf("\n");
    const pg_dem_patches *pp[2] = {&t->train, &t->val};
    const char *name[2] = {"train", "validation"}, *out[2] = {out_train,
                                                              out_val};
    for (int i = 0; i < (out_val ? 2 : 1); i++)
        printf("  %-10s columns %d..%d: %zu of %zu patches kept (%zu dropped "
               "for no-data; %zu cells filled in %zu patches), elevation "
               "%.1f .. %.1f m -> %s\n", name[i], pp[i]->col0,
               pp[i]->col1 - 1, pp[i]->n, pp[i]->candidates, pp[i]->dropped,
               pp[i]->filled_cells, pp[i]->filled_patches, pp[i]->z_min,
               pp[i]->z_max, out[i]);
}

static void print_json_split(const char *key, const pg_dem_patches *pp,
                             const char *out)
{
    printf(", \"%s\": {\"output\": ", key);
    pg_json_write_string(stdout, out);
    printf(", \"col0\": %d, \"col1\": %d, \"patches\": %zu, \"candidates\": "
           "%zu, \"dropped\": %zu, \"filled_patches\": %zu, \"filled_cells\": "
           "%zu, \"z_min_m\": %.3f, \"z_max_m\": %.3f}", pp->col0, pp->col1,
           pp->n, pp->candidates, pp->dropped, pp->filled_patches,
           pp->filled_cells, pp->z_min, pp->z_max);
}

static void print_json(const pg_dem *d, const pg_dem_tiling *t,
                       const pg_dem_tile_params *p, const char *out_train,
                       const char *out_val)
{
    printf("{\"kind\": \"dem\", \"input\": ");
    pg_json_write_string(stdout, d->source);
    printf(", \"format\": ");
    pg_json_write_string(stdout, d->format);
    printf(", \"rows\": %d, \"cols\": %d, \"nodata_cells\": %zu, "
           "\"crs_name\": ", d->rows, d->cols, d->n_nodata);
    pg_json_write_string(stdout, d->crs_name);
    printf(", \"cell_source\": \"%s\", \"cell_size_m\": %.6f, "
           "\"cell_size_y_m\": %.6f", cell_source_name(d->cell_source),
           d->dx_m, d->dy_m);
    if (d->cell_source == PG_DEM_CELL_GEOGRAPHIC)
        printf(", \"centre_lat_deg\": %.6f", d->centre_lat_deg);
    printf(", \"patch\": %d, \"stride\": %d, \"gap\": %d, \"max_nodata\": %g",
           p->patch, p->stride, p->gap, p->max_nodata);
    print_json_split("train", &t->train, out_train);
    if (out_val) print_json_split("validation", &t->val, out_val);
    printf("}\n");
}

typedef struct dem_args {
    const char *in, *out;
    pg_dem_read_options ro;
    pg_dem_tile_params tp;
    int json;
} dem_args;

/* Parse options; returns -1 to go on, else an exit code. */
static int parse(int argc, char **argv, dem_args *a)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"patch", required_argument, NULL, 'p'},
        {"stride", required_argument, NULL, 's'},
        {"val-fraction", required_argument, NULL, 'v'},
        {"gap", required_argument, NULL, 'g'},
        {"max-nodata", required_argument, NULL, 'm'},
        {"cell-size", required_argument, NULL, 'c'},
        {"cell-size-y", required_argument, NULL, 'y'},
        {"nodata", required_argument, NULL, 'n'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    long patch = DEFAULT_PATCH, stride = DEFAULT_STRIDE, gap = -1;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        int bad = 0;
        switch (c) {
        case 'o': a->out = optarg; break;
        case 'p':
            bad = pg_cli_parse_long(CMD, "--patch", optarg, 2, MAX_PATCH,
                                    &patch);
            break;
        case 's':
            bad = pg_cli_parse_long(CMD, "--stride", optarg, 1, MAX_PATCH,
                                    &stride);
            break;
        case 'g':
            bad = pg_cli_parse_long(CMD, "--gap", optarg, 0, MAX_PATCH, &gap);
            break;
        case 'v':
            bad = pg_cli_parse_double(CMD, "--val-fraction", optarg, 0, 0.95,
                                      &a->tp.val_fraction);
            break;
        case 'm':
            bad = pg_cli_parse_double(CMD, "--max-nodata", optarg, 0, 1,
                                      &a->tp.max_nodata);
            break;
        case 'c':
            bad = pg_cli_parse_double(CMD, "--cell-size", optarg, 1e-6,
                                      MAX_CELL_M, &a->ro.cell_size_m);
            break;
        case 'y':
            bad = pg_cli_parse_double(CMD, "--cell-size-y", optarg, 1e-6,
                                      MAX_CELL_M, &a->ro.cell_size_y_m);
            break;
        case 'n':
            bad = pg_cli_parse_double(CMD, "--nodata", optarg, -HUGE_VAL,
                                      HUGE_VAL, &a->ro.nodata);
            a->ro.has_nodata = 1;
            break;
        case 'j': a->json = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind >= argc)
        return pg_cli_usage_error(CMD, "expected the elevation file");
    if (optind + 1 < argc)
        return pg_cli_usage_error(CMD, "unexpected argument '%s'",
                                  argv[optind + 1]);
    if (!a->out) return pg_cli_usage_error(CMD, "--out PREFIX is required");
    if (a->ro.cell_size_y_m > 0 && !(a->ro.cell_size_m > 0))
        return pg_cli_usage_error(CMD, "--cell-size-y needs --cell-size");
    a->in = argv[optind];
    a->tp.patch = (int)patch;
    a->tp.stride = (int)stride;
    a->tp.gap = gap < 0 ? (int)patch : (int)gap;
    return -1;
}

int pg_cmd_import_dem(int argc, char **argv)
{
    dem_args a = {.tp = {.val_fraction = DEFAULT_VAL_FRACTION,
                         .max_nodata = DEFAULT_MAX_NODATA}};
    int rc = parse(argc, argv, &a);
    if (rc >= 0) return rc;
    char prefix[MAX_PATH], out_train[MAX_PATH + 16], out_val[MAX_PATH + 16];
    size_t len = strlen(a.out);
    if (len >= sizeof prefix)
        return pg_cli_usage_error(CMD, "--out is too long");
    snprintf(prefix, sizeof prefix, "%s", a.out);
    if (len > 3 && !strcmp(prefix + len - 3, ".h5")) prefix[len - 3] = '\0';
    snprintf(out_train, sizeof out_train, "%s_train.h5", prefix);
    snprintf(out_val, sizeof out_val, "%s_val.h5", prefix);
    int has_val = a.tp.val_fraction > 0;
    pg_dem *d = NULL;
    pg_dem_tiling *t = NULL;
    pg_status s;
    PG_CHECK_GOTO(s, pg_dem_read(a.in, &a.ro, &d), fail);
    PG_CHECK_GOTO(s, pg_dem_tile(d, &a.tp, &t), fail);
    PG_CHECK_GOTO(s, pg_dem_patches_write(out_train, &t->train, d, &a.tp,
                                          "train"), fail);
    if (has_val)
        PG_CHECK_GOTO(s, pg_dem_patches_write(out_val, &t->val, d, &a.tp,
                                              "validation"), fail);
    if (a.json)
        print_json(d, t, &a.tp, out_train, has_val ? out_val : NULL);
    else
        print_text(d, t, out_train, has_val ? out_val : NULL);
    pg_dem_tiling_destroy(&t);
    pg_dem_destroy(&d);
    return PG_EXIT_OK;
fail:
    pg_dem_tiling_destroy(&t);
    pg_dem_destroy(&d);
    return pg_cli_fail(s);
}
