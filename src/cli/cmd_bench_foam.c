/* physgan bench foam: speed of the Potts foam simulator, then (one process
 * only) the surrogate side: simulator and foam surrogate over the same
 * physical time from the same start frames, and their ratio `speedup`.
 * The measurements are train/bench_foam.h's; here options and printing. */
#include <getopt.h>
#include <math.h>
#include <mpi.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/cmd_bench_foam_pareto.h"
#include "cli/cmd_simulate.h"
#include "physics/foam/foam_grid.h"
#include "physics/foam/io/foam_decomp.h"
#include "train/bench_foam.h"

/* Default mean initial bubble area, in sites (an 8 x 8 bubble). */
enum { DEFAULT_AREA_SITES = 64 };
static const double DEFAULT_TEMPERATURE_J = 0.5;

typedef struct foam_bench_opts {
    long size, bubbles, mcs, seed;
    double temperature;
    pg_foam_proposal proposal;
    pg_foam_sweep sweep;
    int json, surrogate, sweep_set, pareto, strides_set;
    long floor_coarse; /* --floor-coarse; 0: --coarse's */
    long vote_iters;   /* --vote-iters; 0: not given (1) */
    int decompose;
    long slices;
    pg_bench_surrogate_opts sur;
    pg_cli_pareto par;
} foam_bench_opts;

static void print_surrogate(const foam_bench_opts *o,
                            const pg_bench_surrogate_result *s)
{
    const pg_bench_surrogate_opts *b = &o->sur;
    if (o->json) {
        printf(", \"surrogate\": {\"source\": \"");
        for (const char *c = s->source; *c; c++)
            printf(*c == '"' || *c == '\\' ? "\\%c" : "%c", *c);
        printf("\", \"params\": %zu, \"step_mcs\": %g, \"steps\": %ld, "
               "\"sequences\": %ld, \"start_mcs\": %ld, \"mcs\": %g, "
               "\"projected\": %s, \"coarse\": %ld, \"threads\": 1, "
               "\"simulator_seconds\": %.6g, \"simulator_cpu_seconds\": %.6g, "
               "\"surrogate_seconds\": %.6g, \"surrogate_cpu_seconds\": %.6g, "
               "\"forward_seconds\": %.6g, \"forward_cpu_seconds\": %.6g, "
               "\"speedup_forward_only\": %.4g, "
               "\"speedup_cpu\": %.4g}, \"speedup\": %.4g", s->params,
               s->step_mcs, b->steps, b->batch, b->start, s->mcs,
               b->project ? "true" : "false", b->coarse, s->sim_seconds,
               s->sim_cpu_seconds, s->sur_seconds, s->sur_cpu_seconds,
               s->forward_seconds, s->forward_cpu_seconds, s->speedup_forward,
               s->speedup_cpu,
               s->speedup);
        return;
    }
    printf("surrogate vs simulator, same start frames (Voronoi + %ld MCS), "
           "%ldx%ld, 1 thread each:\n", b->start, o->size, o->size);
    printf("  surrogate           %s, %zu parameters\n", s->source, s->params);
    printf("  physical time       %ld steps x %g MCS = %g MCS, %ld sequence(s)"
           "%s\n", b->steps, s->step_mcs, s->mcs, b->batch,
           b->batch > 1 ? " (one batch through G)" : "");
    if (b->coarse > 1)
        printf("  coarse grid         G on %ldx%ld (--coarse %ld: each step "
               "S^2 x the trained step), outputs refined to %ldx%ld\n",
               o->size / b->coarse, o->size / b->coarse, b->coarse, o->size,
               o->size);
    printf("  simulator           %.4f s (%.4f CPU s)\n", s->sim_seconds,
           s->sim_cpu_seconds);
    printf("  surrogate rollout   %.4f s (%.4f CPU s): G, labels by connected "
           "components%s%s\n", s->sur_seconds, s->sur_cpu_seconds,
           b->coarse > 1 ? ", refined labels" : "",
           b->project ? ", projection" : "");
    printf("  G forward alone     %.4f s (%.4f CPU s)\n", s->forward_seconds,
           s->forward_cpu_seconds);
    printf("  speedup             %.3g  (simulator s / surrogate rollout s; "
           "G alone: %.3g; in CPU seconds: %.3g)\n", s->speedup,
           s->speedup_forward, s->speedup_cpu);
}

static void print_result(const foam_bench_opts *o, const pg_bench_foam_sim_result *r,
                         int ranks)
{
    double frac = (double)r->boundary_attempts / (double)r->site_attempts;
    if (o->json) {
        printf("{\"bench\": \"foam\", \"size\": %ld, \"bubbles\": %ld, "
               "\"mcs\": %ld, \"temperature\": %g, \"proposal\": \"%s\", "
               "\"sweep\": \"%s\", \"ranks\": %d, "
               "\"seconds\": %.4f, \"cpu_seconds\": %.4f, "
               "\"site_updates_per_s\": %.6g, \"site_updates_per_cpu_s\": %.6g, "
               "\"boundary_attempts_per_s\": %.6g, "
               "\"boundary_fraction\": %.4f, \"bubbles_start\": %ld, "
               "\"bubbles_end\": %ld, \"flips\": %lld",
               o->size, o->bubbles, o->mcs, o->temperature,
               pg_foam_proposal_name(o->proposal),
               pg_foam_sweep_name(o->sweep), ranks, r->seconds,
               r->cpu_seconds, r->site_rate, r->site_rate_cpu, r->boundary_rate,
               frac, r->bubbles_start, r->bubbles_end, r->flips);
        if (o->decompose)
            printf(", \"decomposed\": true, \"slices\": %ld, "
                   "\"strip_rows\": %d, \"halo_bytes_per_mcs\": %.6g, "
                   "\"halo_seconds\": %.4f", o->slices, r->strip_rows,
                   r->halo_bytes_per_mcs, r->halo_seconds);
        return;
    }
    printf("bench foam: %ldx%ld Potts lattice, %ld bubbles, T = %g J, %ld MCS, "
           "proposal %s, %s sweeps, %d rank(s)\n", o->size, o->size,
           o->bubbles, o->temperature, o->mcs,
           pg_foam_proposal_name(o->proposal), pg_foam_sweep_name(o->sweep),
           ranks);
    printf("  site updates/s      %.4g  (MCS x N^2 / s, all ranks)\n",
           r->site_rate);
    printf("  site updates/CPU-s  %.4g  (per CPU second of the ranks)\n",
           r->site_rate_cpu);
    printf("  boundary attempts/s %.4g  (%.1f %% of site attempts visited)\n",
           r->boundary_rate, 100 * frac);
    printf("  bubbles             %ld -> %ld  (rank 0)\n", r->bubbles_start,
           r->bubbles_end);
    printf("  seconds             %.3f wall (slowest rank), %.3f CPU (all)\n",
           r->seconds, r->cpu_seconds);
    if (o->decompose)
        printf("  decomposition       one lattice in strips over %d rank(s), "
               "%d rows on rank 0; halo %.4g bytes sent per rank per MCS, "
               "%.3f s in halo exchanges (slowest rank)%s\n", ranks,
               r->strip_rows, r->halo_bytes_per_mcs, r->halo_seconds,
               o->sweep == PG_FOAM_SWEEP_RANDOM ? "; sector rounds per MCS "
               "as --slices" : "");
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan bench foam [options]\n\n"
            "Times M Monte Carlo steps of the Potts foam simulator from a\n"
            "Voronoi start and prints attempted site updates per second\n"
            "(MCS x N^2 / seconds, as SPPARKS counts them), the rate of\n"
            "attempts on boundary sites (the work actually done) and the\n"
            "bubble count before and after. Under mpiexec each rank runs\n"
            "its own lattice; rates are summed over ranks.\n\n"
            "options:\n"
            "      --size N          lattice side (default 256)\n"
            "      --bubbles B       initial bubbles (default N^2/%d)\n"
            "      --mcs M           timed Monte Carlo steps (default 1000)\n"
            "      --temperature T   k_B T in units of J (default %g)\n"
            "      --seed S          random seed (default 1)\n"
            "      --proposal R      stencil (default) or neighonly (SPPARKS\n"
            "                        potts/neighonly), as simulate foam; the\n"
            "                        surrogate side's simulator keeps stencil\n"
            "      --sweep W         checkerboard or random, as simulate foam\n"
            "      --decompose       one lattice in strips over all ranks (as\n"
            "                        simulate foam --decompose): strong and weak\n"
            "                        scaling; no surrogate side\n"
            "      --slices K        sector rounds per MCS with --decompose and\n"
            "                        random order (default %d)\n"
            "      --json            print one JSON object\n\n"
            "surrogate side (one process; skipped under mpiexec): the simulator\n"
            "and the foam surrogate advance B sequences over the same physical\n"
            "time (K steps x the surrogate's step) from the same start frames\n"
            "(Voronoi + S MCS, untimed) at the same size, one thread each;\n"
            "speedup = simulator seconds / surrogate rollout seconds (G, labels\n"
            "by connected components, projection: as physgan rollout):\n"
            "      --checkpoint CKPT unet_foam checkpoint (its step and size)\n"
            "      --job JOB.ini     without a checkpoint: a freshly initialised\n"
            "                        unet_foam of this job's [model] (default:\n"
            "                        the job schema's [model] defaults)\n"
            "      --step-mcs M      MCS per step of a fresh G (default 20)\n"
            "      --steps K         surrogate steps (default 20)\n"
            "      --batch B         sequences, one batch through G (default 1)\n"
            "      --start S         untimed MCS before the start frame (default 200)\n"
            "      --no-project      as physgan rollout --no-project\n"
            "      --coarse S        as physgan rollout --coarse S: G on a grid S\n"
            "                        times coarser, steps of S^2 x its step,\n"
            "                        labels refined to the N x N frames\n"
            "      --no-surrogate    the simulator alone\n\n"
            "cost against error (--pareto, one process): from the --init frames\n"
            "the full simulator (--steps K of --step-mcs M) and the coarse-grained\n"
            "simulator (labels block-coarsened S times, M / S^2 MCS per step,\n"
            "frames refined by the B-spline vote of rollout --coarse); each one's\n"
            "seconds and errors against the full simulator: count, mean area,\n"
            "area KS; growth exponent, first-step bubble loss, von Neumann slope\n"
            "and r, mean |angle - 120| (docs/foam.md, \"Cost against error\"):\n"
            "      --pareto          this mode\n"
            "      --init FILE.h5:SEQ:FRAME  start frames (required; SEQ or all)\n"
            "      --pareto-strides L  coarse strides (default 2,4,8)\n"
            "      --pareto-dir DIR  keep the frames of each way there as foam/1\n"
            "                        (default: a temporary directory, removed)\n"
            "      --checkpoint CKPT with --pareto: one more way, the surrogate's\n"
            "                        rollout (--coarse S as rollout; its step,\n"
            "                        trained step x S^2, must be --step-mcs)\n"
            "      --label-floor L   with --pareto: one more way per odd window K\n"
            "                        in L (e.g. 3,5,7), the label-choice floor:\n"
            "                        each coarse site takes the full simulator's\n"
            "                        next label where it is in its K x K window\n"
            "                        (reads the answer: a floor, not a method)\n"
            "      --label-vote L    with --pareto: one more way per width s in L\n"
            "                        (coarse sites), the Gaussian label vote: each\n"
            "                        coarse site takes the label of largest\n"
            "                        Gaussian-weighted count around it (threshold\n"
            "                        dynamics; needs no answer)\n"
            "      --vote-iters M    votes per step (default 1)\n"
            "      --floor-coarse C  the floors' and votes' grid, C times coarser\n"
            "                        (default: --coarse)\n"
            "  -h, --help            this help\n",
            DEFAULT_AREA_SITES, DEFAULT_TEMPERATURE_J, PG_FOAM_DECOMP_SLICES);
}

static int parse(int argc, char **argv, foam_bench_opts *o)
{
    static const struct option opts[] = {
        {"size", required_argument, NULL, 'n'},
        {"bubbles", required_argument, NULL, 'b'},
        {"mcs", required_argument, NULL, 'm'},
        {"temperature", required_argument, NULL, 'T'},
        {"seed", required_argument, NULL, 's'},
        {"proposal", required_argument, NULL, 'R'},
        {"sweep", required_argument, NULL, 'W'},
        {"json", no_argument, NULL, 'j'},
        {"decompose", no_argument, NULL, 'E'},
        {"slices", required_argument, NULL, 'K'},
        {"checkpoint", required_argument, NULL, 'c'},
        {"job", required_argument, NULL, 'J'},
        {"step-mcs", required_argument, NULL, 'M'},
        {"steps", required_argument, NULL, 'k'},
        {"batch", required_argument, NULL, 'B'},
        {"start", required_argument, NULL, 'S'},
        {"no-project", no_argument, NULL, 'P'},
        {"coarse", required_argument, NULL, 'C'},
        {"no-surrogate", no_argument, NULL, 'N'},
        {"pareto", no_argument, NULL, 'X'},
        {"init", required_argument, NULL, 'I'},
        {"pareto-strides", required_argument, NULL, 'L'},
        {"pareto-dir", required_argument, NULL, 'D'},
        {"label-floor", required_argument, NULL, 'F'},
        {"floor-coarse", required_argument, NULL, 'G'},
        {"label-vote", required_argument, NULL, 'V'},
        {"vote-iters", required_argument, NULL, 'Q'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *cmd = "bench foam";
    int c, bad = 0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'n': bad = pg_cli_parse_long(cmd, "--size", optarg, 4, 32768, &o->size); break;
        case 'b': bad = pg_cli_parse_long(cmd, "--bubbles", optarg, 1, 1L << 30, &o->bubbles); break;
        case 'm': bad = pg_cli_parse_long(cmd, "--mcs", optarg, 1, 100000000, &o->mcs); break;
        case 'T': bad = pg_cli_parse_double(cmd, "--temperature", optarg, 0, 1e6, &o->temperature); o->par.temperature = o->temperature; break;
        case 's': bad = pg_cli_parse_long(cmd, "--seed", optarg, 0, 1L << 40, &o->seed); break;
        case 'R': bad = pg_cli_parse_proposal(cmd, optarg, &o->proposal); break;
        case 'W': bad = pg_cli_parse_sweep(cmd, optarg, &o->sweep); o->sweep_set = 1; break;
        case 'j': o->json = 1; break;
        case 'E': o->decompose = 1; o->surrogate = 0; break;
        case 'K': bad = pg_cli_parse_long(cmd, "--slices", optarg, 1, 1 << 20, &o->slices); break;
        case 'c': o->sur.checkpoint = optarg; break;
        case 'J': o->sur.job = optarg; break;
        case 'M': bad = pg_cli_parse_double(cmd, "--step-mcs", optarg, 1, 1e9, &o->sur.step_mcs); break;
        case 'k': bad = pg_cli_parse_long(cmd, "--steps", optarg, 1, 1000000, &o->sur.steps); break;
        case 'B': bad = pg_cli_parse_long(cmd, "--batch", optarg, 1, 4096, &o->sur.batch); break;
        case 'S': bad = pg_cli_parse_long(cmd, "--start", optarg, 0, 100000000, &o->sur.start); break;
        case 'P': o->sur.project = 0; break;
        case 'C': bad = pg_cli_parse_long(cmd, "--coarse", optarg, 1, PG_FOAM_GRID_STRIDE_MAX, &o->sur.coarse); break;
        case 'N': o->surrogate = 0; break;
        case 'X': o->pareto = 1; break;
        case 'I': o->par.init = optarg; break;
        case 'L': bad = pg_cli_parse_strides(cmd, optarg, &o->par.o); o->strides_set = 1; break;
        case 'D': o->par.dir = optarg; break;
        case 'F': bad = pg_cli_parse_floor_windows(cmd, optarg, &o->par.o); break;
        case 'V': bad = pg_cli_parse_vote_sigmas(cmd, optarg, &o->par.o); break;
        case 'Q': bad = pg_cli_parse_long(cmd, "--vote-iters", optarg, 1, 1000, &o->vote_iters); break;
        case 'G': bad = pg_cli_parse_long(cmd, "--floor-coarse", optarg, 1, PG_FOAM_GRID_STRIDE_MAX, &o->floor_coarse); break;
        case 'h': usage(stdout); return -1;
        default: pg_cli_usage_error(cmd, "bad option"); return PG_EXIT_USAGE;
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind < argc)
        return pg_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (o->size % 2)
        return pg_cli_usage_error(cmd, "--size %ld: must be even", o->size);
    if (!o->sweep_set) o->sweep = pg_foam_sweep_default(o->proposal);
    if (o->pareto) {
        if (!o->par.init)
            return pg_cli_usage_error(cmd, "--pareto needs --init FILE.h5:SEQ:FRAME");
        if (o->sur.step_mcs != floor(o->sur.step_mcs))
            return pg_cli_usage_error(cmd, "--pareto: --step-mcs %g must be a "
                                      "whole number of MCS", o->sur.step_mcs);
        o->par.json = o->json;
        o->par.o.steps = (int)o->sur.steps;
        o->par.o.step_mcs = (long)o->sur.step_mcs;
        o->par.o.seed = (uint64_t)o->seed;
        o->par.o.proposal = o->proposal;
        o->par.o.sweep = o->sweep;
        o->par.ckpt = o->sur.checkpoint;
        o->par.coarse = (int)o->sur.coarse;
        o->par.o.floor_stride = (int)(o->floor_coarse ? o->floor_coarse : o->sur.coarse);
        o->par.o.vote_iters = (int)(o->vote_iters ? o->vote_iters : 1);
        if (o->floor_coarse && !o->par.o.n_floors && !o->par.o.n_votes)
            return pg_cli_usage_error(cmd, "--floor-coarse goes with "
                                      "--label-floor or --label-vote");
        if (o->vote_iters && !o->par.o.n_votes)
            return pg_cli_usage_error(cmd, "--vote-iters goes with --label-vote");
        if (o->sur.job)
            return pg_cli_usage_error(cmd, "--pareto takes a trained "
                                      "--checkpoint, not --job");
    } else if (o->par.init || o->par.dir || o->strides_set ||
               o->par.o.n_floors || o->floor_coarse || o->par.o.n_votes ||
               o->vote_iters) {
        return pg_cli_usage_error(cmd, "--init, --pareto-strides, "
                                  "--pareto-dir, --label-floor, --label-vote, "
                                  "--vote-iters and --floor-coarse go with "
                                  "--pareto");
    }
    if (!o->bubbles) o->bubbles = o->size * o->size / DEFAULT_AREA_SITES;
    if (o->sur.checkpoint && o->sur.job)
        return pg_cli_usage_error(cmd, "--checkpoint and --job: give one (a "
                                  "checkpoint has its own [model])");
    if (o->bubbles < 1 || o->bubbles > o->size * o->size)
        return pg_cli_usage_error(cmd, "--bubbles %ld: must be in [1, N^2]",
                                  o->bubbles);
    return 0;
}

/* argv[0] is "foam". */
int pg_cmd_bench_foam(int argc, char **argv)
{
    foam_bench_opts o = {.size = 256, .mcs = 1000, .seed = 1,
                         .slices = PG_FOAM_DECOMP_SLICES,
                         .temperature = DEFAULT_TEMPERATURE_J, .surrogate = 1,
                         .sur = {.steps = 20, .batch = 1, .start = 200,
                                 .step_mcs = 20, .project = 1, .coarse = 1},
                         .par = {.temperature = -1,
                                 .o = {.strides = {2, 4, 8}, .n_strides = 3}}};
    int rc = parse(argc, argv, &o);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    if (o.pareto) return pg_cmd_bench_foam_pareto(&o.par);
    o.sur.size = o.size;
    o.sur.bubbles = o.bubbles;
    o.sur.seed = o.seed;
    o.sur.temperature = o.temperature;
    int mpi = pg_cli_under_mpi_launcher(), rank = 0, ranks = 1;
    MPI_Comm comm = MPI_COMM_NULL;
    if (mpi) {
        MPI_Init(NULL, NULL);
        MPI_Comm_dup(MPI_COMM_WORLD, &comm);
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &ranks);
    }
    pg_bench_foam_sim_result r = {0};
    pg_bench_foam_sim_opts so = {.size = o.size, .bubbles = o.bubbles,
                                 .mcs = o.mcs, .seed = o.seed,
                                 .temperature = o.temperature,
                                 .proposal = o.proposal, .sweep = o.sweep};
    if (mpi) MPI_Barrier(comm);
    pg_status s = o.decompose
        ? pg_bench_foam_decomposed(&so, (int)o.slices, comm, &r)
        : pg_bench_foam_simulator(&so, rank, &r);
    rc = s == PG_OK ? PG_EXIT_OK : (rank == 0 ? pg_cli_fail(s) : PG_EXIT_FAILURE);
    if (mpi && ranks > 1 && !o.decompose) {
        if (rc != PG_EXIT_OK) MPI_Abort(comm, rc);
        pg_bench_foam_simulator_reduce(&r, comm);
    }
    pg_bench_surrogate_result sr;
    int with_sur = o.surrogate && ranks == 1 && rc == PG_EXIT_OK;
    if (with_sur) {
        s = pg_bench_foam_surrogate(&o.sur, &sr);
        if (s != PG_OK) rc = pg_cli_fail(s);
    }
    if (rc == PG_EXIT_OK && rank == 0) {
        print_result(&o, &r, ranks);
        if (with_sur) print_surrogate(&o, &sr);
        else if (o.surrogate)
            printf(o.json ? ", \"speedup\": null" : "surrogate side: skipped "
                   "under mpiexec (one process measures it)\n");
        if (o.json) printf("}\n");
    }
    if (mpi) {
        MPI_Comm_free(&comm);
        MPI_Finalize();
    }
    return rc;
}
