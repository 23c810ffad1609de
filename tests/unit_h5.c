/* HDF5 helpers: atomic writer (commit, abort, failure leaves the old file),
 * every element type round trip, rows and row lists, attributes, strings,
 * and errors that name the file and dataset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/h5.h"
#include "runner.h"

static int file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

/* No "<path>.tmp.*" left in the working directory. */
static int no_temporaries(const char *path)
{
    char tmp[256];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    return !file_exists(tmp);
}

static void expect_error(pg_status s, pg_status want, const char *a,
                         const char *b)
{
    CU_ASSERT_EQUAL(s, want);
    const char *m = pg_error_message();
    if (a) CU_ASSERT_PTR_NOT_NULL(strstr(m, a));
    if (b) CU_ASSERT_PTR_NOT_NULL(strstr(m, b));
    if ((a && !strstr(m, a)) || (b && !strstr(m, b)))
        fprintf(stderr, "message was: %s\n", m);
    pg_error_clear();
}

static void test_types_round_trip(void)
{
    pg_h5_file *w = NULL;
    unlink("types.h5"); /* from an earlier run */
    PG_ASSERT_OK(pg_h5_writer_open("types.h5", "test/1", "unit_h5", &w));
    float f32[6] = {1.5f, -2, 3, 4, 5, 6e-30f};
    double f64[3] = {1e300, -0.25, 3};
    int64_t i64 = -1234567890123LL;
    int32_t i32[4] = {-7, 0, 7, 2147483647};
    int16_t i16[2] = {-32768, 12};
    uint8_t u8[5] = {0, 1, 128, 254, 255};
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/a/f32", PG_H5_F32, 2,
                                     (size_t[]){2, 3}, f32, "m", 0));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "f64", PG_H5_F64, 1, (size_t[]){3},
                                     f64, "s", 4));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "i64", PG_H5_I64, 0, NULL, &i64,
                                     NULL, 0));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "i32", PG_H5_I32, 1, (size_t[]){4},
                                     i32, NULL, 9));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "i16", PG_H5_I16, 1, (size_t[]){2},
                                     i16, NULL, 0));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "u8", PG_H5_U8, 1, (size_t[]){5}, u8,
                                     NULL, 1));
    PG_ASSERT_OK(pg_h5_string_write(w, "text", "line 1\nline 2"));
    PG_ASSERT_OK(pg_h5_attr_write_double(w, "/", "temperature", 0.75));
    PG_ASSERT_OK(pg_h5_attr_write_int(w, "/a/f32", "classes", 10));
    CU_ASSERT_FALSE(file_exists("types.h5"));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    CU_ASSERT_PTR_NULL(w);
    CU_ASSERT_TRUE(file_exists("types.h5"));
    CU_ASSERT_TRUE(no_temporaries("types.h5"));

    pg_h5_file *r = NULL;
    PG_ASSERT_OK(pg_h5_file_open("types.h5", "test/1", &r));
    float f32b[6];
    double f64b[3];
    int64_t i64b;
    int32_t i32b[4];
    int16_t i16b[2];
    uint8_t u8b[5];
    PG_ASSERT_OK(pg_h5_dataset_read(r, "/a/f32", PG_H5_F32, f32b, 6));
    PG_ASSERT_OK(pg_h5_dataset_read(r, "/f64", PG_H5_F64, f64b, 3));
    PG_ASSERT_OK(pg_h5_dataset_read(r, "/i64", PG_H5_I64, &i64b, 1));
    PG_ASSERT_OK(pg_h5_dataset_read(r, "/i32", PG_H5_I32, i32b, 4));
    PG_ASSERT_OK(pg_h5_dataset_read(r, "/i16", PG_H5_I16, i16b, 2));
    PG_ASSERT_OK(pg_h5_dataset_read(r, "/u8", PG_H5_U8, u8b, 5));
    CU_ASSERT_EQUAL(memcmp(f32, f32b, sizeof f32), 0);
    CU_ASSERT_EQUAL(memcmp(f64, f64b, sizeof f64), 0);
    CU_ASSERT_EQUAL(i64, i64b);
    CU_ASSERT_EQUAL(memcmp(i32, i32b, sizeof i32), 0);
    CU_ASSERT_EQUAL(memcmp(i16, i16b, sizeof i16), 0);
    CU_ASSERT_EQUAL(memcmp(u8, u8b, sizeof u8), 0);

    pg_h5_dataset_info info;
    PG_ASSERT_OK(pg_h5_dataset_info_get(r, "/a/f32", &info));
    CU_ASSERT_EQUAL(info.type, PG_H5_F32);
    CU_ASSERT_EQUAL(info.rank, 2);
    CU_ASSERT_EQUAL(info.dims[0], 2);
    CU_ASSERT_EQUAL(info.dims[1], 3);
    CU_ASSERT_EQUAL(info.nelem, 6);
    PG_ASSERT_OK(pg_h5_dataset_info_get(r, "/i64", &info));
    CU_ASSERT_EQUAL(info.rank, 0);
    CU_ASSERT_EQUAL(info.type, PG_H5_I64);

    char *s = NULL;
    PG_ASSERT_OK(pg_h5_string_read(r, "/text", &s));
    CU_ASSERT_STRING_EQUAL(s, "line 1\nline 2");
    free(s);
    PG_ASSERT_OK(pg_h5_attr_read_string(r, "/a/f32", "units", &s));
    CU_ASSERT_STRING_EQUAL(s, "m");
    free(s);
    PG_ASSERT_OK(pg_h5_attr_read_string(r, "/i32", "units", &s));
    CU_ASSERT_STRING_EQUAL(s, "1");
    free(s);
    PG_ASSERT_OK(pg_h5_attr_read_string(r, "/", "created_by", &s));
    CU_ASSERT_PTR_NOT_NULL(strstr(s, "physgan "));
    CU_ASSERT_STRING_EQUAL(s, pg_h5_created_by());
    free(s);
    PG_ASSERT_OK(pg_h5_attr_read_string(r, "/", "source", &s));
    CU_ASSERT_STRING_EQUAL(s, "unit_h5");
    free(s);
    double t;
    int64_t k;
    PG_ASSERT_OK(pg_h5_attr_read_double(r, "/", "temperature", &t));
    CU_ASSERT_EQUAL(t, 0.75);
    PG_ASSERT_OK(pg_h5_attr_read_int(r, "/a/f32", "classes", &k));
    CU_ASSERT_EQUAL(k, 10);
    expect_error(pg_h5_attr_read_int(r, "/", "temperature", &k),
                 PG_ERR_FORMAT, "temperature", "expected an integer");

    char **names = NULL;
    size_t n = 0;
    PG_ASSERT_OK(pg_h5_dataset_names(r, &names, &n));
    CU_ASSERT_EQUAL(n, 7);
    if (n == 7) {
        CU_ASSERT_STRING_EQUAL(names[0], "/a/f32");
        CU_ASSERT_STRING_EQUAL(names[6], "/u8");
    }
    pg_h5_names_free(&names, n);
    PG_ASSERT_OK(pg_h5_attr_names(r, "/", &names, &n));
    CU_ASSERT_EQUAL(n, 4); /* created_by physgan_schema source temperature */
    pg_h5_names_free(&names, n);
    CU_ASSERT_TRUE(pg_h5_exists(r, "/a"));
    CU_ASSERT_FALSE(pg_h5_is_dataset(r, "/a"));
    CU_ASSERT_FALSE(pg_h5_exists(r, "/nope/deeper"));
    pg_h5_file_close(&r);
    CU_ASSERT_PTR_NULL(r);
}

static void test_rows_and_row_lists(void)
{
    enum { N = 1000, C = 3 };
    static int32_t v[N][C], got[N][C];
    for (int i = 0; i < N; i++)
        for (int c = 0; c < C; c++) v[i][c] = 10 * i + c;
    pg_h5_file *w = NULL;
    PG_ASSERT_OK(pg_h5_writer_open("rows.h5", "test/1", NULL, &w));
    /* Create empty, fill in two pieces. */
    PG_ASSERT_OK(pg_h5_dataset_write(w, "x", PG_H5_I32, 2, (size_t[]){N, C},
                                     NULL, NULL, 6));
    PG_ASSERT_OK(pg_h5_dataset_write_rows(w, "x", PG_H5_I32, 0, 400, v));
    PG_ASSERT_OK(pg_h5_dataset_write_rows(w, "x", PG_H5_I32, 400, N - 400,
                                          v[400]));
    expect_error(pg_h5_dataset_write_rows(w, "x", PG_H5_I32, 999, 2, v),
                 PG_ERR_SHAPE, "rows.h5", "dataset x has 1000 rows");
    PG_ASSERT_OK(pg_h5_writer_commit(&w));

    pg_h5_file *r = NULL;
    PG_ASSERT_OK(pg_h5_file_open("rows.h5", NULL, &r));
    PG_ASSERT_OK(pg_h5_dataset_read_rows(r, "x", PG_H5_I32, 17, 50, got));
    CU_ASSERT_EQUAL(memcmp(got, v[17], 50 * sizeof v[0]), 0);
    PG_ASSERT_OK(pg_h5_dataset_read_rows(r, "x", PG_H5_I32, 5, 0, got));
    size_t rows[] = {0, 1, 2, 7, 500, 501, 999};
    PG_ASSERT_OK(pg_h5_dataset_read_row_list(r, "x", PG_H5_I32, rows, 7, got));
    for (int i = 0; i < 7; i++)
        CU_ASSERT_EQUAL(memcmp(got[i], v[rows[i]], sizeof v[0]), 0);
    size_t bad[] = {3, 3};
    expect_error(pg_h5_dataset_read_row_list(r, "x", PG_H5_I32, bad, 2, got),
                 PG_ERR_ARG, "increasing", NULL);
    expect_error(pg_h5_dataset_read_rows(r, "x", PG_H5_I32, 990, 11, got),
                 PG_ERR_SHAPE, "rows.h5", "has 1000 rows");
    pg_h5_dataset_info info;
    PG_ASSERT_OK(pg_h5_dataset_info_get(r, "x", &info));
    CU_ASSERT_TRUE(info.chunk_rows > 0 && info.chunk_rows <= N);
    pg_h5_file_close(&r);
}

static void test_errors_name_file_and_dataset(void)
{
    pg_h5_file *r = NULL;
    expect_error(pg_h5_file_open("missing.h5", NULL, &r), PG_ERR_IO,
                 "missing.h5", "No such file");
    CU_ASSERT_PTR_NULL(r);
    FILE *fp = fopen("text.h5", "w");
    fputs("not hdf5 at all\n", fp);
    fclose(fp);
    expect_error(pg_h5_file_open("text.h5", NULL, &r), PG_ERR_FORMAT,
                 "text.h5", "not an HDF5 file");
    expect_error(pg_h5_file_open("types.h5", "terrain/1", &r), PG_ERR_FORMAT,
                 "\"test/1\"", "\"terrain/1\"");
    /* The same kind of file in another format version says which side
     * must change. */
    expect_error(pg_h5_file_open("types.h5", "test/2", &r), PG_ERR_FORMAT,
                 "\"test/1\" is older than the \"test/2\"",
                 "make the file again");
    expect_error(pg_h5_file_open("types.h5", "test/0", &r), PG_ERR_FORMAT,
                 "\"test/1\" is newer than the \"test/0\"",
                 "written by a later version (physgan ");

    PG_ASSERT_OK(pg_h5_file_open("types.h5", NULL, &r));
    float x[8];
    expect_error(pg_h5_dataset_read(r, "/nothing", PG_H5_F32, x, 8),
                 PG_ERR_FORMAT, "types.h5", "no dataset /nothing");
    expect_error(pg_h5_dataset_read(r, "/i32", PG_H5_F32, x, 8),
                 PG_ERR_FORMAT, "/i32 is int32, expected float32", "types.h5");
    expect_error(pg_h5_dataset_read(r, "/a/f32", PG_H5_F32, x, 5),
                 PG_ERR_SHAPE, "/a/f32", "6 elements");
    expect_error(pg_h5_dataset_write(r, "/y", PG_H5_F32, 1, (size_t[]){1}, x,
                                     NULL, 0),
                 PG_ERR_STATE, "types.h5", "reading");
    char *s;
    expect_error(pg_h5_attr_read_string(r, "/", "nope", &s), PG_ERR_FORMAT,
                 "types.h5", "no attribute nope");
    pg_h5_file_close(&r);
}

static void test_abort_and_failure_keep_old_file(void)
{
    pg_h5_file *w = NULL;
    float one = 1, two = 2, got = 0;
    PG_ASSERT_OK(pg_h5_writer_open("keep.h5", "test/1", NULL, &w));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "v", PG_H5_F32, 0, NULL, &one, NULL, 0));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));

    PG_ASSERT_OK(pg_h5_writer_open("keep.h5", "test/1", NULL, &w));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "v", PG_H5_F32, 0, NULL, &two, NULL, 0));
    /* A second dataset of the same name is an error naming it. */
    expect_error(pg_h5_dataset_write(w, "v", PG_H5_F32, 0, NULL, &two, NULL, 0),
                 PG_ERR_IO, "keep.h5", "v");
    pg_h5_writer_abort(&w);
    CU_ASSERT_PTR_NULL(w);
    CU_ASSERT_TRUE(no_temporaries("keep.h5"));

    pg_h5_file *r = NULL;
    PG_ASSERT_OK(pg_h5_file_open("keep.h5", "test/1", &r));
    PG_ASSERT_OK(pg_h5_dataset_read(r, "v", PG_H5_F32, &got, 1));
    CU_ASSERT_EQUAL(got, 1);
    pg_h5_file_close(&r);

    /* Unwritable target directory: an error naming the path. */
    expect_error(pg_h5_writer_open("no/such/dir/x.h5", "test/1", NULL, &w),
                 PG_ERR_IO, "no/such/dir/x.h5", NULL);
    CU_ASSERT_PTR_NULL(w);
    pg_h5_writer_abort(&w);
    pg_h5_file_close(&w);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("h5");
    PG_TEST(s, test_types_round_trip);
    PG_TEST(s, test_rows_and_row_lists);
    PG_TEST(s, test_errors_name_file_and_dataset);
    PG_TEST(s, test_abort_and_failure_keep_old_file);
}
