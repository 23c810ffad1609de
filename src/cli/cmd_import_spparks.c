/* physgan import spparks: SPPARKS Potts trajectories, as converted to HDF5
 * beside the project (../shared/foam-spparks/README.md: /labels int32
 * (S, T, N, N), /time float64 (T) in MCS, root attributes T, app, lattice,
 * solver, seed as strings), into foam/1 (io/foam_file.h), so that `eval
 * foam`, `simulate foam --init` and `--report` read them like physgan's
 * own files. A subset of evenly spaced frames can be kept (the small
 * reference that ships with the tests). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_import.h"
#include "io/foam_file.h"
#include "io/h5.h"

/* Frames whose times differ from start + k interval by more than this
 * (MCS) are not evenly spaced: foam/1 states its times that way. */
static const double TIME_TOL_MCS = 1e-6;

typedef struct spparks_opts {
    const char *in, *out;
    long first, last, every, gzip;
    int json;
} spparks_opts;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan import spparks IN.h5 --out FILE.h5 [options]\n\n"
            "Converts SPPARKS Potts trajectories in HDF5 (/labels int32\n"
            "(S, T, N, N) spins, /time float64 (T) in MCS, root attributes T,\n"
            "app, lattice, solver and seed) into foam/1: same labels and\n"
            "times, temperature from T, simulator naming the app, lattice and\n"
            "solver. Written atomically.\n\n"
            "options:\n"
            "  -o, --out FILE.h5   output file (required)\n"
            "      --first I       first frame kept (default 0)\n"
            "      --last J        last frame kept (default: the last)\n"
            "      --every K       keep every K-th frame from I (default 1)\n"
            "      --gzip L        compression of /labels, 0..9 (default 6)\n"
            "      --json          print the result as one JSON object\n"
            "  -h, --help          this help\n");
}

static int parse(int argc, char **argv, spparks_opts *o)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"first", required_argument, NULL, 'f'},
        {"last", required_argument, NULL, 'l'},
        {"every", required_argument, NULL, 'e'},
        {"gzip", required_argument, NULL, 'z'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *cmd = "import spparks";
    int c, bad = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': o->out = optarg; break;
        case 'f': bad = pg_cli_parse_long(cmd, "--first", optarg, 0, 1L << 30, &o->first); break;
        case 'l': bad = pg_cli_parse_long(cmd, "--last", optarg, 0, 1L << 30, &o->last); break;
        case 'e': bad = pg_cli_parse_long(cmd, "--every", optarg, 1, 1L << 30, &o->every); break;
        case 'z': bad = pg_cli_parse_long(cmd, "--gzip", optarg, 0, 9, &o->gzip); break;
        case 'j': o->json = 1; break;
        case 'h': usage(stdout); return -1;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind >= argc) return pg_cli_usage_error(cmd, "expected the input file");
    if (optind + 1 < argc)
        return pg_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind + 1]);
    if (!o->out) return pg_cli_usage_error(cmd, "--out FILE.h5 is required");
    o->in = argv[optind];
    return 0;
}

/* A root string attribute, or NULL (with the error cleared) when absent. */
static char *attr_or_null(pg_h5_file *f, const char *name)
{
    char *s = NULL;
    if (!pg_h5_attr_exists(f, "/", name)) return NULL;
    if (pg_h5_attr_read_string(f, "/", name, &s) != PG_OK) {
        pg_error_clear();
        return NULL;
    }
    return s;
}

/* The temperature: root attribute T, a string ("0.5") or a number. */
static pg_status read_temperature(pg_h5_file *f, const char *path, double *t)
{
    if (!pg_h5_attr_exists(f, "/", "T"))
        return PG_FAIL(PG_ERR_FORMAT, "%s: no root attribute T (k_B T / J)",
                       path);
    char *s = attr_or_null(f, "T"), *end = NULL;
    if (!s) return pg_h5_attr_read_double(f, "/", "T", t);
    errno = 0;
    *t = strtod(s, &end);
    int ok = !errno && end != s && !*end && isfinite(*t) && *t >= 0;
    pg_status st = ok ? PG_OK
                      : PG_FAIL(PG_ERR_FORMAT, "%s: attribute T '%s' is not "
                                "a temperature >= 0", path, s);
    free(s);
    return st;
}

typedef struct spparks_in {
    pg_foam_shape sh;
    double temperature, *time;
    int32_t *labels; /* all of it: (S, T, N, N) */
    char *app, *lattice, *solver, *seed;
} spparks_in;

static void in_free(spparks_in *d)
{
    free(d->time);
    free(d->labels);
    free(d->app);
    free(d->lattice);
    free(d->solver);
    free(d->seed);
}

static pg_status read_input(const char *path, spparks_in *d)
{
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_open(path, NULL, &f));
    pg_status st = pg_foam_file_shape(f, path, &d->sh);
    if (st == PG_OK) st = read_temperature(f, path, &d->temperature);
    size_t n = (size_t)d->sh.sequences * d->sh.frames * d->sh.height *
               d->sh.width;
    if (st == PG_OK) {
        d->time = malloc((size_t)d->sh.frames * sizeof *d->time);
        d->labels = malloc(n * sizeof *d->labels);
        if (!d->time || !d->labels)
            st = PG_FAIL(PG_ERR_NOMEM, "%s: %zu labels", path, n);
    }
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, "/time", PG_H5_F64, d->time,
                                (size_t)d->sh.frames);
    if (st == PG_OK)
        st = pg_h5_dataset_read(f, "/labels", PG_H5_I32, d->labels, n);
    for (size_t i = 0; st == PG_OK && i < n; i++)
        if (d->labels[i] < 0)
            st = PG_FAIL(PG_ERR_FORMAT, "%s: /labels element %zu is %d; "
                         "spins are >= 0", path, i, (int)d->labels[i]);
    d->app = attr_or_null(f, "app");
    d->lattice = attr_or_null(f, "lattice");
    d->solver = attr_or_null(f, "solver");
    d->seed = attr_or_null(f, "seed");
    pg_h5_file_close(&f);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

/* The kept frames first + k every (k < *count), checked against the file
 * and for even spacing in time. */
static pg_status select_frames(const spparks_opts *o, const spparks_in *d,
                               long *count)
{
    long T = d->sh.frames, last = o->last < 0 ? T - 1 : o->last;
    if (o->first >= T || last >= T || last < o->first)
        return PG_FAIL(PG_ERR_ARG, "%s: frames %ld..%ld asked, the file has "
                       "0..%ld", o->in, o->first, last, T - 1);
    *count = (last - o->first) / o->every + 1;
    double t0 = d->time[o->first];
    double dt = *count > 1 ? d->time[o->first + o->every] - t0 : 1;
    for (long k = 0; k < *count; k++) {
        double t = d->time[o->first + k * o->every];
        if (fabs(t - (t0 + k * dt)) > TIME_TOL_MCS || (*count > 1 && dt <= 0))
            return PG_FAIL(PG_ERR_FORMAT, "%s: frame %ld at t = %g MCS: the "
                           "kept frames are not evenly spaced in time (foam/1 "
                           "states start + k x interval)", o->in,
                           o->first + k * o->every, t);
    }
    return PG_OK;
}

static pg_status convert(const spparks_opts *o, spparks_in *d, long *count)
{
    PG_CHECK(read_input(o->in, d));
    PG_CHECK(select_frames(o, d, count));
    size_t hw = (size_t)d->sh.height * d->sh.width;
    int S = d->sh.sequences;
    int32_t *kept = malloc((size_t)S * (size_t)*count * hw * sizeof *kept);
    if (!kept) return PG_FAIL(PG_ERR_NOMEM, "%s: kept frames", o->in);
    for (int q = 0; q < S; q++)
        for (long k = 0; k < *count; k++)
            memcpy(kept + ((size_t)q * *count + k) * hw,
                   d->labels + ((size_t)q * d->sh.frames + o->first +
                                k * o->every) * hw,
                   hw * sizeof *kept);
    char simulator[512], source[600];
    snprintf(simulator, sizeof simulator, "spparks %s, lattice %s, %s",
             d->app ? d->app : "(app not stated)",
             d->lattice ? d->lattice : "(not stated)",
             d->solver ? d->solver : "(solver not stated)");
    snprintf(source, sizeof source, "SPPARKS trajectory imported from %s "
             "(frames %ld..%ld every %ld)", o->in, o->first,
             o->first + (*count - 1) * o->every, o->every);
    double t0 = d->time[o->first];
    pg_foam_header h = {
        .shape = {S, (int)*count, d->sh.height, d->sh.width},
        .start_mcs = t0,
        .interval_mcs = *count > 1 ? d->time[o->first + o->every] - t0 : 1,
        .simulator = simulator,
        .temperature = d->temperature,
        .gzip = (int)o->gzip};
    pg_h5_file *f = NULL;
    pg_status st = pg_foam_file_create(o->out, source, &h, kept, &f);
    free(kept);
    PG_CHECK(st);
    if (d->seed) st = pg_h5_attr_write_string(f, "/", "spparks_seed", d->seed);
    if (st == PG_OK) st = pg_h5_writer_commit(&f);
    pg_h5_writer_abort(&f);
    return st;
}

int pg_cmd_import_spparks(int argc, char **argv)
{
    spparks_opts o = {.last = -1, .every = 1, .gzip = 6};
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    spparks_in d = {0};
    long count = 0;
    pg_status st = convert(&o, &d, &count);
    if (st != PG_OK) {
        in_free(&d);
        return pg_cli_fail(st);
    }
    double t0 = d.time[o.first], t1 = d.time[o.first + (count - 1) * o.every];
    if (o.json) {
        printf("{\"kind\": \"spparks\", \"input\": ");
        pg_json_write_string(stdout, o.in);
        printf(", \"output\": ");
        pg_json_write_string(stdout, o.out);
        printf(", \"shape\": [%d, %ld, %d, %d], \"t_first\": %g, \"t_last\": "
               "%g, \"temperature\": %g}\n", d.sh.sequences, count,
               d.sh.height, d.sh.width, t0, t1, d.temperature);
    } else {
        printf("import spparks: %d sequence(s) x %ld frames of %dx%d, t = %g "
               "... %g MCS, T = %g J, %s -> %s\n", d.sh.sequences, count,
               d.sh.height, d.sh.width, t0, t1, d.temperature, o.in, o.out);
    }
    in_free(&d);
    return PG_EXIT_OK;
}
