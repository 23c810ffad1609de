/* Block writes (pg_h5_dataset_write_block): a block lands where it is
 * asked and nowhere else, one outside the dataset is an error naming the
 * dimension; a dataset whose rows exceed 64 MiB (a foam/1 /labels of large
 * frames) is chunked within a row, 1 MiB chunks, so it can be created and
 * written block by block at all (HDF5 refuses chunks over 4 GiB). */
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5.h"
#include "runner.h"

static void test_block_lands_in_place(void)
{
    enum { S = 2, T = 3, H = 6, W = 5 };
    static int32_t blk[2][W], got[S][T][H][W];
    for (int r = 0; r < 2; r++)
        for (int x = 0; x < W; x++) blk[r][x] = 100 + 10 * r + x;
    pg_h5_file *w = NULL;
    PG_ASSERT_OK(pg_h5_writer_open("block.h5", "test/1", NULL, &w));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "x", PG_H5_I32, 4,
                                     (size_t[]){S, T, H, W}, NULL, NULL, 1));
    PG_ASSERT_OK(pg_h5_dataset_write_block(w, "x", PG_H5_I32,
                                           (size_t[]){1, 2, 3, 0},
                                           (size_t[]){1, 1, 2, W}, blk));
    pg_status s = pg_h5_dataset_write_block(w, "x", PG_H5_I32,
                                            (size_t[]){1, 2, 5, 0},
                                            (size_t[]){1, 1, 2, W}, blk);
    CU_ASSERT_EQUAL(s, PG_ERR_SHAPE);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "dimension 2"));
    pg_error_clear();
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    pg_h5_file *r = NULL;
    PG_ASSERT_OK(pg_h5_file_open("block.h5", NULL, &r));
    PG_ASSERT_OK(pg_h5_dataset_read(r, "x", PG_H5_I32, got, S * T * H * W));
    pg_h5_file_close(&r);
    int ok = 1;
    for (int q = 0; q < S; q++)
        for (int t = 0; t < T; t++)
            for (int y = 0; y < H; y++)
                for (int x = 0; x < W; x++) {
                    int in = q == 1 && t == 2 && (y == 3 || y == 4);
                    ok &= got[q][t][y][x] == (in ? blk[y - 3][x] : 0);
                }
    CU_ASSERT_TRUE(ok);
}

static void test_large_rows_chunked_within_a_row(void)
{
    /* 2 frames of 4096 x 4096 int32: rows of 128 MiB. */
    enum { T = 2, N = 4096, ROWS = 16 };
    int32_t *blk = malloc((size_t)ROWS * N * sizeof *blk);
    CU_ASSERT_PTR_NOT_NULL_FATAL(blk);
    for (size_t i = 0; i < (size_t)ROWS * N; i++) blk[i] = (int32_t)i;
    pg_h5_file *w = NULL;
    PG_ASSERT_OK(pg_h5_writer_open("large.h5", "test/1", NULL, &w));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "x", PG_H5_I32, 4,
                                     (size_t[]){1, T, N, N}, NULL, NULL, 1));
    PG_ASSERT_OK(pg_h5_dataset_write_block(w, "x", PG_H5_I32,
                                           (size_t[]){0, 1, 32, 0},
                                           (size_t[]){1, 1, ROWS, N}, blk));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    hid_t f = H5Fopen("large.h5", H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(f, "x", H5P_DEFAULT), p = H5Dget_create_plist(d);
    hsize_t ch[4] = {0}, st[4] = {0, 1, 32, 0}, ct[4] = {1, 1, ROWS, N};
    CU_ASSERT_EQUAL(H5Pget_chunk(p, 4, ch), 4);
    CU_ASSERT_EQUAL(ch[0], 1);
    CU_ASSERT_EQUAL(ch[1], 1);
    CU_ASSERT_EQUAL(ch[2], (1u << 20) / (N * 4)); /* 1 MiB of whole rows */
    CU_ASSERT_EQUAL(ch[3], N);
    hid_t fs = H5Dget_space(d), ms = H5Screate_simple(4, ct, NULL);
    H5Sselect_hyperslab(fs, H5S_SELECT_SET, st, NULL, ct, NULL);
    int32_t *got = calloc((size_t)ROWS * N, sizeof *got);
    CU_ASSERT_TRUE(H5Dread(d, H5T_NATIVE_INT32, ms, fs, H5P_DEFAULT, got) >= 0);
    CU_ASSERT_EQUAL(memcmp(got, blk, (size_t)ROWS * N * sizeof *got), 0);
    H5Sclose(ms);
    H5Sclose(fs);
    H5Pclose(p);
    H5Dclose(d);
    H5Fclose(f);
    free(got);
    free(blk);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("h5_block");
    PG_TEST(s, test_block_lands_in_place);
    PG_TEST(s, test_large_rows_chunked_within_a_row);
}
