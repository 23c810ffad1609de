/* The digits CSV reader (src/io/digits_import.h) on small generated files,
 * written with zlib here, and the images/1 HDF5 round trip
 * (src/io/images_h5.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "io/digits_import.h"
#include "io/images_h5.h"
#include "runner.h"

/* One CSV row: pixel p of image `seed` is (p + seed) % 17, then label. */
static void row(char *buf, size_t n, int seed, int label)
{
    size_t k = 0;
    for (int p = 0; p < PG_DIGITS_PIXELS; p++)
        k += (size_t)snprintf(buf + k, n - k, "%d,", (p + seed) % 17);
    snprintf(buf + k, n - k, "%d", label);
}

static void write_gz(const char *path, const char *text)
{
    gzFile f = gzopen(path, "wb");
    CU_ASSERT_FATAL(f != NULL);
    CU_ASSERT_FATAL(gzputs(f, text) == (int)strlen(text));
    CU_ASSERT_FATAL(gzclose(f) == Z_OK);
}

static void test_reads_gz_rows(void)
{
    char text[2048], r[512];
    text[0] = '\0';
    for (int i = 0; i < 3; i++) {
        row(r, sizeof r, i, 7 - i);
        strcat(text, r);
        strcat(text, i == 1 ? "\r\n\n" : "\n"); /* CRLF, a blank line */
    }
    write_gz("ok.csv.gz", text);
    pg_digits *d = NULL;
    PG_ASSERT_OK(pg_digits_read("ok.csv.gz", &d));
    CU_ASSERT_EQUAL_FATAL(d->n, 3);
    for (int i = 0; i < 3; i++) {
        CU_ASSERT_EQUAL(d->labels[i], 7 - i);
        for (int p = 0; p < PG_DIGITS_PIXELS; p++)
            CU_ASSERT_DOUBLE_EQUAL(d->images[i * 64 + p],
                                   ((p + i) % 17) / 16.0, 1e-7);
    }
    pg_digits_destroy(&d);
    CU_ASSERT_PTR_NULL(d);
}

static void test_reads_plain_text(void)
{
    char r[512];
    row(r, sizeof r, 5, 9);
    FILE *f = fopen("plain.csv", "w");
    CU_ASSERT_FATAL(f != NULL);
    fprintf(f, "%s", r); /* no final newline */
    fclose(f);
    pg_digits *d = NULL;
    PG_ASSERT_OK(pg_digits_read("plain.csv", &d));
    CU_ASSERT_EQUAL(d->n, 1);
    CU_ASSERT_EQUAL(d->labels[0], 9);
    CU_ASSERT_DOUBLE_EQUAL(d->images[11], 16 / 16.0, 1e-7);
    pg_digits_destroy(&d);
}

/* Import `line` as the second row of bad.csv.gz; expect a format error
 * whose message contains want. */
static void expect_error(const char *line, const char *want)
{
    char text[2048], r[512];
    row(r, sizeof r, 0, 1);
    snprintf(text, sizeof text, "%s\n%s\n", r, line);
    write_gz("bad.csv.gz", text);
    pg_digits *d = NULL;
    pg_status s = pg_digits_read("bad.csv.gz", &d);
    CU_ASSERT_EQUAL(s, PG_ERR_FORMAT);
    CU_ASSERT_PTR_NULL(d);
    const char *msg = pg_error_message();
    if (!strstr(msg, want)) printf("\n  got '%s', want '%s'\n", msg, want);
    CU_ASSERT_PTR_NOT_NULL(strstr(msg, want));
    pg_error_clear();
}

/* Row `seed` with field `field` (1-based) replaced by `value`; *col gets
 * the byte column where that field starts. */
static void row_with(char *buf, size_t n, int field, const char *value,
                     long *col)
{
    size_t k = 0;
    for (int f = 1; f <= PG_DIGITS_PIXELS + 1; f++) {
        if (f == field) *col = (long)k + 1;
        if (f == field)
            k += (size_t)snprintf(buf + k, n - k, "%s", value);
        else
            k += (size_t)snprintf(buf + k, n - k, "%d", f <= 64 ? 3 : 4);
        if (f <= PG_DIGITS_PIXELS) k += (size_t)snprintf(buf + k, n - k, ",");
    }
}

static void test_errors_name_line_and_column(void)
{
    char line[512], want[64];
    long col = 0;
    row_with(line, sizeof line, 5, "abc", &col);
    snprintf(want, sizeof want, "bad.csv.gz:2:%ld: field 5 'abc'", col);
    expect_error(line, want);
    CU_ASSERT_EQUAL(col, 9); /* "3,3,3,3," precede it */

    row_with(line, sizeof line, 40, "17", &col);
    snprintf(want, sizeof want, "bad.csv.gz:2:%ld: pixel 40 is 17", col);
    expect_error(line, want);

    row_with(line, sizeof line, 12, "-1", &col);
    snprintf(want, sizeof want, "bad.csv.gz:2:%ld: pixel 12 is -1", col);
    expect_error(line, want);

    row_with(line, sizeof line, 65, "10", &col);
    snprintf(want, sizeof want, "bad.csv.gz:2:%ld: label 10", col);
    expect_error(line, want);

    row_with(line, sizeof line, 65, "2.5", &col);
    snprintf(want, sizeof want, "bad.csv.gz:2:%ld: label 2.5", col);
    expect_error(line, want);

    row_with(line, sizeof line, 7, "", &col);
    snprintf(want, sizeof want, "bad.csv.gz:2:%ld: field 7 is empty", col);
    expect_error(line, want);

    /* 64 fields: the count is reported at the end of the line. */
    row_with(line, sizeof line, 65, "", &col);
    line[strlen(line) - 1] = '\0'; /* drop the trailing comma */
    snprintf(want, sizeof want, "bad.csv.gz:2:%zu: 64 fields, expected 65",
             strlen(line) + 1);
    expect_error(line, want);

    /* 66 fields. */
    row_with(line, sizeof line, 65, "1,2", &col);
    snprintf(want, sizeof want, "bad.csv.gz:2:%ld: more than 65 fields",
             col + 2);
    expect_error(line, want);
}

static void test_empty_and_missing_files(void)
{
    write_gz("empty.csv.gz", "\n\n");
    pg_digits *d = NULL;
    CU_ASSERT_EQUAL(pg_digits_read("empty.csv.gz", &d), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "empty.csv.gz:3:1: no "
                                  "image rows"));
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_digits_read("no-such.csv.gz", &d), PG_ERR_IO);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "no-such.csv.gz"));
    pg_error_clear();
}

static void test_images_h5_round_trip(void)
{
    enum { N = 5, C = 1, H = 8, W = 8 };
    static float x[N * C * H * W];
    int32_t y[N] = {0, 3, 9, 1, 3};
    for (int i = 0; i < N * C * H * W; i++) x[i] = (float)(i % 17) / 16.0f;
    pg_images im = {N, C, H, W, 10, x, y};
    PG_ASSERT_OK(pg_images_write("set.h5", &im, "unit test"));
    pg_images *back = NULL;
    PG_ASSERT_OK(pg_images_read("set.h5", &back));
    CU_ASSERT_EQUAL(back->n, N);
    CU_ASSERT_EQUAL(back->c, C);
    CU_ASSERT_EQUAL(back->h, H);
    CU_ASSERT_EQUAL(back->w, W);
    CU_ASSERT_EQUAL(back->classes, 10);
    CU_ASSERT_EQUAL(memcmp(back->x, x, sizeof x), 0);
    CU_ASSERT_EQUAL(memcmp(back->labels, y, sizeof y), 0);
    pg_images_destroy(&back);

    /* A label outside [0, classes) is refused by the reader (the schema
     * validation before any use, io/schema.h). */
    y[2] = 10;
    PG_ASSERT_OK(pg_images_write("badlabel.h5", &im, "unit test"));
    CU_ASSERT_EQUAL(pg_images_read("badlabel.h5", &back), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "badlabel.h5: not a valid images/1 file, 1 "
                                  "problem: /labels: 1 value outside [0, 9] "
                                  "(first 10 in row 2)"));
    pg_error_clear();
    y[2] = 9;
    x[70] = 1.5f;
    PG_ASSERT_OK(pg_images_write("badpixel.h5", &im, "unit test"));
    CU_ASSERT_EQUAL(pg_images_read("badpixel.h5", &back), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "/images: 1 value outside [0, 1] (first "
                                  "1.5 in row 1)"));
    pg_error_clear();
    CU_ASSERT_PTR_NULL(back);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("digits_import");
    PG_TEST(s, test_reads_gz_rows);
    PG_TEST(s, test_reads_plain_text);
    PG_TEST(s, test_errors_name_line_and_column);
    PG_TEST(s, test_empty_and_missing_files);
    PG_TEST(s, test_images_h5_round_trip);
}
