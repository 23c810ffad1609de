/* The error chain: raise, trace through callers, print, clear; status
 * names; PG_CHECK_GOTO reaching its cleanup. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/status.h"
#include "runner.h"

static pg_status innermost(int value)
{
    if (value > 5)
        return PG_FAIL(PG_ERR_NUMERIC, "value %d is above 5", value);
    return PG_OK;
}

static pg_status middle(int value)
{
    PG_CHECK(innermost(value));
    return PG_OK;
}

static pg_status outer(int value)
{
    PG_CHECK(middle(value));
    return PG_OK;
}

/* pg_error_print output, read back. */
static void printed_chain(char *buf, size_t n)
{
    FILE *f = tmpfile();
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    pg_error_print(f);
    rewind(f);
    size_t len = fread(buf, 1, n - 1, f);
    buf[len] = '\0';
    fclose(f);
}

static void test_chain_through_three_functions(void)
{
    pg_error_clear();
    CU_ASSERT_EQUAL(outer(3), PG_OK);
    CU_ASSERT_EQUAL(pg_error_depth(), 0);

    CU_ASSERT_EQUAL(outer(7), PG_ERR_NUMERIC);
    CU_ASSERT_EQUAL(pg_error_status(), PG_ERR_NUMERIC);
    CU_ASSERT_EQUAL(pg_error_depth(), 3);
    CU_ASSERT_STRING_EQUAL(pg_error_message(), "value 7 is above 5");

    char text[2048];
    printed_chain(text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(text, "error: value 7 is above 5 (numerical failure)\n"));
    /* Frame 0 is where the error was raised, then each caller outwards. */
    const char *at = strstr(text, "  at ");
    const char *f1 = strstr(text, ":innermost\n");
    const char *f2 = strstr(text, ":middle\n");
    const char *f3 = strstr(text, ":outer\n");
    CU_ASSERT_PTR_NOT_NULL_FATAL(at);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(f3);
    CU_ASSERT_TRUE(at < f1 && f1 < f2 && f2 < f3);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "unit_status.c:"));
    pg_error_clear();
}

static void test_clear_resets(void)
{
    outer(9);
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_error_status(), PG_OK);
    CU_ASSERT_EQUAL(pg_error_depth(), 0);
    CU_ASSERT_STRING_EQUAL(pg_error_message(), "");
    char text[256];
    printed_chain(text, sizeof text);
    CU_ASSERT_STRING_EQUAL(text, ""); /* nothing to print */
}

static void test_new_raise_starts_new_chain(void)
{
    outer(9);
    CU_ASSERT_EQUAL(middle(8), PG_ERR_NUMERIC);
    CU_ASSERT_EQUAL(pg_error_depth(), 2);
    CU_ASSERT_STRING_EQUAL(pg_error_message(), "value 8 is above 5");
    pg_error_clear();
}

static pg_status returns_bare_status(void) { return PG_ERR_IO; }

static pg_status traces_bare_status(void)
{
    PG_CHECK(returns_bare_status());
    return PG_OK;
}

static void test_unraised_status_still_reported(void)
{
    pg_error_clear();
    CU_ASSERT_EQUAL(traces_bare_status(), PG_ERR_IO);
    CU_ASSERT_EQUAL(pg_error_status(), PG_ERR_IO);
    CU_ASSERT_STRING_EQUAL(pg_error_message(), pg_strerror(PG_ERR_IO));
    CU_ASSERT_EQUAL(pg_error_depth(), 1);
    pg_error_clear();
}

static void test_strerror_names(void)
{
    for (int i = 0; i < PG_STATUS_COUNT; i++) {
        const char *a = pg_strerror((pg_status)i);
        CU_ASSERT_PTR_NOT_NULL_FATAL(a);
        CU_ASSERT_TRUE(strlen(a) > 0);
        for (int j = 0; j < i; j++)
            CU_ASSERT_STRING_NOT_EQUAL(a, pg_strerror((pg_status)j));
    }
    CU_ASSERT_STRING_EQUAL(pg_strerror(PG_STATUS_COUNT), "unknown status");
    CU_ASSERT_STRING_EQUAL(pg_strerror((pg_status)-1), "unknown status");
}

/* Allocates, fails half-way, and must free on the way out. */
static pg_status with_cleanup(int fail, int *freed)
{
    pg_status st = PG_OK;
    *freed = 0;
    char *buf = malloc(64);
    if (!buf) return PG_FAIL(PG_ERR_NOMEM, "buf");
    PG_CHECK_GOTO(st, innermost(fail ? 6 : 1), fail);
    strcpy(buf, "reached the end");
fail:
    free(buf);
    *freed = 1;
    return st;
}

static void test_check_goto_cleans_up(void)
{
    int freed = 0;
    pg_error_clear();
    CU_ASSERT_EQUAL(with_cleanup(0, &freed), PG_OK);
    CU_ASSERT_EQUAL(freed, 1);
    CU_ASSERT_EQUAL(with_cleanup(1, &freed), PG_ERR_NUMERIC);
    CU_ASSERT_EQUAL(freed, 1);
    CU_ASSERT_EQUAL(pg_error_depth(), 2); /* raised + the goto frame */
    char text[2048];
    printed_chain(text, sizeof text);
    CU_ASSERT_PTR_NOT_NULL(strstr(text, ":with_cleanup\n"));
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("status");
    PG_TEST(s, test_chain_through_three_functions);
    PG_TEST(s, test_clear_resets);
    PG_TEST(s, test_new_raise_starts_new_chain);
    PG_TEST(s, test_unraised_status_still_reported);
    PG_TEST(s, test_strerror_names);
    PG_TEST(s, test_check_goto_cleans_up);
}
