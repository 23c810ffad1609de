/* physgan simulate foam: 2D dry-foam coarsening sequences by the large-Q
 * Potts model (physics/foam/foam_potts.h) into a foam/1 HDF5 file
 * (physics/foam/io/foam_simulate.h), optionally followed by the validation report
 * (physics/foam/io/foam_report.h). Under mpiexec the sequences are shared among the
 * ranks, or with --decompose each sequence is split into strips over all
 * of them (physics/foam/io/foam_decomp.h); MPI is initialised only when a
 * launcher is detected. */
#include <getopt.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/progress.h"
#include "cli/cli.h"
#include "cli/cmd_simulate.h"
#include "physics/foam/io/foam_decomp.h"
#include "physics/foam/io/foam_init.h"
#include "physics/foam/foam_potts.h"
#include "physics/foam/io/foam_report.h"
#include "physics/foam/io/foam_simulate.h"
#include "io/foam_xdmf.h"

/* Default mean initial bubble area in sites (an 8 x 8 bubble). */
enum { DEFAULT_AREA_SITES = 64 };
static const double DEFAULT_TEMPERATURE_J = 0.5;
/* Seconds between plain progress lines when not on a terminal. */
static const double PROGRESS_EVERY_S = 10.0;

typedef struct foam_cli {
    pg_foam_sim_opts sim;
    const char *out;
    int report, plain;
    double fit_from; /* < 0: the time of frame (T - 1) / 4 */
    const char *init; /* --init FILE.h5:SEQ:FRAME or NULL */
    int temperature_set, sequences_set, fit_from_set;
} foam_cli;

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan simulate foam --out FILE.h5 [options]\n\n"
            "2D dry-foam coarsening by the large-Q Potts model (Glazier-Weaire):\n"
            "a Voronoi start of B bubbles on an N x N periodic lattice, boundary\n"
            "energy J per unlike pair in the 8-site Moore stencil, Metropolis at\n"
            "temperature T. Writes foam/1: /labels int32 (S,T,N,N) bubble ids,\n"
            "/time float64 (T) in Monte Carlo steps (MCS; 1 MCS = one attempted\n"
            "update per site), and its ParaView sidecar FILE.xmf (XDMF). Under\n"
            "mpiexec the S sequences are shared among\n"
            "ranks; the file does not depend on the rank count. With\n"
            "--decompose every sequence is one lattice split into strips\n"
            "over all ranks (its statistics, not its labels, are the\n"
            "serial run's; docs/foam.md).\n\n"
            "options:\n"
            "      --out FILE        output file (required)\n"
            "      --size N          lattice side, even (default 256)\n"
            "      --bubbles B       initial bubbles (default N^2/%d)\n"
            "      --frames T        frames per sequence (default 20)\n"
            "      --interval M      MCS between frames (default 50)\n"
            "      --start M         MCS before the first frame (default 0)\n"
            "      --init FILE.h5:SEQ:FRAME\n"
            "                        start from that frame of a foam/1 file (SEQ an\n"
            "                        index or 'all') instead of a Voronoi start: size\n"
            "                        and temperature are the file's, /time counts on\n"
            "                        from the frame's time (the reference for\n"
            "                        `physgan eval foam` of a rollout)\n"
            "      --sequences S     independent sequences (default 1)\n"
            "      --temperature T   k_B T in units of J (default %g)\n"
            "      --seed X          random seed (default 1)\n"
            "      --proposal R      the Metropolis proposal rule: stencil (default:\n"
            "                        the id of one of the 8 stencil sites, in\n"
            "                        checkerboard sweeps) or neighonly (SPPARKS\n"
            "                        potts/neighonly: one of the distinct unlike\n"
            "                        neighbour ids, sites in random order; its\n"
            "                        MCS are the Potts literature's, docs/foam.md)\n"
            "      --sweep W         visiting order: checkerboard (2x2 sublattices\n"
            "                        in turn) or random (N^2 sites drawn with\n"
            "                        replacement per MCS, SPPARKS `sweep random`);\n"
            "                        default: random with neighonly, else\n"
            "                        checkerboard\n"
            "      --decompose       run each sequence on all ranks together (strips\n"
            "                        with halo exchange; one large foam across ranks)\n"
            "                        instead of one sequence per rank\n"
            "      --slices K        with --decompose and random order: sector\n"
            "                        rounds per MCS (default %d; docs/foam.md)\n"
            "      --gzip L          compression of /labels, 0..9 (default 1)\n"
            "      --report          print the validation tables (growth of the\n"
            "                        mean area, <n>, von Neumann fit)\n"
            "      --fit-from M      fit over frames at t >= M MCS (default:\n"
            "                        the time of frame (T-1)/4)\n"
            "      --plain           plain progress lines even on a terminal\n"
            "  -h, --help            this help\n",
            DEFAULT_AREA_SITES, DEFAULT_TEMPERATURE_J, PG_FOAM_DECOMP_SLICES);
}

/* 0 when a name parsed (st PG_OK), else -1 after a usage error. */
static int named_choice(const char *cmd, pg_status st, const char *opt,
                        const char *s, const char *expected)
{
    if (st == PG_OK) return 0;
    pg_error_clear();
    pg_cli_usage_error(cmd, "%s '%s': expected %s", opt, s, expected);
    return -1;
}

int pg_cli_parse_proposal(const char *cmd, const char *s,
                          pg_foam_proposal *out)
{
    return named_choice(cmd, pg_foam_proposal_parse(s, out), "--proposal", s,
                        "stencil (default: a random stencil site's id, "
                        "checkerboard sweeps) or neighonly (SPPARKS "
                        "potts/neighonly)");
}

int pg_cli_parse_sweep(const char *cmd, const char *s, pg_foam_sweep *out)
{
    return named_choice(cmd, pg_foam_sweep_parse(s, out), "--sweep", s,
                        "checkerboard (2x2 sublattices in turn) or random "
                        "(N^2 sites drawn with replacement per MCS)");
}

/* Returns -1 after --help, an exit code on error, else 0. */
static int parse(int argc, char **argv, foam_cli *c)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"size", required_argument, NULL, 'n'},
        {"bubbles", required_argument, NULL, 'b'},
        {"init", required_argument, NULL, 'I'},
        {"frames", required_argument, NULL, 'f'},
        {"interval", required_argument, NULL, 'i'},
        {"start", required_argument, NULL, 'a'},
        {"sequences", required_argument, NULL, 'S'},
        {"temperature", required_argument, NULL, 'T'},
        {"seed", required_argument, NULL, 's'},
        {"proposal", required_argument, NULL, 'R'},
        {"sweep", required_argument, NULL, 'W'},
        {"gzip", required_argument, NULL, 'z'},
        {"decompose", no_argument, NULL, 'D'},
        {"slices", required_argument, NULL, 'K'},
        {"report", no_argument, NULL, 'r'},
        {"fit-from", required_argument, NULL, 'F'},
        {"plain", no_argument, NULL, 'p'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *cmd = "simulate foam";
    long size = 256, bubbles = 0, frames = 20, seqs = 1, seed = 1, gz = 1;
    long interval = 50, start = 0, slices = PG_FOAM_DECOMP_SLICES;
    int ch, bad = 0, sweep_set = 0;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'o': c->out = optarg; break;
        case 'n': bad = pg_cli_parse_long(cmd, "--size", optarg, 4, 32768, &size); break;
        case 'b': bad = pg_cli_parse_long(cmd, "--bubbles", optarg, 1, 1L << 30, &bubbles); break;
        case 'f': bad = pg_cli_parse_long(cmd, "--frames", optarg, 1, 1000000, &frames); break;
        case 'i': bad = pg_cli_parse_long(cmd, "--interval", optarg, 1, 1L << 40, &interval); break;
        case 'a': bad = pg_cli_parse_long(cmd, "--start", optarg, 0, 1L << 40, &start); break;
        case 'S': bad = pg_cli_parse_long(cmd, "--sequences", optarg, 1, 1000000, &seqs); c->sequences_set = 1; break;
        case 'T': bad = pg_cli_parse_double(cmd, "--temperature", optarg, 0, 1e6, &c->sim.temperature); c->temperature_set = 1; break;
        case 's': bad = pg_cli_parse_long(cmd, "--seed", optarg, 0, 1L << 40, &seed); break;
        case 'R': bad = pg_cli_parse_proposal(cmd, optarg, &c->sim.proposal); break;
        case 'W': bad = pg_cli_parse_sweep(cmd, optarg, &c->sim.sweep); sweep_set = 1; break;
        case 'z': bad = pg_cli_parse_long(cmd, "--gzip", optarg, 0, 9, &gz); break;
        case 'D': c->sim.decompose = 1; break;
        case 'K': bad = pg_cli_parse_long(cmd, "--slices", optarg, 1, 1 << 20, &slices); break;
        case 'r': c->report = 1; break;
        case 'I': c->init = optarg; break;
        case 'F': bad = pg_cli_parse_double(cmd, "--fit-from", optarg, 0, 1e15, &c->fit_from); c->fit_from_set = 1; break;
        case 'p': c->plain = 1; break;
        case 'h': usage(stdout); return -1;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind < argc)
        return pg_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (!c->out) return pg_cli_usage_error(cmd, "--out FILE.h5 is required");
    if (!sweep_set) c->sim.sweep = pg_foam_sweep_default(c->sim.proposal);
    if (size % 2) return pg_cli_usage_error(cmd, "--size %ld: must be even", size);
    if (!bubbles) bubbles = size * size / DEFAULT_AREA_SITES;
    if (bubbles < 1 || bubbles > size * size)
        return pg_cli_usage_error(cmd, "--bubbles %ld: must be in [1, N^2 = %ld]",
                                  bubbles, size * size);
    if (c->report && frames < 3)
        return pg_cli_usage_error(cmd, "--report needs --frames >= 3");
    c->sim.size = (int)size;
    c->sim.bubbles = (int)bubbles;
    c->sim.frames = (int)frames;
    c->sim.sequences = (int)seqs;
    c->sim.interval = interval;
    c->sim.start = start;
    c->sim.seed = (uint64_t)seed;
    c->sim.gzip = (int)gz;
    c->sim.slices = (int)slices;
    if (c->fit_from < 0) c->fit_from = (double)(start + (frames - 1) / 4 * interval);
    return 0;
}

static pg_status run(void *ctx, MPI_Comm comm, int rank, int ranks)
{
    const foam_cli *c = ctx;
    pg_progress *prog = NULL;
    long total = pg_foam_simulate_progress_total(&c->sim, ranks);
    if (rank == 0 && total > 0)
        PG_CHECK(pg_progress_create("simulate foam", total, stderr, c->plain,
                                    PROGRESS_EVERY_S, &prog));
    pg_status st = pg_foam_simulate_write(&c->sim, comm, c->out, prog);
    if (prog) {
        if (st == PG_OK) pg_progress_finish(prog, NULL);
        pg_progress_destroy(&prog);
    }
    PG_CHECK(st);
    if (rank != 0) return PG_OK;
    /* The ParaView sidecar (rank 0 alone: the file is complete here). */
    char xmf[4200];
    PG_CHECK(pg_foam_xdmf_write(c->out, xmf, sizeof xmf));
    printf("simulate foam: wrote %s and %s (%d sequence(s) x %d frames of "
           "%dx%d, %d bubbles at t = 0, T = %g J, proposal %s, %s sweeps, "
           "%d rank(s)%s)\n", c->out, xmf, c->sim.sequences, c->sim.frames,
           c->sim.size, c->sim.size, c->sim.bubbles, c->sim.temperature,
           pg_foam_proposal_name(c->sim.proposal),
           pg_foam_sweep_name(c->sim.sweep), ranks,
           c->sim.decompose ? ", each sequence decomposed over them" : "");
    if (!c->report) return PG_OK;
    pg_foam_validation r;
    PG_CHECK(pg_foam_validation_file(c->out, c->fit_from,
                                     PG_FOAM_ANALYSIS_SAME_N, &r));
    pg_foam_report_print(&r, stdout);
    pg_foam_validation_free(&r);
    return PG_OK;
}

/* --init: the start frame(s) fix the lattice, the temperature (unless
 * given), the sequence count for SEQ = all (unless given) and the time
 * origin. */
static pg_status apply_init(foam_cli *c, pg_foam_init **out)
{
    pg_foam_init *in;
    PG_CHECK(pg_foam_init_read(c->init, &in));
    *out = in;
    if (in->h != in->w || in->h % 2)
        return PG_FAIL(PG_ERR_ARG, "--init '%s': %dx%d frames; the Potts "
                       "lattice is square with an even side", c->init, in->h,
                       in->w);
    PG_CHECK(pg_foam_init_bubbles(in, &c->sim.bubbles));
    c->sim.size = in->h;
    if (!c->temperature_set) c->sim.temperature = in->temperature;
    if (!c->sequences_set) c->sim.sequences = in->seqs;
    if (!c->fit_from_set) c->fit_from += in->time;
    c->sim.init = in;
    return PG_OK;
}

/* argv[0] is "foam". */
int pg_cmd_simulate_foam(int argc, char **argv)
{
    foam_cli c = {.sim.temperature = DEFAULT_TEMPERATURE_J, .fit_from = -1};
    int rc = parse(argc, argv, &c);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    pg_foam_init *init = NULL;
    if (c.init) {
        pg_status st = apply_init(&c, &init);
        if (st != PG_OK) {
            pg_foam_init_free(&init);
            return pg_cli_fail(st);
        }
    }
    rc = pg_cli_run_mpi(run, &c);
    pg_foam_init_free(&init);
    return rc;
}
