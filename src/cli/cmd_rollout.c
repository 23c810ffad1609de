/* physgan rollout CKPT --init FILE.h5:SEQ:FRAME --steps K --out ROLL.h5:
 * the foam surrogate (unet_foam checkpoint) applied autoregressively from
 * a frame of a foam/1 file, written as a foam/1 file that `physgan eval
 * foam ROLL.h5 REFERENCE.h5` compares with the simulator run from the
 * same frame (`physgan simulate foam --init ...`; docs/foam.md,
 * "Rollout"). All sequences of --init FILE:all:FRAME go through G as one
 * batch. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/progress.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "physics/foam/foam_field.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/io/foam_init.h"
#include "io/foam_xdmf.h"
#include "io/h5.h"
#include "train/foam_surrogate.h"

/* Seconds between plain progress lines when stderr is not a terminal. */
static const double PROGRESS_EVERY_S = 10.0;

typedef struct rollout_opts {
    const char *ckpt, *init, *out;
    long steps, threads, min_bubble, coarse;
    int project;
} rollout_opts;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan rollout CKPT.h5 --init FILE.h5:SEQ:FRAME --steps K\n"
            "                       --out ROLL.h5 [options]\n\n"
            "Rolls a foam surrogate (a [model] arch = unet_foam checkpoint) out\n"
            "autoregressively from frame FRAME of sequence SEQ (an index, or\n"
            "'all': every sequence, as one batch) of a foam/1 file. Writes\n"
            "foam/1: /labels int32 (S, K+1, N, N) (frame 0 the start, frames\n"
            "1..K recovered from the film field by connected components),\n"
            "/phi float32 film fields (on G's grid), /time = start time + i x\n"
            "step MCS (step: frame_step x the training data's frame interval,\n"
            "x S^2 with --coarse S). Compare with\n"
            "the simulator from the same frame. G is fully convolutional: the\n"
            "frames may be larger (or smaller) than those it was trained on,\n"
            "sides multiples of 2^depth of its U-Net.\n"
            "  physgan simulate foam --init FILE.h5:SEQ:FRAME --frames K+1 \\\n"
            "      --interval STEP --out ref.h5\n"
            "  physgan eval foam ROLL.h5 ref.h5\n\n"
            "options:\n"
            "      --init FILE.h5:SEQ:FRAME  start frame(s) (required)\n"
            "      --steps K         surrogate steps (required, >= 1)\n"
            "      --out FILE        output file (required; written atomically)\n"
            "      --no-project      feed G its raw output; by default every\n"
            "                        step's input is the film field of the\n"
            "                        labels recovered from the previous output,\n"
            "                        of the film width G was trained on ([data]\n"
            "                        film_sigma in the checkpoint's job; 0:\n"
            "                        one-site films, exactly 0/1)\n"
            "      --min-bubble A    gas pockets of fewer than A sites are not\n"
            "                        bubbles: they join the films (default:\n"
            "                        [data] min_bubble of the checkpoint's job,\n"
            "                        1 unless set: every pocket is a bubble)\n"
            "      --coarse S        step the foam on a grid S times coarser than\n"
            "                        the frames (default 1: the frames' grid):\n"
            "                        the start frame's labels are coarsened by\n"
            "                        S x S blocks, G works on the coarse grid\n"
            "                        and each output is refined back to the\n"
            "                        frames' sites; by the self-similarity of\n"
            "                        coarsening a step then spans S^2 times\n"
            "                        the trained step (min_bubble counts coarse\n"
            "                        sites; docs/foam.md, \"Coarse-grid rollout\")\n"
            "      --threads T       threads (default 1)\n"
            "  -h, --help            this help\n\n"
            "exit codes: 0 success, 1 run-time failure, 2 usage error (bad\n"
            "--init spec, frame out of range, checkpoint of another model,\n"
            "frame sides not multiples of S 2^depth)\n");
}

static int parse(int argc, char **argv, rollout_opts *o)
{
    static const struct option opts[] = {
        {"init", required_argument, NULL, 'i'},
        {"steps", required_argument, NULL, 'k'},
        {"out", required_argument, NULL, 'o'},
        {"no-project", no_argument, NULL, 'P'},
        {"threads", required_argument, NULL, 't'},
        {"min-bubble", required_argument, NULL, 'm'},
        {"coarse", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *cmd = "rollout";
    int c, bad = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'i': o->init = optarg; break;
        case 'k': bad = pg_cli_parse_long(cmd, "--steps", optarg, 1, 1000000, &o->steps); break;
        case 'o': o->out = optarg; break;
        case 'P': o->project = 0; break;
        case 't': bad = pg_cli_parse_long(cmd, "--threads", optarg, 1, 1024, &o->threads); break;
        case 'm': bad = pg_cli_parse_long(cmd, "--min-bubble", optarg, 1, 1000000, &o->min_bubble); break;
        case 'c': bad = pg_cli_parse_long(cmd, "--coarse", optarg, 1, PG_FOAM_GRID_STRIDE_MAX, &o->coarse); break;
        case 'h': usage(stdout); return -1;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind >= argc) return pg_cli_usage_error(cmd, "expected CKPT.h5");
    o->ckpt = argv[optind++];
    if (optind < argc)
        return pg_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (!o->init) return pg_cli_usage_error(cmd, "--init FILE.h5:SEQ:FRAME is required");
    if (!o->steps) return pg_cli_usage_error(cmd, "--steps K is required");
    if (!o->out) return pg_cli_usage_error(cmd, "--out FILE.h5 is required");
    return 0;
}

typedef struct rollout_run {
    pg_foam_init *init;
    pg_foam_surrogate *sur;
    int32_t *labels;   /* S, K+1, H, W */
    float *phi;        /* S, K+1, H / coarse, W / coarse: G's grid */
    int S, T, h, w;
    int stride, hc, wc; /* --coarse and G's grid */
    double step_mcs;   /* of one rollout step: trained step x stride^2 */
    long min_bubble; /* --min-bubble, or the job's [data] min_bubble */
} rollout_run;

/* Frames 1..K: G on the batch; labels by connected components (on G's
 * grid, refined to the frames' sites); the next input from the labels'
 * film field (project) or G's raw output. */
static pg_status roll(const rollout_opts *o, rollout_run *r,
                      pg_progress *prog)
{
    size_t hw = (size_t)r->h * (size_t)r->w;
    size_t hwc = (size_t)r->hc * (size_t)r->wc;
    float *x = pg_foam_surrogate_state(r->sur);
    for (int q = 0; q < r->S; q++) {
        int32_t *frame = r->labels + (size_t)q * (size_t)r->T * hw;
        memcpy(frame, r->init->labels + (size_t)q * hw, hw * sizeof *frame);
        pg_foam_surrogate_start(r->sur, q, frame, r->stride,
                                r->phi + (size_t)q * (size_t)r->T * hwc);
    }
    for (int t = 1; t < r->T; t++) {
        PG_CHECK(pg_foam_surrogate_step(r->sur));
        for (int q = 0; q < r->S; q++) {
            size_t f = (size_t)q * (size_t)r->T + (size_t)t;
            float *xq = x + (size_t)q * hwc, *phi = r->phi + f * hwc;
            for (size_t k = 0; k < hwc; k++) phi[k] = 0.5f * (xq[k] + 1.0f);
            pg_foam_surrogate_recover(r->sur, q, phi, PG_FOAM_FIELD_THRESHOLD,
                                      (int)r->min_bubble, r->stride,
                                      o->project, r->labels + f * hw);
        }
        pg_progress_update(prog, t, NULL);
    }
    return PG_OK;
}

static pg_status write_out(const rollout_opts *o, const rollout_run *r)
{
    pg_h5_file *f = NULL;
    char source[512];
    snprintf(source, sizeof source, "physgan rollout %s --init %s --steps %ld",
             o->ckpt, o->init, o->steps);
    size_t dims[4] = {(size_t)r->S, (size_t)r->T, (size_t)r->h, (size_t)r->w};
    size_t phi_dims[4] = {dims[0], dims[1], (size_t)r->hc, (size_t)r->wc};
    size_t tdim = (size_t)r->T;
    double *time = malloc(tdim * sizeof *time);
    if (!time) return PG_FAIL(PG_ERR_NOMEM, "time axis");
    for (int t = 0; t < r->T; t++) time[t] = r->init->time + t * r->step_mcs;
    pg_status st = pg_h5_writer_open(o->out, "foam/1", source, &f);
    if (st == PG_OK)
        st = pg_h5_dataset_write(f, "/labels", PG_H5_I32, 4, dims, r->labels,
                                 "1", 1);
    if (st == PG_OK)
        st = pg_h5_dataset_write(f, "/phi", PG_H5_F32, 4, phi_dims, r->phi,
                                 "1", 1);
    if (st == PG_OK)
        st = pg_h5_dataset_write(f, "/time", PG_H5_F64, 1, &tdim, time, "MCS",
                                 0);
    free(time);
    if (st == PG_OK)
        st = pg_h5_attr_write_string(f, "/", "simulator", "physgan surrogate "
                                     "unet_foam (U-Net on film fields), labels "
                                     "by connected components");
    if (st == PG_OK) st = pg_h5_attr_write_int(f, "/", "surrogate", 1);
    if (st == PG_OK) st = pg_h5_attr_write_string(f, "/", "checkpoint", o->ckpt);
    if (st == PG_OK) st = pg_h5_attr_write_string(f, "/", "init", o->init);
    if (st == PG_OK)
        st = pg_h5_attr_write_int(f, "/", "projected", o->project);
    /* Sites per side of G's grid cell; /phi is on that grid. */
    if (st == PG_OK) st = pg_h5_attr_write_int(f, "/", "coarse", r->stride);
    if (st == PG_OK)
        st = pg_h5_attr_write_int(f, "/", "min_bubble_sites",
                                  (int)r->min_bubble);
    /* The dynamics imitated: the start file's temperature. */
    if (st == PG_OK)
        st = pg_h5_attr_write_double(f, "/", "temperature",
                                     r->init->temperature);
    if (st == PG_OK) st = pg_h5_attr_write_int(f, "/", "size", r->h);
    if (st == PG_OK)
        st = pg_h5_attr_write_double(f, "/", "interval_mcs", r->step_mcs);
    if (st == PG_OK)
        st = pg_h5_attr_write_double(f, "/", "start_mcs", r->init->time);
    if (st == PG_OK) st = pg_h5_writer_commit(&f);
    pg_h5_writer_abort(&f);
    return st;
}

static pg_status run(const rollout_opts *o, rollout_run *r)
{
    PG_CHECK(pg_threads_set((int)o->threads)); /* 1 unless --threads */
    PG_CHECK(pg_foam_init_read(o->init, &r->init));
    r->S = r->init->seqs;
    r->T = (int)o->steps + 1;
    r->h = r->init->h;
    r->w = r->init->w;
    r->stride = (int)o->coarse;
    PG_CHECK(pg_foam_grid_check(r->h, r->w, r->stride, o->init));
    r->hc = r->h / r->stride;
    r->wc = r->w / r->stride;
    PG_CHECK(pg_foam_surrogate_load(o->ckpt, r->S, r->hc, r->wc, &r->sur));
    r->min_bubble = o->min_bubble ? o->min_bubble
                                  : pg_foam_surrogate_min_bubble(r->sur);
    r->step_mcs = pg_foam_surrogate_step_mcs(r->sur) * r->stride * r->stride;
    size_t n = (size_t)r->S * (size_t)r->T * (size_t)r->h * (size_t)r->w;
    size_t nc = n / ((size_t)r->stride * (size_t)r->stride);
    r->labels = malloc(n * sizeof *r->labels);
    r->phi = malloc(nc * sizeof *r->phi);
    if (!r->labels || !r->phi)
        return PG_FAIL(PG_ERR_NOMEM, "rollout of %d x %d frames", r->S, r->T);
    pg_progress *prog = NULL;
    PG_CHECK(pg_progress_create("rollout", o->steps, stderr, 0,
                                PROGRESS_EVERY_S, &prog));
    pg_status st = roll(o, r, prog);
    if (st == PG_OK) pg_progress_finish(prog, NULL);
    pg_progress_destroy(&prog);
    PG_CHECK(st);
    PG_CHECK(write_out(o, r));
    char xmf[4200]; /* the ParaView sidecar, as simulate foam writes */
    PG_CHECK(pg_foam_xdmf_write(o->out, xmf, sizeof xmf));
    int th, tw;
    pg_foam_surrogate_trained_size(r->sur, &th, &tw);
    char grid[96] = "";
    if (r->stride > 1)
        snprintf(grid, sizeof grid, ", G on a %dx%d grid (--coarse %d)",
                 r->hc, r->wc, r->stride);
    printf("rollout: wrote %s and %s (%d sequence(s) x %d frames of %dx%d "
           "(G trained on %dx%d)%s, %ld surrogate steps of %g MCS from t = %g "
           "MCS, film_sigma %g, %s, min_bubble %ld)\n",
           o->out, xmf, r->S, r->T, r->h, r->w, th, tw, grid, o->steps,
           r->step_mcs, r->init->time, pg_foam_surrogate_film_sigma(r->sur),
           o->project ? "inputs projected to film fields of the labels"
                      : "raw outputs fed back",
           r->min_bubble);
    return PG_OK;
}

int pg_cmd_rollout(int argc, char **argv)
{
    rollout_opts o = {.project = 1, .threads = 1, .coarse = 1};
    /* min_bubble 0: the job's */
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    rollout_run r = {0};
    pg_status st = run(&o, &r);
    rc = st == PG_OK ? PG_EXIT_OK : pg_cli_fail(st);
    pg_foam_surrogate_destroy(&r.sur);
    pg_foam_init_free(&r.init);
    free(r.labels);
    free(r.phi);
    return rc;
}
