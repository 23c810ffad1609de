/* io/xdmf and io/ascii_grid: the XDMF text names the dataset, its shape,
 * the spacing and one HyperSlab per grid; ASCII grids round-trip header
 * and values (NaN as NODATA), use dx/dy for non-square cells, and bad
 * files are errors naming the file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/ascii_grid.h"
#include "io/xdmf.h"
#include "runner.h"

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle)) n++;
    return n;
}

static void test_xdmf_rank3(void)
{
    pg_xdmf_field f = {"gen.h5", "/terrain", "elevation_m", PG_H5_F32, 3,
                       {5, 32, 48, 0}, 10, 20, NULL, 1};
    char *x;
    PG_ASSERT_OK(pg_xdmf_format(&f, &x));
    CU_ASSERT_EQUAL(count(x, "gen.h5:/terrain"), 5);
    CU_ASSERT_EQUAL(count(x, "Dimensions=\"5 32 48\""), 5);
    CU_ASSERT_EQUAL(count(x, "Dimensions=\"1 32 48\""), 10); /* topo+slab */
    CU_ASSERT_PTR_NOT_NULL(strstr(x, ">1 20 10</DataItem>")); /* z y x */
    CU_ASSERT_PTR_NOT_NULL(strstr(x, ">4 0 0 1 1 1 1 32 48</DataItem>"));
    /* Side by side: grid 4 starts at x = 4 (48 + 1) 10. */
    CU_ASSERT_PTR_NOT_NULL(strstr(x, ">0 0 1960</DataItem>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "CollectionType=\"Spatial\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "Precision=\"4\" Format=\"HDF\""));
    CU_ASSERT_PTR_NOT_NULL(strstr(x, "</Xdmf>\n"));
    free(x);
}

static void test_xdmf_rank4_times_and_file(void)
{
    const double times[3] = {0, 50, 100};
    pg_xdmf_field f = {"foam.h5", "/labels", "bubble", PG_H5_I32, 4,
                       {2, 3, 16, 16}, 1, 1, times, 0};
    PG_ASSERT_OK(pg_xdmf_write("foam.xmf", &f));
    FILE *in = fopen("foam.xmf", "r");
    CU_ASSERT_FATAL(in != NULL);
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, in);
    buf[n] = 0;
    fclose(in);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "CollectionType=\"Temporal\""));
    CU_ASSERT_EQUAL(count(buf, "<Time Value="), 3);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, "<Time Value=\"50\"/>"));
    CU_ASSERT_EQUAL(count(buf, "foam.h5:/labels"), 6);
    CU_ASSERT_EQUAL(count(buf, "Dimensions=\"2 3 16 16\" NumberType=\"Int\""),
                    6);
    CU_ASSERT_PTR_NOT_NULL(strstr(buf, ">1 2 0 0 1 1 1 1 1 1 16 16<"));
}

static void test_xdmf_bad(void)
{
    char *x = NULL;
    pg_xdmf_field f = {"a.h5", "/terrain", "z", PG_H5_F32, 2, {4, 4}, 1, 1,
                       NULL, 0};
    CU_ASSERT_EQUAL(pg_xdmf_format(&f, &x), PG_ERR_ARG);
    f.rank = 3;
    f.dims[2] = 4;
    f.dx = 0;
    CU_ASSERT_EQUAL(pg_xdmf_format(&f, &x), PG_ERR_ARG);
    f.dx = 1;
    f.h5_file = "a<b.h5";
    CU_ASSERT_EQUAL(pg_xdmf_format(&f, &x), PG_ERR_ARG);
    CU_ASSERT_PTR_NULL(x);
    pg_error_clear();
}

static void test_ascii_round_trip(void)
{
    enum { R = 3, C = 4 };
    float z[R * C] = {1.5f, -2.25f, 1e-7f, 123456.789f, 0, 1, 2, 3,
                      4, 5, 6, 7};
    z[5] = NAN;
    pg_ascii_grid g = {C, R, 500000, 4100000, 30, 30, -9999};
    PG_ASSERT_OK(pg_ascii_grid_write("square.asc", &g, z));
    FILE *in = fopen("square.asc", "r");
    CU_ASSERT_FATAL(in != NULL);
    char line[256];
    const char *want[] = {"ncols 4\n", "nrows 3\n", "xllcorner 500000\n",
                          "yllcorner 4100000\n", "cellsize 30\n",
                          "NODATA_value -9999\n"};
    for (int i = 0; i < 6; i++) {
        CU_ASSERT_FATAL(fgets(line, sizeof line, in) != NULL);
        CU_ASSERT_STRING_EQUAL(line, want[i]);
    }
    CU_ASSERT_FATAL(fgets(line, sizeof line, in) != NULL);
    CU_ASSERT_STRING_EQUAL(line, "1.5 -2.25 1.00000001e-07 123456.789\n");
    fclose(in);
    pg_ascii_grid r;
    float *back = NULL;
    PG_ASSERT_OK(pg_ascii_grid_read("square.asc", &r, &back));
    CU_ASSERT_EQUAL(r.ncols, C);
    CU_ASSERT_EQUAL(r.nrows, R);
    CU_ASSERT_DOUBLE_EQUAL(r.xll, 500000, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.dy, 30, 0);
    for (int i = 0; i < R * C; i++) {
        if (i == 5) {
            CU_ASSERT(isnan(back[i]));
        } else {
            CU_ASSERT_EQUAL(back[i], z[i]); /* float32 exact */
        }
    }
    free(back);
}

static void test_ascii_nonsquare_and_errors(void)
{
    float z[4] = {1, 2, 3, 4};
    pg_ascii_grid g = {2, 2, 0, 0, 0.25, 0.5, -1};
    PG_ASSERT_OK(pg_ascii_grid_write("rect.asc", &g, z));
    pg_ascii_grid r;
    float *back = NULL;
    PG_ASSERT_OK(pg_ascii_grid_read("rect.asc", &r, &back));
    CU_ASSERT_DOUBLE_EQUAL(r.dx, 0.25, 0);
    CU_ASSERT_DOUBLE_EQUAL(r.dy, 0.5, 0);
    CU_ASSERT_EQUAL(back[3], 4);
    free(back);
    back = NULL;
    g.dx = -1;
    CU_ASSERT_EQUAL(pg_ascii_grid_write("bad.asc", &g, z), PG_ERR_ARG);
    FILE *f = fopen("short.asc", "w");
    CU_ASSERT_FATAL(f != NULL);
    fputs("ncols 3\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n1 2 3\n4\n",
          f);
    fclose(f);
    CU_ASSERT_EQUAL(pg_ascii_grid_read("short.asc", &r, &back), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "short.asc"));
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "row 2, column 2"));
    CU_ASSERT_PTR_NULL(back);
    pg_error_clear();
    CU_ASSERT_EQUAL(pg_ascii_grid_read("missing.asc", &r, &back), PG_ERR_IO);
    pg_error_clear();
    /* Sizes outside int's range (undefined to cast: found by fuzzing,
     * tests/fuzz/dem_ascii/regress/) and more values promised than the
     * file holds are header errors, before any allocation. */
    f = fopen("huge.asc", "w");
    fputs("ncols 1e300\nnrows 2\nxllcorner 0\nyllcorner 0\ncellsize 1\n"
          "1 2\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(pg_ascii_grid_read("huge.asc", &r, &back), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "ncols = 1e+300"));
    pg_error_clear();
    f = fopen("promise.asc", "w");
    fputs("ncols 2000\nnrows 2000\nxllcorner 0\nyllcorner 0\n"
          "cellsize 1\n1 2\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(pg_ascii_grid_read("promise.asc", &r, &back),
                    PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "promises 2000 x 2000 values but only"));
    CU_ASSERT_PTR_NULL(back);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("xdmf_ascii");
    PG_TEST(s, test_xdmf_rank3);
    PG_TEST(s, test_xdmf_rank4_times_and_file);
    PG_TEST(s, test_xdmf_bad);
    PG_TEST(s, test_ascii_round_trip);
    PG_TEST(s, test_ascii_nonsquare_and_errors);
}
