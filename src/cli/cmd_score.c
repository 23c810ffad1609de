/* physgan score hmm PROFILE.hmm SEQS: score sequences with a HMMER3
 * profile as hmmsearch does (physics/protein/protein_score.h,
 * docs/proteins.md "Scoring"); the dispatcher of `physgan score` (the
 * identity kind is in cmd_score_identity.c). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_score.h"
#include "physics/protein/io/protein_file.h"
#include "physics/protein/io/protein_hmm_read.h"
#include "physics/protein/io/protein_import.h"
#include "physics/protein/protein_score.h"

static const char *const CMD = "score hmm";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan score hmm PROFILE.hmm SEQS [options]\n\n"
            "Scores every sequence of SEQS (protein/1 .h5, or FASTA, plain "
            "or .gz, read\nwith the rules of `import fasta`) with each "
            "profile of PROFILE.hmm (HMMER3/f)\nas hmmsearch does: multihit "
            "local Viterbi and Forward bit scores against\nHMMER's null "
            "model, and E-values Z x P from the profile's STATS LOCAL\n"
            "calibration (Gumbel for Viterbi, exponential tail for Forward; "
            "the Forward\nE-value is hmmsearch's full-sequence E-value). "
            "No bias (null2) correction\nunless --null2.\nOne row per sequence and profile: "
            "profile, id, length, viterbi bits, forward\nbits, viterbi "
            "E-value, E-value.\n\n"
            "options:\n"
            "  -Z N        database size for E-values (default: the number "
            "of sequences)\n"
            "  --null2     subtract hmmsearch's biased-composition correction "
            "from the\n              Forward bits (and its E-value); JSON "
            "rows add bias_bits,\n              regions and split "
            "(docs/proteins.md, \"Validation\")\n"
            "  --json      print one JSON object\n"
            "  -h, --help  this help\n");
}

pg_status pg_cmd_score_load_seqs(const char *cmd, const char *path,
                                 pg_protein_seqs **out)
{
    size_t n = strlen(path);
    if (n > 3 && strcmp(path + n - 3, ".h5") == 0)
        return pg_protein_file_read(path, out);
    pg_protein_import_report rep = {0};
    pg_protein_import_opts o = {NULL, 0};
    PG_CHECK(pg_protein_seqs_create(out));
    pg_status s = pg_protein_fasta_read(path, &o, *out, &rep);
    if (s != PG_OK) {
        pg_protein_seqs_destroy(out);
        return pg_error_trace(s, __FILE__, __LINE__, __func__);
    }
    for (int m = 0; m < rep.n_messages; m++)
        fprintf(stderr, "physgan %s: %s\n", cmd, rep.messages[m]);
    if (rep.records - rep.kept > rep.n_messages)
        fprintf(stderr, "physgan %s: %d sequences skipped in all (not "
                "scored)\n", cmd, rep.records - rep.kept);
    if ((*out)->n == 0) {
        pg_protein_seqs_destroy(out);
        return PG_FAIL(PG_ERR_FORMAT, "%s: no sequence to score", path);
    }
    return PG_OK;
}

static void json_number(double v)
{
    if (isfinite(v)) printf("%.6g", v);
    else printf("null");
}

static void print_rows(const pg_protein_hmm *h, const pg_protein_seqs *s,
                       const pg_protein_score *sc, double Z, int json,
                       int null2, int *first)
{
    for (int i = 0; i < s->n; i++) {
        const pg_protein_score *r = &sc[i];
        double ve = Z * r->viterbi_p, fe = Z * r->forward_p;
        if (json) {
            printf("%s\n  {\"profile\": ", *first ? "" : ",");
            pg_json_write_string(stdout, h->name);
            printf(", \"id\": ");
            pg_json_write_string(stdout, s->ids[i]);
            printf(", \"length\": %d, \"viterbi_bits\": %.4f, "
                   "\"forward_bits\": %.4f, \"viterbi_evalue\": ",
                   (int)s->length[i], r->viterbi_bits, r->forward_bits);
            json_number(ve);
            printf(", \"evalue\": ");
            json_number(fe);
            if (null2)
                printf(", \"bias_bits\": %.4f, \"regions\": %d, "
                       "\"split\": %d", r->bias_bits, r->regions, r->split);
            printf("}");
            *first = 0;
        } else {
            printf("%-16s %-30s %6d %10.2f %10.2f %11.3g %11.3g\n", h->name,
                   s->ids[i], (int)s->length[i], r->viterbi_bits,
                   r->forward_bits, ve, fe);
        }
    }
}

static int score_hmm(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", no_argument, NULL, 'j'},
        {"null2", no_argument, NULL, 'n'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    int json = 0, null2 = 0, c;
    double Z = 0.0;
    optind = 0;
    while ((c = getopt_long(argc, argv, "Z:h", opts, NULL)) != -1) {
        switch (c) {
        case 'Z':
            if (pg_cli_parse_double(CMD, "-Z", optarg, 1, 1e15, &Z))
                return PG_EXIT_USAGE;
            break;
        case 'j': json = 1; break;
        case 'n': null2 = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
    }
    if (argc - optind != 2)
        return pg_cli_usage_error(CMD, "expected PROFILE.hmm and SEQS");
    pg_protein_hmm **hmms = NULL;
    pg_protein_seqs *s = NULL;
    pg_protein_score *sc = NULL;
    int nh = 0, first = 1;
    pg_status st;
    PG_CHECK_GOTO(st, pg_protein_hmm_read(argv[optind], &hmms, &nh), fail);
    PG_CHECK_GOTO(st, pg_cmd_score_load_seqs(CMD, argv[optind + 1], &s), fail);
    if (Z == 0.0) Z = s->n;
    sc = malloc((size_t)s->n * sizeof *sc);
    if (!sc) {
        st = PG_FAIL(PG_ERR_NOMEM, "%d scores", s->n);
        goto fail;
    }
    if (json) {
        printf("{\"profiles\": %d, \"sequences\": %d, \"Z\": %.0f, "
               "\"rows\": [", nh, s->n, Z);
    } else {
        printf("# physgan score hmm: %d profile(s) x %d sequences, Z = %.0f\n"
               "%-16s %-30s %6s %10s %10s %11s %11s\n", nh, s->n, Z,
               "# profile", "id", "length", "vit_bits", "fwd_bits", "vit_E",
               "E-value");
    }
    for (int h = 0; h < nh; h++) {
        PG_CHECK_GOTO(st, pg_protein_score_seqs_null2(hmms[h], s, null2, sc),
                      fail);
        print_rows(hmms[h], s, sc, Z, json, null2, &first);
    }
    if (json) printf("\n]}\n");
    free(sc);
    pg_protein_seqs_destroy(&s);
    pg_protein_hmm_list_destroy(&hmms, nh);
    return PG_EXIT_OK;
fail:
    free(sc);
    pg_protein_seqs_destroy(&s);
    pg_protein_hmm_list_destroy(&hmms, nh);
    return pg_cli_fail(st);
}

static const pg_cli_kind kinds[] = {
    {"hmm", "Viterbi/Forward bit scores and E-values of sequences against a "
     "HMMER3 profile", score_hmm},
    {"identity", "largest identity of each sequence to a reference set "
     "(novelty), mean pairwise identity (diversity)", pg_cmd_score_identity},
};
enum { N_KINDS = sizeof kinds / sizeof kinds[0] };

int pg_cmd_score(int argc, char **argv)
{
    return pg_cli_dispatch_kind("score", "KIND [options]",
                                "Score protein sequences.", kinds,
                                N_KINDS, argc, argv);
}
