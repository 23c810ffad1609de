/* JSON text (base/json.h): string literals escaped one way everywhere
 * (also into a text buffer, HTML-safe for pages), truncation as snprintf,
 * numbers or null. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/json.h"
#include "io/text_buffer.h"
#include "runner.h"

static void test_quote_escapes(void)
{
    char out[64];
    size_t n = pg_json_quote(out, sizeof out, "a\"b\\c\nd\te\x01<", 0);
    CU_ASSERT_STRING_EQUAL(out, "\"a\\\"b\\\\c\\nd\\te\\u0001<\"");
    CU_ASSERT_EQUAL(n, strlen(out));
    pg_json_quote(out, sizeof out, "</script>", PG_JSON_HTML_SAFE);
    CU_ASSERT_STRING_EQUAL(out, "\"\\u003c/script>\"");
    /* UTF-8 passes through untouched. */
    pg_json_quote(out, sizeof out, "\xc3\xa9t\xc3\xa9", 0);
    CU_ASSERT_STRING_EQUAL(out, "\"\xc3\xa9t\xc3\xa9\"");
}

static void test_quote_truncates_like_snprintf(void)
{
    char out[5];
    size_t n = pg_json_quote(out, sizeof out, "abcdef", 0);
    CU_ASSERT_EQUAL(n, 8);
    CU_ASSERT_STRING_EQUAL(out, "\"abc");
    CU_ASSERT_EQUAL(pg_json_quote(NULL, 0, "x\n", 0), 5);
}

static void test_file_and_buffer_agree(void)
{
    const char *s = "path/with \"quotes\"\tand\\more\r";
    char want[128];
    pg_json_quote(want, sizeof want, s, 0);
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pg_json_write_string(f, s);
    rewind(f);
    char got[128] = "";
    size_t len = fread(got, 1, sizeof got - 1, f);
    got[len] = 0;
    fclose(f);
    CU_ASSERT_STRING_EQUAL(got, want);
    pg_text_buffer b = {0};
    pg_text_buffer_append(&b, "x=");
    pg_text_buffer_append_json(&b, s, 0);
    CU_ASSERT_STRING_EQUAL(b.data + 2, want);
    CU_ASSERT_EQUAL(b.len, 2 + strlen(want));
    pg_text_buffer_free(&b);
}

static void test_numbers(void)
{
    char buf[32];
    CU_ASSERT_STRING_EQUAL(pg_json_number(buf, sizeof buf, 0.1234567, 6),
                           "0.123457");
    CU_ASSERT_STRING_EQUAL(pg_json_number(buf, sizeof buf, 1e-7, 4), "1e-07");
    CU_ASSERT_STRING_EQUAL(pg_json_number(buf, sizeof buf, NAN, 6), "null");
    CU_ASSERT_STRING_EQUAL(pg_json_number(buf, sizeof buf, -INFINITY, 6),
                           "null");
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("json");
    PG_TEST(s, test_quote_escapes);
    PG_TEST(s, test_quote_truncates_like_snprintf);
    PG_TEST(s, test_file_and_buffer_agree);
    PG_TEST(s, test_numbers);
}
