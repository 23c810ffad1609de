/* terrain/1 cell sizes as every reader takes them (src/io/terrain_file.h):
 * cell_size_y_m when the file has it, else the square cell_size_m; a file
 * without cell_size_m is an error, and so is a size that is not finite
 * and > 0 (the message names the attribute; a negative size passed the
 * schema check before: tests/fuzz/h5_inputs/regress/). */
#include <string.h>

#include "io/terrain_file.h"
#include "io/h5.h"
#include "runner.h"

/* A one-patch file with the given cell attributes (< 0: left out). */
static void write_file(const char *path, double dx, double dy)
{
    float z[4] = {0, 1, 2, 3};
    size_t dims[3] = {1, 2, 2};
    pg_h5_file *f = NULL;
    PG_ASSERT_OK(pg_h5_writer_open(path, "terrain/1", "unit test", &f));
    PG_ASSERT_OK(pg_h5_dataset_write(f, "/terrain", PG_H5_F32, 3, dims, z,
                                     "m", 0));
    if (dx >= 0) PG_ASSERT_OK(pg_h5_attr_write_double(f, "/", "cell_size_m",
                                                      dx));
    if (dy >= 0) PG_ASSERT_OK(pg_h5_attr_write_double(f, "/",
                                                      "cell_size_y_m", dy));
    PG_ASSERT_OK(pg_h5_writer_commit(&f));
}

static double cells(const char *path, double *dy, pg_status *st)
{
    pg_h5_file *f = NULL;
    double dx = -1;
    *dy = -1;
    PG_ASSERT_OK(pg_h5_file_open(path, NULL, &f));
    *st = pg_terrain_file_cells(f, &dx, dy);
    pg_h5_file_close(&f);
    return dx;
}

static void test_cells(void)
{
    pg_status st;
    double dy;
    write_file("square.h5", 30, -1);
    CU_ASSERT(cells("square.h5", &dy, &st) == 30 && dy == 30);
    CU_ASSERT(st == PG_OK);
    write_file("geo.h5", 71.5, 92.5);
    CU_ASSERT(cells("geo.h5", &dy, &st) == 71.5 && dy == 92.5);
    CU_ASSERT(st == PG_OK);
    write_file("none.h5", -1, -1);
    cells("none.h5", &dy, &st);
    CU_ASSERT(st != PG_OK);
    pg_error_clear();
    write_file("zero.h5", 0, -1);
    cells("zero.h5", &dy, &st);
    CU_ASSERT(st == PG_ERR_FORMAT);
    CU_ASSERT(strstr(pg_error_message(), "zero.h5: root attribute "
                                         "cell_size_m = 0 must be") != NULL);
    pg_error_clear();
    write_file("zero_y.h5", 30, 0);
    cells("zero_y.h5", &dy, &st);
    CU_ASSERT(st == PG_ERR_FORMAT);
    CU_ASSERT(strstr(pg_error_message(), "cell_size_y_m = 0") != NULL);
    pg_error_clear();
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("terrain_file");
    PG_TEST(s, test_cells);
}
