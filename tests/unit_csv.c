/* CSV reader (io/csv.h): accepted variants (quoted names, spaces, CRLF,
 * BOM, blank lines, no final newline) and every error path, each of which
 * must name file:line:column. */
#include <stdio.h>
#include <string.h>

#include "io/csv.h"
#include "runner.h"

static pg_csv *parse_ok(const char *text)
{
    pg_csv *c = NULL;
    PG_ASSERT_OK(pg_csv_parse(text, strlen(text), "t.csv", &c));
    return c;
}

/* Parsing must fail with status want and a message containing where and
 * what. */
static void parse_bad(const char *text, pg_status want, const char *where,
                      const char *what)
{
    pg_csv *c = NULL;
    pg_status s = pg_csv_parse(text, strlen(text), "t.csv", &c);
    CU_ASSERT_EQUAL(s, want);
    CU_ASSERT_PTR_NULL(c);
    const char *msg = pg_error_message();
    if (!strstr(msg, where) || !strstr(msg, what))
        fprintf(stderr, "\nmessage '%s' lacks '%s' / '%s'\n", msg, where,
                what);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, where));
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, what));
    pg_error_clear();
}

static void test_plain(void)
{
    pg_csv *c = parse_ok("a,b,c\n1,2,3\n4.5,-6e2,0x10\n");
    CU_ASSERT_EQUAL(c->rows, 2);
    CU_ASSERT_EQUAL(c->cols, 3);
    CU_ASSERT_STRING_EQUAL(c->names[2], "c");
    CU_ASSERT_EQUAL(c->data[3], 4.5);
    CU_ASSERT_EQUAL(c->data[4], -600.0);
    CU_ASSERT_EQUAL(c->data[5], 16.0);
    CU_ASSERT_EQUAL(c->header_line, 1);
    pg_csv_destroy(&c);
    CU_ASSERT_PTR_NULL(c);
}

static void test_variants(void)
{
    /* BOM, leading blank line, quoted names with a comma and an escaped
     * quote, spaces and tabs, CRLF, a quoted cell, no final newline. */
    pg_csv *c = parse_ok("\xEF\xBB\xBF\r\n \"x, 1\" ,\t\"say \"\"y\"\"\"\r\n"
                         "  1 ,\t2\r\n\r\n\"3\",4");
    CU_ASSERT_EQUAL(c->rows, 2);
    CU_ASSERT_STRING_EQUAL(c->names[0], "x, 1");
    CU_ASSERT_STRING_EQUAL(c->names[1], "say \"y\"");
    CU_ASSERT_EQUAL(c->header_line, 2);
    CU_ASSERT_EQUAL(c->data[0], 1.0);
    CU_ASSERT_EQUAL(c->data[1], 2.0);
    CU_ASSERT_EQUAL(c->data[2], 3.0);
    CU_ASSERT_EQUAL(c->data[3], 4.0);
    size_t col = 9;
    PG_ASSERT_OK(pg_csv_column_index(c, "say \"y\"", &col));
    CU_ASSERT_EQUAL(col, 1);
    pg_csv_destroy(&c);
}

static void test_errors(void)
{
    parse_bad("", PG_ERR_FORMAT, "t.csv:1:1:", "empty file");
    parse_bad("\n  \r\n", PG_ERR_FORMAT, "t.csv:1:1:", "empty file");
    parse_bad("a,b\n", PG_ERR_FORMAT, "t.csv:2:1:", "no data rows");
    parse_bad("a,b\n1,2\n1,2,3\n", PG_ERR_FORMAT, "t.csv:3:5:",
              "row has 3 fields, the header has 2");
    parse_bad("a,b,c\n1,2\n", PG_ERR_FORMAT, "t.csv:2:4:",
              "row has 2 fields, the header has 3");
    parse_bad("a,b\n1,2,\n", PG_ERR_FORMAT, "t.csv:2:5:",
              "row has 3 fields");
    parse_bad("a,b\n1, abc\n", PG_ERR_FORMAT, "t.csv:2:4:",
              "'abc' in column 'b' is not a number");
    parse_bad("a,b\n1,2x\n", PG_ERR_FORMAT, "t.csv:2:3:", "not a number");
    parse_bad("a,b\n1,2\n3,nan\n", PG_ERR_FORMAT, "t.csv:3:3:",
              "NaN and Inf are not allowed");
    parse_bad("a,b\n-Inf,2\n", PG_ERR_FORMAT, "t.csv:2:1:",
              "NaN and Inf are not allowed");
    parse_bad("a,b\n1,1e999\n", PG_ERR_FORMAT, "t.csv:2:3:",
              "out of the range");
    parse_bad("a,b\n1, ,\n", PG_ERR_FORMAT, "t.csv:2:", "row has 3 fields");
    parse_bad("a,b\n1,  \n", PG_ERR_FORMAT, "t.csv:2:3:",
              "empty cell in column 'b'");
    parse_bad("a,a\n1,2\n", PG_ERR_FORMAT, "t.csv:1:3:",
              "duplicate column name 'a'");
    parse_bad("a,,c\n1,2,3\n", PG_ERR_FORMAT, "t.csv:1:3:",
              "empty name for column 2");
    parse_bad("a,\"b\n1,2\n", PG_ERR_FORMAT, "t.csv:1:3:",
              "unterminated quoted field");
    parse_bad("a,\"b\"c\n1,2\n", PG_ERR_FORMAT, "t.csv:1:6:",
              "after a closing quote");
}

static void test_missing_column(void)
{
    pg_csv *c = parse_ok("\nx,y\n1,2\n");
    size_t col;
    CU_ASSERT_EQUAL(pg_csv_column_index(c, "z", &col), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "t.csv:2:1:"));
    CU_ASSERT_PTR_NOT_NULL(
        strstr(pg_error_message(), "no column 'z' in the header (columns: "
                                   "'x', 'y')"));
    pg_error_clear();
    pg_csv_destroy(&c);
}

static void test_files(void)
{
    FILE *f = fopen("crlf.csv", "wb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("p,q\r\n1,2\r\n3,4\r\n5,x\r\n", f);
    fclose(f);
    pg_csv *c = NULL;
    CU_ASSERT_EQUAL(pg_csv_read("crlf.csv", &c), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "crlf.csv:4:3: 'x' in column 'q'"));
    pg_error_clear();
    f = fopen("crlf.csv", "wb");
    fputs("p,q\r\n1,2\r\n3,4\r\n", f);
    fclose(f);
    PG_ASSERT_OK(pg_csv_read("crlf.csv", &c));
    CU_ASSERT_EQUAL(c->rows, 2);
    CU_ASSERT_EQUAL(c->data[3], 4.0);
    pg_csv_destroy(&c);
    CU_ASSERT_EQUAL(pg_csv_read("no-such-file.csv", &c), PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no-such-file.csv"));
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("csv");
    PG_TEST(s, test_plain);
    PG_TEST(s, test_variants);
    PG_TEST(s, test_errors);
    PG_TEST(s, test_missing_column);
    PG_TEST(s, test_files);
}
