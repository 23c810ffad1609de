/* Protein import (physics/protein/io): the residue rule (gaps dropped,
 * lower case kept, a final '*' dropped, ambiguous residues skipping the
 * sequence with a message, anything else an error naming file and line),
 * FASTA and Stockholm (interleaved blocks, #=GF ID, several alignments per
 * file), and the protein/1 file written, validated and read back. */
#include <stdio.h>
#include <string.h>

#include "io/h5.h"
#include "io/schema.h"
#include "physics/protein/io/protein_file.h"
#include "physics/protein/io/protein_import.h"
#include "physics/protein/protein_alphabet.h"
#include "runner.h"

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
}

/* Sequence i of s as letters. */
static const char *letters(const pg_protein_seqs *s, int i)
{
    static char buf[256];
    int n = s->length[i] < 255 ? s->length[i] : 255;
    for (int j = 0; j < n; j++)
        buf[j] = PG_PROTEIN_ALPHABET[pg_protein_seqs_at(s, i)[j]];
    buf[n] = '\0';
    return buf;
}

static void test_alphabet_rule(void)
{
    int idx = -1;
    CU_ASSERT_EQUAL(pg_protein_char_classify('A', &idx),
                    PG_PROTEIN_CHAR_RESIDUE);
    CU_ASSERT_EQUAL(idx, 0);
    CU_ASSERT_EQUAL(pg_protein_char_classify('y', &idx),
                    PG_PROTEIN_CHAR_RESIDUE);
    CU_ASSERT_EQUAL(idx, 19);
    CU_ASSERT_EQUAL(pg_protein_char_classify('.', NULL), PG_PROTEIN_CHAR_GAP);
    CU_ASSERT_EQUAL(pg_protein_char_classify('*', NULL), PG_PROTEIN_CHAR_STOP);
    CU_ASSERT_EQUAL(pg_protein_char_classify('x', NULL),
                    PG_PROTEIN_CHAR_AMBIGUOUS);
    CU_ASSERT_EQUAL(pg_protein_char_classify('U', NULL),
                    PG_PROTEIN_CHAR_AMBIGUOUS);
    CU_ASSERT_EQUAL(pg_protein_char_classify('1', NULL),
                    PG_PROTEIN_CHAR_INVALID);
    double s = 0;
    for (int x = 0; x < PG_PROTEIN_K; x++) s += pg_protein_background[x];
    CU_ASSERT_DOUBLE_EQUAL(s, 1.0, 1e-5);
}

/* Write text to path and import it with read into a new set. */
static pg_protein_seqs *import_ok(pg_protein_reader read, const char *path,
                                  const char *text, int max_length,
                                  pg_protein_import_report *rep)
{
    write_text(path, text);
    pg_protein_seqs *s = NULL;
    pg_protein_import_opts o = {NULL, max_length};
    PG_ASSERT_OK(pg_protein_seqs_create(&s));
    PG_ASSERT_OK(read(path, &o, s, rep));
    return s;
}

static void test_fasta(void)
{
    pg_protein_import_report rep = {0};
    pg_protein_seqs *s = import_ok(
        pg_protein_fasta_read, "a.fasta",
        "\n>s1 first sequence\nACDE\nfgh-ik.\n>s2\nMKV*\n>s3 has X\nMKXV\n"
        ">s4\n---\n>s5\nWWWWWWWWWW\n>s6\r\nLLLL\r\n", 9, &rep);
    CU_ASSERT_EQUAL(rep.records, 6);
    CU_ASSERT_EQUAL(rep.kept, 3);
    CU_ASSERT_EQUAL(rep.skipped_ambiguous, 1);
    CU_ASSERT_EQUAL(rep.skipped_empty, 1);
    CU_ASSERT_EQUAL(rep.skipped_long, 1);
    CU_ASSERT_EQUAL_FATAL(s->n, 3);
    CU_ASSERT_STRING_EQUAL(s->ids[0], "s1");
    CU_ASSERT_STRING_EQUAL(letters(s, 0), "ACDEFGHIK");
    CU_ASSERT_STRING_EQUAL(letters(s, 1), "MKV");
    CU_ASSERT_STRING_EQUAL(s->ids[2], "s6");
    CU_ASSERT_STRING_EQUAL(letters(s, 2), "LLLL");
    CU_ASSERT_EQUAL(s->n_families, 1);
    CU_ASSERT_STRING_EQUAL(s->families[0], "a");
    CU_ASSERT_EQUAL(s->max_length, 9);
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.messages[0], "a.fasta:8: sequence s3 "
                                  "skipped: ambiguous"));
    pg_protein_seqs_destroy(&s);
}

static void expect_fasta_error(const char *text, const char *what)
{
    write_text("bad.fasta", text);
    pg_protein_seqs *s = NULL;
    pg_protein_import_report rep = {0};
    pg_protein_import_opts o = {"f", 0};
    PG_ASSERT_OK(pg_protein_seqs_create(&s));
    CU_ASSERT_EQUAL(pg_protein_fasta_read("bad.fasta", &o, s, &rep),
                    PG_ERR_FORMAT);
    const char *msg = pg_error_message();
    if (!strstr(msg, what))
        fprintf(stderr, "\nmessage '%s' lacks '%s'\n", msg, what);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, what));
    pg_error_clear();
    pg_protein_seqs_destroy(&s);
}

static void test_fasta_errors(void)
{
    expect_fasta_error(">a\nACD\nAC1D\n", "bad.fasta:3: sequence a: "
                       "character '1'");
    expect_fasta_error(">a\nAC*D\n", "bad.fasta:2: sequence a: 'D' after the "
                       "stop");
    expect_fasta_error("ACDE\n>a\nAC\n", "bad.fasta:1: text before the first");
    expect_fasta_error(">\nAC\n", "bad.fasta:1: '>' line without");
    expect_fasta_error("\n\n", "no '>' record");
    expect_fasta_error(">ok\nAC\n>caf\xc3\xa9 x\nAC\n", "bad.fasta:3: "
                       "sequence id 'caf");
}

static const char *const STO =
    "# STOCKHOLM 1.0\n"
    "#=GF ID   fam1\n"
    "#=GS s1 DE something\n"
    "s1   AC-DE\n"
    "s2   ac.de\n"
    "#=GC SS_cons ....\n"
    "\n"
    "s1   FG\n"
    "s2   -X\n"
    "//\n"
    "# STOCKHOLM 1.0\n"
    "#=GF ID fam2\n"
    "t1 MKV\n"
    "//\n";

static void test_stockholm(void)
{
    pg_protein_import_report rep = {0};
    pg_protein_seqs *s =
        import_ok(pg_protein_stockholm_read, "a.sto", STO, 0, &rep);
    CU_ASSERT_EQUAL(rep.records, 3);
    CU_ASSERT_EQUAL(rep.skipped_ambiguous, 1);
    CU_ASSERT_EQUAL_FATAL(s->n, 2);
    CU_ASSERT_STRING_EQUAL(letters(s, 0), "ACDEFG");
    CU_ASSERT_STRING_EQUAL(s->ids[1], "t1");
    CU_ASSERT_EQUAL(s->n_families, 2);
    CU_ASSERT_STRING_EQUAL(s->families[s->family[1]], "fam2");
    CU_ASSERT_PTR_NOT_NULL(strstr(rep.messages[0], "a.sto:9: sequence s2"));

    /* Written as protein/1, valid, and read back equal. */
    PG_ASSERT_OK(pg_protein_file_write("p.h5", s, "test"));
    pg_h5_file *f = NULL;
    pg_schema_report *r = NULL;
    PG_ASSERT_OK(pg_h5_file_open("p.h5", NULL, &f));
    PG_ASSERT_OK(pg_schema_validate(f, &r));
    for (size_t i = 0; i < r->n; i++) fprintf(stderr, "\n%s", r->problems[i]);
    CU_ASSERT_EQUAL(r->n, 0);
    pg_schema_report_destroy(&r);
    pg_h5_file_close(&f);
    pg_protein_seqs *b = NULL;
    PG_ASSERT_OK(pg_protein_file_read("p.h5", &b));
    CU_ASSERT_EQUAL_FATAL(b->n, 2);
    CU_ASSERT_STRING_EQUAL(letters(b, 0), "ACDEFG");
    CU_ASSERT_STRING_EQUAL(letters(b, 1), "MKV");
    CU_ASSERT_STRING_EQUAL(b->ids[1], "t1");
    CU_ASSERT_EQUAL(b->n_families, 2);
    CU_ASSERT_STRING_EQUAL(b->families[b->family[0]], "fam1");
    pg_protein_seqs_destroy(&b);
    pg_protein_seqs_destroy(&s);
}

static void test_stockholm_errors(void)
{
    pg_protein_seqs *s = NULL;
    pg_protein_import_report rep = {0};
    pg_protein_import_opts o = {NULL, 0};
    PG_ASSERT_OK(pg_protein_seqs_create(&s));
    /* One unnamed alignment takes the file's name, a second one is an
     * error; --family names both. */
    write_text("noid.sto", "# STOCKHOLM 1.0\ns1 ACD\n//\n"
                           "# STOCKHOLM 1.0\ns2 MKV\n//\n");
    CU_ASSERT_EQUAL(pg_protein_stockholm_read("noid.sto", &o, s, &rep),
                    PG_ERR_FORMAT);
    CU_ASSERT_STRING_EQUAL(s->families[0], "noid");
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "noid.sto:6: a second "
                                  "alignment (from line 4) without a #=GF "
                                  "ID"));
    pg_error_clear();
    o.family = "given";
    PG_ASSERT_OK(pg_protein_stockholm_read("noid.sto", &o, s, &rep));
    CU_ASSERT_STRING_EQUAL(s->families[1], "given");
    write_text("open.sto", "# STOCKHOLM 1.0\ns1 ACD\n");
    CU_ASSERT_EQUAL(pg_protein_stockholm_read("open.sto", &o, s, &rep),
                    PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no closing //"));
    pg_error_clear();
    write_text("fasta.sto", ">s1\nACD\n");
    CU_ASSERT_EQUAL(pg_protein_stockholm_read("fasta.sto", &o, s, &rep),
                    PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "fasta.sto:1: expected "
                                  "'# STOCKHOLM 1.0'"));
    pg_error_clear();
    write_text("row.sto", "# STOCKHOLM 1.0\ns1 AC D\n//\n");
    CU_ASSERT_EQUAL(pg_protein_stockholm_read("row.sto", &o, s, &rep),
                    PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "row.sto:2: sequence "
                                  "row 's1' has more than two fields"));
    pg_error_clear();
    pg_protein_seqs_destroy(&s);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("protein_import");
    PG_TEST(s, test_alphabet_rule);
    PG_TEST(s, test_fasta);
    PG_TEST(s, test_fasta_errors);
    PG_TEST(s, test_stockholm);
    PG_TEST(s, test_stockholm_errors);
}
