/* physgan screen proteins CKPT --family F --train TRAIN.h5 --n N --top K
 * --out DIR: generate, score, filter for novelty and rank sequences of one
 * family (train/protein_screen.h, docs/proteins.md "Screening"). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
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
            "(summary, histograms).\n\n"
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
            "  -h, --help          this help\n");
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
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
    }
    if (argc - optind != 1)
        return pg_cli_usage_error(CMD, "expected one checkpoint");
    if (!o.family || !o.train_path || !o.out_dir)
        return pg_cli_usage_error(CMD, "--family, --train and --out are "
                                  "required");
    o.checkpoint = argv[optind];
    pg_protein_screen_result r;
    pg_status st = pg_protein_screen_run(&o, &r);
    if (st != PG_OK) return pg_cli_fail(st);
    printf("screen proteins: %d generated (length <= %d), %d empty, %d "
           "duplicates, %d unique, %d novel (max identity < %.2f), top %d\n",
           r.generated, r.length, r.empty, r.duplicates, r.unique, r.novel,
           o.max_identity, r.top);
    printf("median max identity %.4f; mean pairwise identity of the top "
           "set %.4f; mean critic P(%s) %.4f; mean realness %.4f\n",
           r.median_max_identity, r.mean_pairwise_top, o.family,
           r.mean_critic_p, r.mean_d_real);
    if (r.hmm_hits >= 0)
        printf("profile hits (E < 0.01): %d of %d unique\n", r.hmm_hits,
               r.unique);
    printf("wrote %s/top.fasta, all.fasta, ranked.csv, screen.html\n",
           o.out_dir);
    return PG_EXIT_OK;
}

static const pg_cli_kind kinds[] = {
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
