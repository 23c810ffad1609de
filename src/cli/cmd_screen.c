/* physgan screen crystals CKPT --out DIR (or --from FILE.h5): generate,
 * validate, de-duplicate and rank crystals (train/crystal_screen.h,
 * docs/crystals.md "Screening").
 * physgan screen proteins CKPT --family F --train TRAIN.h5 --n N --top K
 * --out DIR: generate, score, filter for novelty and rank sequences of one
 * family (train/protein_screen.h, docs/proteins.md "Screening"). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "train/crystal_screen.h"
#include "train/protein_screen.h"

static const char *const CMD = "screen proteins";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan screen proteins CKPT --family F --train "
            "TRAIN.h5 --out DIR [options]\n\n"
            "Generates N sequences of family F with the protein_gan "
            "checkpoint CKPT,\ndrops empty ones and exact duplicates, and "
            "scores every unique one: the\nfunction critic's probability "
            "of F, D's realness, physgan's HMMER3 Forward\nbits and E-value "
            "with --hmm PROFILE (E = Z x P, Z = the unique count), and\n"
            "novelty (largest identity to F's sequences of TRAIN.h5, the "
            "training\nsplit). Ranks by log P(F) + log realness; sequences "
            "at or above\n--max-identity are kept out of the top K. Writes "
            "DIR/top.fasta, DIR/all.fasta\n(every unique one, in rank "
            "order), DIR/ranked.csv (every score) and\nDIR/screen.html "
            "(summary, histograms). Under mpiexec every rank scores its "
            "share\nof the sequences and rank 0 writes the files one "
            "process would.\nJob arrays: each task runs with --shard I/N "
            "and writes only\nDIR/scores-I-of-N.h5 (its part of the costly "
            "scores); join them with\n`physgan merge ALL.h5 "
            "DIR/scores-0-of-N.h5 ...` (in shard order), then run\nagain "
            "with --scores ALL.h5 and the same options: the files one run "
            "writes.\n\n"
            "options:\n"
            "  --family F          family name (as in TRAIN.h5)\n"
            "  --train TRAIN.h5    the checkpoint's training split "
            "(protein/1)\n"
            "  --out DIR           output directory (created)\n"
            "  --n N               sequences to generate (default 1000)\n"
            "  --top K             size of the top set (default 100)\n"
            "  --hmm PROFILE.hmm   score with this HMMER3 profile (the "
            "file's first)\n"
            "  --max-identity X    novelty filter, in (0, 1] (default 0.8)\n"
            "  --seed S            latents and sampling noise (default 1)\n"
            "  --from-profile      draw the sequences from the training "
            "split's profile of F\n"
            "                      (protein.profile's PSSM, column by "
            "column) instead of G:\n"
            "                      the simple baseline, scored alike\n"
            "  --shard I/N         score only part I of N (0 <= I < N) into\n"
            "                      DIR/scores-I-of-N.h5\n"
            "  --scores ALL.h5     take the scores from the merged shards\n"
            "  -h, --help          this help\n");
}

static void print_proteins(const pg_protein_screen_opts *o,
                           const pg_protein_screen_result *r)
{
    if (o->shards > 0) {
        printf("screen proteins: %d generated, %d unique; shard %d/%d "
               "scored sequences %d..%d into %s\n", r->generated, r->unique,
               o->shard, o->shards, r->scored_first,
               r->scored_first + r->scored_count - 1, r->scores_file);
        return;
    }
    printf("screen proteins: %d generated (length <= %d), %d empty, %d "
           "duplicates, %d unique, %d novel (max identity < %.2f), top %d\n",
           r->generated, r->length, r->empty, r->duplicates, r->unique,
           r->novel, o->max_identity, r->top);
    printf("median max identity %.4f; mean pairwise identity of the top "
           "set %.4f; mean critic P(%s) %.4f; mean realness %.4f\n",
           r->median_max_identity, r->mean_pairwise_top, o->family,
           r->mean_critic_p, r->mean_d_real);
    if (r->hmm_hits >= 0)
        printf("profile hits (E < 0.01): %d of %d unique\n", r->hmm_hits,
               r->unique);
    printf("wrote %s/top.fasta, all.fasta, ranked.csv, screen.html\n",
           o->out_dir);
}

static pg_status run_proteins(void *ctx, MPI_Comm comm, int rank, int ranks)
{
    const pg_protein_screen_opts *o = ctx;
    pg_protein_screen_result r;
    (void)ranks;
    PG_CHECK(pg_protein_screen_run(o, comm, &r));
    if (rank == 0) print_proteins(o, &r);
    return PG_OK;
}

static int screen_proteins(int argc, char **argv)
{
    static const struct option opts[] = {
        {"family", required_argument, NULL, 'f'},
        {"train", required_argument, NULL, 't'},
        {"out", required_argument, NULL, 'o'},
        {"n", required_argument, NULL, 'n'},
        {"top", required_argument, NULL, 'k'},
        {"hmm", required_argument, NULL, 'm'},
        {"max-identity", required_argument, NULL, 'x'},
        {"seed", required_argument, NULL, 's'},
        {"from-profile", no_argument, NULL, 'p'},
        {"shard", required_argument, NULL, 'S'},
        {"scores", required_argument, NULL, 'c'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    pg_protein_screen_opts o = {.n = 1000, .top = 100, .max_identity = 0.8,
                                .seed = 1};
    long v;
    int c;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': o.family = optarg; break;
        case 't': o.train_path = optarg; break;
        case 'o': o.out_dir = optarg; break;
        case 'm': o.hmm_path = optarg; break;
        case 'n':
            if (pg_cli_parse_long(CMD, "--n", optarg, 1, 10000000, &v))
                return PG_EXIT_USAGE;
            o.n = (int)v;
            break;
        case 'k':
            if (pg_cli_parse_long(CMD, "--top", optarg, 1, 10000000, &v))
                return PG_EXIT_USAGE;
            o.top = (int)v;
            break;
        case 's':
            if (pg_cli_parse_long(CMD, "--seed", optarg, 0, 2147483647, &v))
                return PG_EXIT_USAGE;
            o.seed = (uint64_t)v;
            break;
        case 'x':
            if (pg_cli_parse_double(CMD, "--max-identity", optarg, 1e-9, 1,
                                    &o.max_identity))
                return PG_EXIT_USAGE;
            break;
        case 'p': o.from_profile = 1; break;
        case 'c': o.scores_path = optarg; break;
        case 'S':
            if (pg_cli_parse_shard(CMD, optarg, &o.shard, &o.shards))
                return PG_EXIT_USAGE;
            break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
    }
    if (argc - optind != 1)
        return pg_cli_usage_error(CMD, "expected one checkpoint");
    if (!o.family || !o.train_path || !o.out_dir)
        return pg_cli_usage_error(CMD, "--family, --train and --out are "
                                  "required");
    if (o.shards > 0 && o.scores_path)
        return pg_cli_usage_error(CMD, "--shard scores a part, --scores "
                                  "reads them all: give one");
    o.checkpoint = argv[optind];
    return pg_cli_run_mpi(run_proteins, &o);
}

/* ---- screen crystals ---- */

static const char *const CMD_C = "screen crystals";

static void usage_crystals(FILE *f)
{
    fprintf(f,
            "usage: physgan screen crystals CKPT --out DIR [options]\n"
            "       physgan screen crystals --from FILE.h5 --out DIR "
            "[options]\n\n"
            "Generates N crystals with the crystal_vaegan checkpoint CKPT "
            "(or takes the\nfirst N structures of a crystal/1 file with "
            "--from: the baseline of\nscreening the training set itself), "
            "optionally relaxes the charge-valid\nones in the training "
            "set's force field (--relax), validates them (every\npair of "
            "atoms >= 0.5 A apart; a neutral assignment of known "
            "oxidation\nstates passing the Pauling test, as SMACT), finds "
            "spglib's space group,\ndrops duplicates (same reduced "
            "formula, space group and volume per atom\nwithin 5 %%: an "
            "approximation of structure matching), marks novel ones\n"
            "(no such match in --train), and ranks the valid, unique ones "
            "with Li or\nNa by the conductivity PROXY's 3D percolation "
            "level (lower first; the\nproperty head's prediction beside "
            "it). Writes DIR/NNN_FORMULA.cif (top K),\nDIR/ranked.csv "
            "(every candidate, every score), DIR/spacegroups.csv,\n"
            "DIR/spacegroups_tolerance.csv (the valid candidates' and the "
            "training\nset's groups at spglib tolerances 0.01, 0.1 and 0.3 "
            "A) and DIR/screen.html.\nUnder mpiexec the candidates are scored "
            "over the ranks.\nJob arrays: each task runs with --shard I/N "
            "and writes only\nDIR/scores-I-of-N.h5 (its part of the costly "
            "scores and relaxed cells); join\nthem with `physgan merge "
            "ALL.h5 DIR/scores-0-of-N.h5 ...` (in shard order),\nthen run "
            "again with --scores ALL.h5 and the same options: the files one "
            "run\nwrites.\n\n"
            "options:\n"
            "  --out DIR         output directory (created)\n"
            "  --from FILE.h5    screen a crystal/1 file instead of a "
            "checkpoint\n"
            "  --train FILE.h5   the training set: novelty, space groups, "
            "distances\n"
            "  --n N             candidates (default 1000)\n"
            "  --top K           CIFs written (default 20)\n"
            "  --relax           relax charge-valid candidates first\n"
            "  --compositions S  a composition-conditional checkpoint's "
            "compositions:\n                    train (the --train set's, "
            "default) or substitute (the\n                    "
            "substitutions of simulate crystal applied to them)\n"
            "  --latent-steps N  latent optimisation: N gradient steps of "
            "each z on the\n                    property head's PROXY + "
            "|z|^2/2 (default 0: off)\n"
            "  --latent-step S   its step size (default 0.05)\n"
            "  --symprec S       spglib tolerance, A (default 0.01, as simulate)\n"
            "  --seed S          latents and sampling noise (default 1)\n"
            "  --shard I/N       score only part I of N (0 <= I < N) into\n"
            "                    DIR/scores-I-of-N.h5\n"
            "  --scores ALL.h5   take the scores from the merged shards\n"
            "  --json            print the summary as one JSON object\n"
            "  -h, --help        this help\n");
}

typedef struct crystal_cli {
    pg_crystal_screen_opts o;
    int json;
} crystal_cli;

/* "spacegroups_by_symprec": the valid candidates' groups against the
 * training set's at each tolerance (crystal_sg_distribution.h). */
static void print_spacegroups_json(const pg_crystal_screen_result *r)
{
    printf("\"spacegroups_by_symprec\": [");
    for (int k = 0; k < PG_CRYSTAL_SG_TOLS; k++) {
        const pg_crystal_sg_compare *g = &r->sg[k];
        const double v[] = {g->p1_a, g->p1_b, g->tv_groups, g->tv_systems,
                            g->shared_b};
        const char *names[] = {"p1_fraction", "p1_fraction_train",
                               "tv_groups", "tv_crystal_systems",
                               "train_in_generated_groups"};
        printf("%s{\"symprec\": %g, \"groups\": %d, \"groups_train\": %d",
               k ? ", " : "", r->sg_symprec[k], g->groups_a, g->groups_b);
        for (int i = 0; i < 5; i++) {
            if (isfinite(v[i])) printf(", \"%s\": %.6g", names[i], v[i]);
            else printf(", \"%s\": null", names[i]);
        }
        printf("}");
    }
    printf("]");
    const double v[] = {r->sym_par_median, r->p1_par_median,
                        r->sym_par_train_median, r->p1_par_train_median};
    const char *names[] = {"symmetric_parameters_median",
                           "p1_parameters_median",
                           "symmetric_parameters_train_median",
                           "p1_parameters_train_median"};
    for (int i = 0; i < 4; i++) {
        if (isfinite(v[i])) printf(", \"%s\": %.6g", names[i], v[i]);
        else printf(", \"%s\": null", names[i]);
    }
}

static void print_crystals(const crystal_cli *c,
                           const pg_crystal_screen_result *r)
{
    if (c->o.shards > 0 && c->json) {
        printf("{\"kind\": \"crystals\", \"candidates\": %d, \"shard\": "
               "%d, \"shards\": %d, \"scored_first\": %d, \"scored_count\": "
               "%d, \"scores\": \"%s\"}\n", r->candidates, c->o.shard,
               c->o.shards, r->scored_first, r->scored_count, r->scores_file);
        return;
    }
    if (c->o.shards > 0) {
        printf("screen crystals: %d candidates; shard %d/%d scored "
               "candidates %d..%d into %s\n", r->candidates, c->o.shard,
               c->o.shards, r->scored_first,
               r->scored_first + r->scored_count - 1, r->scores_file);
        return;
    }
    if (c->json) {
        printf("{\"kind\": \"crystals\", \"candidates\": %d, "
               "\"valid_struct\": %d, \"valid_charge\": %d, \"valid\": "
               "%d, \"unique\": %d, \"novel\": %d, \"with_li_or_na\": "
               "%d, \"percolating\": %d, \"relaxed\": %d, "
               "\"spacegroups\": %d, \"p1\": %d, \"top\": %d, "
               "\"relax\": %s, \"relax_unconverged\": %d, "
               "\"relax_collapsed\": %d, \"relax_failed\": %d, "
               "\"latent_steps\": %d, \"compositions\": \"%s\", ",
               r->candidates, r->valid_struct, r->valid_charge, r->valid,
               r->unique, r->novel, r->with_mobile, r->percolating,
               r->relaxed, r->spacegroups, r->p1, r->top,
               c->o.relax ? "true" : "false", r->relax_unconverged,
               r->relax_collapsed, r->relax_failed, c->o.latent_steps,
               r->compositions);
        const double v[] = {r->median_level_valid, r->median_level_top,
                            r->median_level_train, r->w_volume,
                            r->w_elements, r->p1_train, r->rho_head};
        const char *names[] = {"median_level_valid", "median_level_top",
                               "median_level_train", "w_volume_per_atom",
                               "w_elements", "p1_fraction_train",
                               "spearman_head_proxy"};
        for (int i = 0; i < 7; i++) {
            if (isfinite(v[i])) printf("\"%s\": %.6g", names[i], v[i]);
            else printf("\"%s\": null", names[i]);
            printf(", ");
        }
        print_spacegroups_json(r);
        printf("}\n");
        return;
    }
    printf("screen crystals: %d candidates, %d structurally valid, %d "
           "charge valid, %d both, %d unique, %d novel; %d with Li or Na "
           "(%d percolate in 3D); top %d\n", r->candidates, r->valid_struct,
           r->valid_charge, r->valid, r->unique, r->novel, r->with_mobile,
           r->percolating, r->top);
    printf("compositions (conditional G): %s; relaxed before validation: "
           "%s (%d)\n", r->compositions, c->o.relax ? "yes" : "no",
           r->relaxed);
    printf("median PROXY 3D level (v.u.): valid %.3f, top %.3f, training "
           "%.3f; space groups %d (P1: %d)\n", r->median_level_valid,
           r->median_level_top, r->median_level_train, r->spacegroups, r->p1);
    for (int k = 0; k < PG_CRYSTAL_SG_TOLS; k++)
        printf("space groups at %g A: %d (P1 %.3f), training %d (P1 %.3f); "
               "total variation distance %.3f (crystal systems %.3f)\n",
               r->sg_symprec[k], r->sg[k].groups_a, r->sg[k].p1_a,
               r->sg[k].groups_b, r->sg[k].p1_b, r->sg[k].tv_groups,
               r->sg[k].tv_systems);
    printf("wrote %s/ranked.csv, spacegroups.csv, spacegroups_tolerance.csv, "
           "screen.html and %d CIFs\n",
           c->o.out_dir, r->top);
}

static pg_status run_crystals(void *ctx, MPI_Comm comm, int rank, int ranks)
{
    const crystal_cli *c = ctx;
    pg_crystal_screen_result r;
    (void)ranks;
    PG_CHECK(pg_crystal_screen_run(&c->o, comm, &r));
    if (rank == 0) print_crystals(c, &r);
    return PG_OK;
}

static int screen_crystals(int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"from", required_argument, NULL, 'f'},
        {"train", required_argument, NULL, 't'},
        {"n", required_argument, NULL, 'n'},
        {"top", required_argument, NULL, 'k'},
        {"relax", no_argument, NULL, 'r'},
        {"compositions", required_argument, NULL, 'c'},
        {"latent-steps", required_argument, NULL, 'L'},
        {"latent-step", required_argument, NULL, 'S'},
        {"symprec", required_argument, NULL, 'p'},
        {"seed", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"shard", required_argument, NULL, 'I'},
        {"scores", required_argument, NULL, 'C'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    crystal_cli c = {.o = {.n = 1000, .top = 20, .seed = 1, .symprec = 0.01,
                           .compositions = "train",
                           .latent_step = 0.05}};
    long v;
    int opt;
    optind = 0;
    while ((opt = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (opt) {
        case 'o': c.o.out_dir = optarg; break;
        case 'f': c.o.from = optarg; break;
        case 't': c.o.train_path = optarg; break;
        case 'r': c.o.relax = 1; break;
        case 'c':
            if (strcmp(optarg, "train") && strcmp(optarg, "substitute"))
                return pg_cli_usage_error(CMD_C, "--compositions: expected "
                                          "train or substitute");
            c.o.compositions = optarg;
            break;
        case 'j': c.json = 1; break;
        case 'L':
            if (pg_cli_parse_long(CMD_C, "--latent-steps", optarg, 0, 100000,
                                  &v))
                return PG_EXIT_USAGE;
            c.o.latent_steps = (int)v;
            break;
        case 'S':
            if (pg_cli_parse_double(CMD_C, "--latent-step", optarg, 1e-6, 10,
                                    &c.o.latent_step))
                return PG_EXIT_USAGE;
            break;
        case 'n':
            if (pg_cli_parse_long(CMD_C, "--n", optarg, 1, 10000000, &v))
                return PG_EXIT_USAGE;
            c.o.n = (int)v;
            break;
        case 'k':
            if (pg_cli_parse_long(CMD_C, "--top", optarg, 0, 100000, &v))
                return PG_EXIT_USAGE;
            c.o.top = (int)v;
            break;
        case 's':
            if (pg_cli_parse_long(CMD_C, "--seed", optarg, 0, 2147483647, &v))
                return PG_EXIT_USAGE;
            c.o.seed = (uint64_t)v;
            break;
        case 'p':
            if (pg_cli_parse_double(CMD_C, "--symprec", optarg, 1e-6, 1,
                                    &c.o.symprec))
                return PG_EXIT_USAGE;
            break;
        case 'C': c.o.scores_path = optarg; break;
        case 'I':
            if (pg_cli_parse_shard(CMD_C, optarg, &c.o.shard, &c.o.shards))
                return PG_EXIT_USAGE;
            break;
        case 'h': usage_crystals(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD_C, "bad option");
        }
    }
    int n_pos = argc - optind;
    if (!c.o.out_dir)
        return pg_cli_usage_error(CMD_C, "--out DIR is required");
    if (c.o.from ? n_pos != 0 : n_pos != 1)
        return pg_cli_usage_error(CMD_C, "expected one checkpoint, or "
                                  "--from FILE.h5 without one");
    if (c.o.shards > 0 && c.o.scores_path)
        return pg_cli_usage_error(CMD_C, "--shard scores a part, --scores "
                                  "reads them all: give one");
    if (!c.o.from) c.o.checkpoint = argv[optind];
    return pg_cli_run_mpi(run_crystals, &c);
}

static const pg_cli_kind kinds[] = {
    {"crystals", "generate (or take from a crystal/1 file), validate, "
     "de-duplicate and rank crystals by the conductivity PROXY",
     screen_crystals},
    {"proteins", "generate, score, filter for novelty and rank sequences "
     "of a family from a protein_gan checkpoint", screen_proteins},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

int pg_cmd_screen(int argc, char **argv)
{
    return pg_cli_dispatch_kind("screen", "KIND [options]",
                                "Screen generated candidates.", kinds,
                                N_KINDS, argc, argv);
}
