/* physgan simulate crystal: the relaxed, substituted training set of the
 * crystal domain (physics/crystal/io/crystal_simulate.h) into a crystal/1
 * file. Under mpiexec the candidates are shared among the ranks; --shard
 * i/n takes one part of them for a job array (joined by `physgan merge`).
 * MPI is initialised only when a launcher is detected. */
#include <getopt.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/progress.h"
#include "cli/cli.h"
#include "cli/cmd_simulate.h"
#include "physics/crystal/io/crystal_simulate.h"

/* Seconds between plain progress lines when not on a terminal. */
static const double PROGRESS_EVERY_S = 10.0;

static void usage(FILE *f, const pg_crystal_sim_opts *d)
{
    fprintf(f,
            "usage: physgan simulate crystal --prototypes P.h5 --out FILE.h5 "
            "[options]\n\n"
            "A training set of ionic crystals (docs/crystals.md): the usable\n"
            "structures of P.h5 (crystal/1 from `physgan import cif`, one per\n"
            "formula and space group) are prototypes; candidate k takes\n"
            "prototype k mod P, replaces each of its ions (element, oxidation\n"
            "state) by one of the same charge sign whose Shannon radius is\n"
            "within the tolerance (Li+/Na+ first on the lowest-charge cation\n"
            "site with probability --alkali), keeps it charge-neutral, scales\n"
            "the lattice, and relaxes positions and lattice scale in the Ewald\n"
            "+ Born-Mayer force field (GSL BFGS). Accepted structures (converged,\n"
            "bound, no atoms closer than --min-dist) are written with energies,\n"
            "residual forces, spglib space groups, the GII and the conductivity\n"
            "PROXY (with Li or Na) as crystal/1 padded to --max-atoms. Under\n"
            "mpiexec the candidates are shared among ranks; the file does not\n"
            "depend on the rank count.\n\n"
            "options:\n"
            "      --prototypes F    crystal/1 file of real structures (required)\n"
            "      --out FILE        output file (required)\n"
            "      --candidates N    candidates over all shards (default %ld)\n"
            "      --shard I/N       candidates of shard I of N (0 <= I < N), for\n"
            "                        job arrays; join the files with physgan merge\n"
            "      --max-atoms A     atoms per cell at most, and the padding (%d)\n"
            "      --seed X          random seed (default %llu)\n"
            "      --radius-tol T    relative Shannon radius mismatch (%g)\n"
            "      --keep P          probability an ion is kept (%g)\n"
            "      --alkali P        probability of Li/Na on the alkali site (%g)\n"
            "      --split P         probability of splitting one ion's sites\n"
            "                        in two groups drawn apart (%g)\n"
            "      --jitter J        relative random lattice scaling (%g)\n"
            "      --force-tol F     converged below this force, eV/A (%g)\n"
            "      --pressure-tol P  ... and this |pressure|, GPa (%g)\n"
            "      --max-iter N      BFGS iterations (%d)\n"
            "      --min-dist D      closest atoms allowed, A (%g)\n"
            "      --overlap F       closest cation-anion pair allowed, as a\n"
            "                        fraction of the sum of their radii (%g)\n"
            "      --symprec S       spglib tolerance, A (%g)\n"
            "      --proxy-spacing H proxy grid spacing, A; 0: no proxy (%g)\n"
            "      --json            print the summary as one JSON object\n"
            "      --plain           plain progress lines even on a terminal\n"
            "  -h, --help            this help\n",
            d->candidates, d->max_atoms, (unsigned long long)d->seed,
            d->subst.radius_tol, d->subst.keep, d->subst.alkali, d->subst.split,
            d->subst.jitter, d->relax.force_tol, d->relax.pressure_tol,
            d->relax.max_iter, d->min_dist, d->overlap, d->symprec, d->proxy_spacing);
}

typedef struct crystal_cli {
    pg_crystal_sim_opts o;
    const char *out;
    int json, plain;
} crystal_cli;

/* Returns -1 after --help, an exit code on error, else 0. */
static int parse(int argc, char **argv, crystal_cli *c)
{
    static const struct option opts[] = {
        {"prototypes", required_argument, NULL, 'P'},
        {"out", required_argument, NULL, 'o'},
        {"candidates", required_argument, NULL, 'n'},
        {"shard", required_argument, NULL, 'S'},
        {"max-atoms", required_argument, NULL, 'A'},
        {"seed", required_argument, NULL, 's'},
        {"radius-tol", required_argument, NULL, 'r'},
        {"keep", required_argument, NULL, 'k'},
        {"alkali", required_argument, NULL, 'a'},
        {"split", required_argument, NULL, 'T'},
        {"jitter", required_argument, NULL, 'J'},
        {"force-tol", required_argument, NULL, 'f'},
        {"pressure-tol", required_argument, NULL, 'p'},
        {"max-iter", required_argument, NULL, 'i'},
        {"min-dist", required_argument, NULL, 'd'},
        {"overlap", required_argument, NULL, 'O'},
        {"symprec", required_argument, NULL, 'y'},
        {"proxy-spacing", required_argument, NULL, 'x'},
        {"json", no_argument, NULL, 'j'},
        {"plain", no_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    const char *cmd = "simulate crystal";
    pg_crystal_sim_opts *o = &c->o;
    long seed = (long)o->seed, atoms = o->max_atoms, iter = o->relax.max_iter;
    int ch, bad = 0;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (ch) {
        case 'P': o->prototypes = optarg; break;
        case 'o': c->out = optarg; break;
        case 'n': bad = pg_cli_parse_long(cmd, "--candidates", optarg, 1, 100000000, &o->candidates); break;
        case 'S':
            bad = pg_cli_parse_shard(cmd, optarg, &o->shard, &o->shards);
            break;
        case 'A': bad = pg_cli_parse_long(cmd, "--max-atoms", optarg, 1, 512, &atoms); break;
        case 's': bad = pg_cli_parse_long(cmd, "--seed", optarg, 0, 1L << 40, &seed); break;
        case 'r': bad = pg_cli_parse_double(cmd, "--radius-tol", optarg, 0, 1, &o->subst.radius_tol); break;
        case 'k': bad = pg_cli_parse_double(cmd, "--keep", optarg, 0, 1, &o->subst.keep); break;
        case 'a': bad = pg_cli_parse_double(cmd, "--alkali", optarg, 0, 1, &o->subst.alkali); break;
        case 'T': bad = pg_cli_parse_double(cmd, "--split", optarg, 0, 1, &o->subst.split); break;
        case 'J': bad = pg_cli_parse_double(cmd, "--jitter", optarg, 0, 0.5, &o->subst.jitter); break;
        case 'f': bad = pg_cli_parse_double(cmd, "--force-tol", optarg, 1e-6, 10, &o->relax.force_tol); break;
        case 'p': bad = pg_cli_parse_double(cmd, "--pressure-tol", optarg, 1e-6, 100, &o->relax.pressure_tol); break;
        case 'i': bad = pg_cli_parse_long(cmd, "--max-iter", optarg, 0, 1000000, &iter); break;
        case 'd': bad = pg_cli_parse_double(cmd, "--min-dist", optarg, 0, 5, &o->min_dist); break;
        case 'O': bad = pg_cli_parse_double(cmd, "--overlap", optarg, 0, 2, &o->overlap); break;
        case 'y': bad = pg_cli_parse_double(cmd, "--symprec", optarg, 1e-6, 1, &o->symprec); break;
        case 'x': bad = pg_cli_parse_double(cmd, "--proxy-spacing", optarg, 0, 2, &o->proxy_spacing); break;
        case 'j': c->json = 1; break;
        case 'l': c->plain = 1; break;
        case 'h': usage(stdout, o); return -1;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
        if (bad) return PG_EXIT_USAGE;
    }
    if (optind < argc)
        return pg_cli_usage_error(cmd, "unexpected argument '%s'", argv[optind]);
    if (!o->prototypes)
        return pg_cli_usage_error(cmd, "--prototypes P.h5 is required (a "
                                  "crystal/1 file from physgan import cif)");
    if (!c->out) return pg_cli_usage_error(cmd, "--out FILE.h5 is required");
    o->seed = (uint64_t)seed;
    o->max_atoms = (int)atoms;
    o->relax.max_iter = (int)iter;
    return 0;
}

static void print_summary(const crystal_cli *c, const pg_crystal_sim_summary *s,
                          int ranks)
{
    double li = s->written ? 100.0 * s->with_li_na / s->written : 0;
    if (c->json) {
        printf("{\"kind\": \"crystal\", \"output\": ");
        pg_json_write_string(stdout, c->out);
        printf(", \"prototypes_read\": %d, \"prototypes_used\": %d, "
               "\"prototypes_too_big\": %d, \"prototypes_unusable\": %d, "
               "\"prototypes_repeated\": %d, "
               "\"candidates\": %ld, \"shard\": %d, \"shards\": %d, "
               "\"outcomes\": {", s->prototypes_read, s->prototypes_used,
               s->prototypes_too_big, s->prototypes_unusable,
               s->prototypes_repeated, s->candidates, c->o.shard,
               c->o.shards);
        for (int k = 0; k < PG_CRYSTAL_SIM_OUTCOMES; k++)
            printf("%s\"%s\": %ld", k ? ", " : "",
                   pg_crystal_sim_outcome_name(k), s->outcome[k]);
        printf("}, \"written\": %ld, \"with_li_or_na\": %ld, "
               "\"same_spacegroup_as_prototype\": %ld, \"ranks\": %d, ",
               s->written, s->with_li_na, s->same_spacegroup, ranks);
        pg_json_write_field(stdout, "seconds", s->seconds, 1);
        pg_json_write_field(stdout, "cpu_seconds", s->cpu_seconds, 0);
        printf("}\n");
        return;
    }
    printf("simulate crystal: wrote %s: %ld structures from %ld candidates "
           "(shard %d/%d), %d prototypes of %d structures, %d rank(s), "
           "%.1f s (%.1f CPU s)\n", c->out, s->written, s->candidates,
           c->o.shard, c->o.shards, s->prototypes_used, s->prototypes_read,
           ranks, s->seconds, s->cpu_seconds);
    for (int k = 0; k < PG_CRYSTAL_SIM_OUTCOMES; k++)
        printf("  %-20s %ld\n", pg_crystal_sim_outcome_name(k),
               s->outcome[k]);
    printf("containing Li or Na: %ld (%.1f %%); space group of the prototype "
           "kept: %ld\n", s->with_li_na, li, s->same_spacegroup);
}

static pg_status run(void *ctx, MPI_Comm comm, int rank, int ranks)
{
    const crystal_cli *c = ctx;
    pg_progress *prog = NULL;
    size_t n = (size_t)c->o.candidates / (size_t)c->o.shards;
    long mine = (long)((n + (size_t)ranks - 1) / (size_t)ranks) + 1;
    if (rank == 0)
        PG_CHECK(pg_progress_create("simulate crystal", mine, stderr,
                                    c->plain, PROGRESS_EVERY_S, &prog));
    pg_crystal_sim_summary sum;
    pg_status st = pg_crystal_simulate(&c->o, comm, c->out, prog, &sum);
    if (prog) {
        if (st == PG_OK) pg_progress_finish(prog, NULL);
        pg_progress_destroy(&prog);
    }
    PG_CHECK(st);
    if (rank == 0) print_summary(c, &sum, ranks);
    return PG_OK;
}

/* argv[0] is "crystal". */
int pg_cmd_simulate_crystal(int argc, char **argv)
{
    crystal_cli c = {0};
    pg_status s0 = pg_crystal_sim_defaults(&c.o);
    if (s0 != PG_OK) return pg_cli_fail(s0);
    int rc = parse(argc, argv, &c);
    if (rc) return rc < 0 ? PG_EXIT_OK : rc;
    return pg_cli_run_mpi(run, &c);
}
