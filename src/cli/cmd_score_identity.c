/* physgan score identity SEQS REF: novelty and diversity of a sequence
 * set by pairwise identity (physics/protein/protein_identity.h,
 * docs/proteins.md "Identity"). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_score.h"
#include "physics/protein/protein_identity.h"

static const char *const CMD = "score identity";

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan score identity SEQS REF [options]\n\n"
            "For every sequence of SEQS (protein/1 .h5 or FASTA, as `score "
            "hmm` reads\nthem) the largest identity to a sequence of REF "
            "and that sequence's id:\nSmith-Waterman with BLOSUM62 and gap "
            "cost 11 + (k - 1) (parasail),\nidentity = identical aligned "
            "pairs / length of the shorter sequence\n(cd-hit's definition, "
            "the one the data splits are cut at). Then the\nmedian of those "
            "identities and, with --pairwise, the mean identity over\nall "
            "pairs of SEQS.\n\n"
            "options:\n"
            "  --family NAME  compare with REF's sequences of family NAME "
            "only\n"
            "  --pairwise     also the mean pairwise identity within SEQS "
            "(n^2 / 2 alignments)\n"
            "  --json         print one JSON object\n"
            "  -h, --help     this help\n");
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
    double *c = malloc((size_t)n * sizeof *c);
    if (!c) return v[0];
    memcpy(c, v, (size_t)n * sizeof *c);
    qsort(c, (size_t)n, sizeof *c, cmp_double);
    double m = n % 2 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    free(c);
    return m;
}

static pg_status family_index(const pg_protein_seqs *ref, const char *name,
                              int *out)
{
    *out = -1;
    if (!name) return PG_OK;
    char names[256] = "";
    for (int f = 0; f < ref->n_families; f++) {
        if (!strcmp(ref->families[f], name)) {
            *out = f;
            return PG_OK;
        }
        size_t used = strlen(names);
        snprintf(names + used, sizeof names - used, "%s%s", f ? ", " : "",
                 ref->families[f]);
    }
    return PG_FAIL(PG_ERR_ARG, "--family %s: the reference set has no such "
                   "family (it has %s)", name, names);
}

static void print(const pg_protein_seqs *q, const pg_protein_seqs *ref,
                  const char *family, const double *best, const int *index,
                  double med, int pairwise, double mean, int json)
{
    if (json) {
        printf("{\"sequences\": %d, \"reference\": %d, \"family\": ", q->n,
               ref->n);
        if (family) pg_json_write_string(stdout, family);
        else printf("null");
        printf(", \"median_max_identity\": %.6f, \"mean_pairwise_identity\": ",
               med);
        if (pairwise) printf("%.6f", mean);
        else printf("null");
        printf(", \"rows\": [");
        for (int i = 0; i < q->n; i++) {
            printf("%s\n  {\"id\": ", i ? "," : "");
            pg_json_write_string(stdout, q->ids[i]);
            printf(", \"length\": %d, \"max_identity\": %.6f, \"nearest\": ",
                   (int)q->length[i], best[i]);
            if (index[i] >= 0) pg_json_write_string(stdout, ref->ids[index[i]]);
            else printf("null");
            printf("}");
        }
        printf("\n]}\n");
        return;
    }
    printf("# physgan score identity: %d sequences against %d reference "
           "sequences (%s%s)\n%-30s %6s %12s %s\n", q->n, ref->n,
           family ? "family " : "all families", family ? family : "", "# id",
           "length", "max_identity", "nearest");
    for (int i = 0; i < q->n; i++)
        printf("%-30s %6d %12.4f %s\n", q->ids[i], (int)q->length[i],
               best[i], index[i] >= 0 ? ref->ids[index[i]] : "-");
    printf("# median max identity %.4f\n", med);
    if (pairwise)
        printf("# mean pairwise identity within SEQS %.4f\n", mean);
}

int pg_cmd_score_identity(int argc, char **argv)
{
    static const struct option opts[] = {
        {"family", required_argument, NULL, 'f'},
        {"pairwise", no_argument, NULL, 'p'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    int json = 0, pairwise = 0, c;
    const char *family = NULL;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 'f': family = optarg; break;
        case 'p': pairwise = 1; break;
        case 'j': json = 1; break;
        case 'h': usage(stdout); return PG_EXIT_OK;
        default: return pg_cli_usage_error(CMD, "bad option");
        }
    }
    if (argc - optind != 2)
        return pg_cli_usage_error(CMD, "expected SEQS and REF");
    pg_protein_seqs *q = NULL, *ref = NULL;
    pg_protein_identity *w = NULL;
    double *best = NULL, mean = 0;
    int *index = NULL, fam = -1;
    pg_status st;
    PG_CHECK_GOTO(st, pg_cmd_score_load_seqs(CMD, argv[optind], &q), done);
    PG_CHECK_GOTO(st, pg_cmd_score_load_seqs(CMD, argv[optind + 1], &ref),
                  done);
    PG_CHECK_GOTO(st, family_index(ref, family, &fam), done);
    PG_CHECK_GOTO(st, pg_protein_identity_create(&w), done);
    best = malloc((size_t)q->n * sizeof *best);
    index = malloc((size_t)q->n * sizeof *index);
    if (!best || !index) {
        st = PG_FAIL(PG_ERR_NOMEM, "%d identities", q->n);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_protein_identity_nearest(w, q, ref, fam, best,
                                                  index), done);
    if (pairwise)
        PG_CHECK_GOTO(st, pg_protein_identity_mean_pairwise(w, q, -1, &mean),
                      done);
    print(q, ref, family, best, index, median(best, q->n), pairwise, mean,
          json);
done:
    free(best);
    free(index);
    pg_protein_identity_destroy(&w);
    pg_protein_seqs_destroy(&q);
    pg_protein_seqs_destroy(&ref);
    return st == PG_OK ? PG_EXIT_OK : pg_cli_fail(st);
}
