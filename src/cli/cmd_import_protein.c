/* physgan import fasta|stockholm FILES... --out F.h5: protein sequences ->
 * protein/1 (physics/protein/io/protein_import.h, protein_file.h;
 * docs/proteins.md "Import"). */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "cli/cmd_import.h"
#include "physics/protein/io/protein_file.h"
#include "physics/protein/io/protein_import.h"
#include "physics/protein/protein_alphabet.h"

static void usage(FILE *f, const char *kind)
{
    int fasta = strcmp(kind, "fasta") == 0;
    fprintf(f,
            "usage: physgan import %s FILE... --out F.h5 [options]\n\n"
            "Reads %s (plain or .gz) into one protein/1 file: residue\n"
            "indices 0..19 of %s, padded with 20, lengths, ids and\n"
            "family labels. Rules (docs/proteins.md): lower case is kept as "
            "upper case\n(insert states, soft-masking), gaps '-' '.' are "
            "dropped, a final '*' is\ndropped ('*' inside is an error), "
            "sequences with B Z J X U O are skipped\nwith a message, any "
            "other character is an error naming file and line.\n"
            "Family: --family, else %s.\n\n"
            "options:\n"
            "  -o, --out F.h5        output file (required; written "
            "atomically)\n"
            "      --family NAME     family label of every sequence\n"
            "      --max-length N    skip sequences longer than N "
            "(default: no limit)\n"
            "      --json            print the summary as one JSON object\n"
            "  -h, --help            this help\n",
            kind, fasta ? "FASTA files" : "Stockholm alignments (one or more "
            "per file)", PG_PROTEIN_ALPHABET,
            fasta ? "the file's name without extensions"
                  : "each alignment's #=GF ID, else the file's name");
}

static void print_summary(const char *kind, const char *out,
                          const pg_protein_seqs *s,
                          const pg_protein_import_report *rep, int json)
{
    if (json) {
        printf("{\"kind\": \"%s\", \"output\": ", kind);
        pg_json_write_string(stdout, out);
        printf(", \"records\": %d, \"kept\": %d, \"skipped_ambiguous\": %d, "
               "\"skipped_empty\": %d, \"skipped_long\": %d, "
               "\"max_length\": %d, \"families\": {", rep->records, rep->kept,
               rep->skipped_ambiguous, rep->skipped_empty, rep->skipped_long,
               s->max_length);
        for (int f = 0; f < s->n_families; f++) {
            int c = 0;
            for (int i = 0; i < s->n; i++) c += s->family[i] == f;
            printf("%s", f ? ", " : "");
            pg_json_write_string(stdout, s->families[f]);
            printf(": %d", c);
        }
        printf("}}\n");
        return;
    }
    printf("import %s: %d sequences read, %d kept -> %s (L = %d)\n", kind,
           rep->records, rep->kept, out, s->max_length);
    printf("  skipped: %d ambiguous/non-standard, %d empty, %d too long\n",
           rep->skipped_ambiguous, rep->skipped_empty, rep->skipped_long);
    for (int f = 0; f < s->n_families; f++) {
        int c = 0;
        for (int i = 0; i < s->n; i++) c += s->family[i] == f;
        printf("  family %d %s: %d\n", f, s->families[f], c);
    }
}

static int run(const char *kind, pg_protein_reader read, int argc, char **argv)
{
    static const struct option opts[] = {
        {"out", required_argument, NULL, 'o'},
        {"family", required_argument, NULL, 'f'},
        {"max-length", required_argument, NULL, 'm'},
        {"json", no_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    char cmd[32];
    snprintf(cmd, sizeof cmd, "import %s", kind);
    const char *out = NULL;
    pg_protein_import_opts o = {NULL, 0};
    int json = 0, c;
    long v;
    optind = 0;
    while ((c = getopt_long(argc, argv, "o:h", opts, NULL)) != -1) {
        switch (c) {
        case 'o': out = optarg; break;
        case 'f':
            if (!optarg[0] || strchr(optarg, '\n'))
                return pg_cli_usage_error(cmd, "--family: a non-empty name "
                                          "without newlines");
            o.family = optarg;
            break;
        case 'm':
            if (pg_cli_parse_long(cmd, "--max-length", optarg, 1, INT_MAX / 4,
                                  &v))
                return PG_EXIT_USAGE;
            o.max_length = (int)v;
            break;
        case 'j': json = 1; break;
        case 'h': usage(stdout, kind); return PG_EXIT_OK;
        default: return pg_cli_usage_error(cmd, "bad option");
        }
    }
    if (optind >= argc)
        return pg_cli_usage_error(cmd, "expected one or more input files");
    if (!out) return pg_cli_usage_error(cmd, "--out F.h5 is required");
    pg_protein_seqs *s = NULL;
    pg_protein_import_report rep = {0};
    pg_status st;
    PG_CHECK_GOTO(st, pg_protein_seqs_create(&s), fail);
    for (int i = optind; i < argc; i++)
        PG_CHECK_GOTO(st, read(argv[i], &o, s, &rep), fail);
    for (int m = 0; m < rep.n_messages; m++)
        fprintf(stderr, "physgan %s: %s\n", cmd, rep.messages[m]);
    int skipped = rep.records - rep.kept;
    if (skipped > rep.n_messages)
        fprintf(stderr, "physgan %s: ... %d sequences skipped in all\n", cmd,
                skipped);
    if (s->n == 0) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: no sequence left to write", cmd);
        goto fail;
    }
    char source[512];
    snprintf(source, sizeof source, "physgan %s of %d file(s), first %s",
             cmd, argc - optind, argv[optind]);
    PG_CHECK_GOTO(st, pg_protein_file_write(out, s, source), fail);
    print_summary(kind, out, s, &rep, json);
    pg_protein_seqs_destroy(&s);
    return PG_EXIT_OK;
fail:
    pg_protein_seqs_destroy(&s);
    return pg_cli_fail(st);
}

int pg_cmd_import_fasta(int argc, char **argv)
{
    return run("fasta", pg_protein_fasta_read, argc, argv);
}

int pg_cmd_import_stockholm(int argc, char **argv)
{
    return run("stockholm", pg_protein_stockholm_read, argc, argv);
}
