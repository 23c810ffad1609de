/* physgan rollout CKPT --init FILE.h5:SEQ:FRAME --steps K --out ROLL.h5:
 * the foam surrogate (unet_foam checkpoint) applied autoregressively from
 * a frame of a foam/1 file, written as a foam/1 file that `physgan eval
 * foam ROLL.h5 REFERENCE.h5` compares with the simulator run from the
 * same frame (`physgan simulate foam --init ...`; docs/foam.md,
 * "Rollout"). All sequences of --init FILE:all:FRAME go through G as one
 * batch. */
#include <getopt.h>
#include <stdio.h>

#include "base/progress.h"
#include "base/threads.h"
#include "cli/cli.h"
#include "io/foam_xdmf.h"
#include "physics/foam/foam_grid.h"
#include "train/rollout.h"

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

static pg_status run(const rollout_opts *o, pg_rollout **rp)
{
    PG_CHECK(pg_threads_set((int)o->threads)); /* 1 unless --threads */
    pg_rollout_opts ro = {.ckpt = o->ckpt, .init = o->init, .steps = o->steps,
                          .min_bubble = o->min_bubble,
                          .coarse = (int)o->coarse, .project = o->project};
    PG_CHECK(pg_rollout_create(&ro, rp));
    pg_rollout *r = *rp;
    pg_progress *prog = NULL;
    PG_CHECK(pg_progress_create("rollout", o->steps, stderr, 0,
                                PROGRESS_EVERY_S, &prog));
    pg_status st = pg_rollout_run(r, prog);
    if (st == PG_OK) pg_progress_finish(prog, NULL);
    pg_progress_destroy(&prog);
    PG_CHECK(st);
    PG_CHECK(pg_rollout_write(r, o->out));
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
    pg_rollout *r = NULL;
    pg_status st = run(&o, &r);
    rc = st == PG_OK ? PG_EXIT_OK : pg_cli_fail(st);
    pg_rollout_destroy(&r);
    return rc;
}
