/* Sharded reading on 2 ranks: remainder-aware ranges cover every row
 * exactly once, each rank's rows equal the file's rows, the shuffle is
 * the same on every rank and differs between epochs, and streaming an
 * epoch in batches delivers every sample exactly once across ranks. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "io/shard.h"
#include "runner.h"

enum { N = 11, C = 3, MAX_RANKS = 8 };

static int rank, size;

static int32_t value(size_t row, int c) { return (int32_t)(100 * row + c); }

static void test_ranges_cover_once(void)
{
    for (size_t n = 0; n <= 23; n++) {
        for (int p = 1; p <= 5; p++) {
            int seen[32] = {0};
            size_t next = 0;
            for (int r = 0; r < p; r++) {
                size_t b, c;
                pg_shard_range(n, r, p, &b, &c);
                CU_ASSERT_EQUAL(b, next); /* contiguous, in rank order */
                CU_ASSERT_EQUAL(c, n / p + ((size_t)r < n % p));
                for (size_t i = b; i < b + c; i++) seen[i]++;
                next = b + c;
            }
            CU_ASSERT_EQUAL(next, n);
            for (size_t i = 0; i < n; i++) CU_ASSERT_EQUAL(seen[i], 1);
        }
    }
}

static void write_file(void)
{
    if (rank == 0) {
        int32_t x[N][C];
        float y[N];
        for (size_t i = 0; i < N; i++) {
            for (int c = 0; c < C; c++) x[i][c] = value(i, c);
            y[i] = (float)i + 0.5f;
        }
        pg_h5_file *w = NULL;
        PG_ASSERT_OK(pg_h5_writer_open("shard.h5", "test/1", "mpi_shard", &w));
        PG_ASSERT_OK(pg_h5_dataset_write(w, "/x", PG_H5_I32, 2,
                                         (size_t[]){N, C}, x, NULL, 1));
        PG_ASSERT_OK(pg_h5_dataset_write(w, "/y", PG_H5_F32, 1, (size_t[]){N},
                                         y, NULL, 0));
        PG_ASSERT_OK(pg_h5_dataset_write(w, "/short", PG_H5_F32, 1,
                                         (size_t[]){N - 1}, y, NULL, 0));
        PG_ASSERT_OK(pg_h5_writer_commit(&w));
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

static void test_each_rank_reads_its_rows(void)
{
    write_file();
    pg_shard_reader *r = NULL;
    const char *names[] = {"/x", "/y"};
    PG_ASSERT_OK(pg_shard_reader_open("shard.h5", "test/1", names, 2,
                                      MPI_COMM_WORLD, &r));
    CU_ASSERT_EQUAL(pg_shard_reader_samples(r), N);
    CU_ASSERT_EQUAL(pg_shard_reader_sample_size(r, 0), C);
    CU_ASSERT_EQUAL(pg_shard_reader_type(r, 1), PG_H5_F32);
    size_t b, c;
    pg_shard_range(N, rank, size, &b, &c);
    int32_t x[N][C];
    PG_ASSERT_OK(pg_shard_reader_read_mine(r, 0, x));
    for (size_t i = 0; i < c; i++)
        for (int k = 0; k < C; k++) CU_ASSERT_EQUAL(x[i][k], value(b + i, k));
    /* All ranks' counts add up to N. */
    unsigned long total = c;
    MPI_Allreduce(MPI_IN_PLACE, &total, 1, MPI_UNSIGNED_LONG, MPI_SUM,
                  MPI_COMM_WORLD);
    CU_ASSERT_EQUAL(total, N);
    pg_shard_reader_close(&r);
    CU_ASSERT_PTR_NULL(r);

    /* Datasets of different lengths are refused on every rank. */
    const char *bad[] = {"/x", "/short"};
    CU_ASSERT_EQUAL(pg_shard_reader_open("shard.h5", NULL, bad, 2,
                                         MPI_COMM_WORLD, &r), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "/short has 10"));
    pg_error_clear();
}

static void test_shuffle_same_on_ranks_new_per_epoch(void)
{
    enum { M = 1000 };
    static size_t p0[M], p1[M], mine[M];
    PG_ASSERT_OK(pg_shard_permutation(M, 7, 0, p0));
    PG_ASSERT_OK(pg_shard_permutation(M, 7, 1, p1));
    memcpy(mine, p0, sizeof mine);
    /* Rank 0's permutation, compared on every rank. */
    MPI_Bcast(p0, M * sizeof *p0, MPI_BYTE, 0, MPI_COMM_WORLD);
    CU_ASSERT_EQUAL(memcmp(p0, mine, sizeof mine), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(p0, p1, sizeof p0), 0);
    /* A permutation: every index once; and actually shuffled. */
    static int seen[M];
    int fixed = 0;
    memset(seen, 0, sizeof seen);
    for (size_t i = 0; i < M; i++) {
        seen[p0[i]]++;
        fixed += p0[i] == i;
    }
    for (size_t i = 0; i < M; i++) CU_ASSERT_EQUAL(seen[i], 1);
    CU_ASSERT_TRUE(fixed < 10); /* a random permutation fixes ~1 point */
    /* Deterministic in (seed, epoch). */
    PG_ASSERT_OK(pg_shard_permutation(M, 7, 1, mine));
    CU_ASSERT_EQUAL(memcmp(mine, p1, sizeof mine), 0);
}

/* Stream one epoch; every sample arrives exactly once across ranks, with
 * its own data, and the stream is the shuffled one. */
static void stream_epoch(int64_t epoch, size_t batch, size_t *order)
{
    const char *names[] = {"/x", "/y"};
    pg_shard_reader *r = NULL;
    PG_ASSERT_OK(pg_shard_reader_open("shard.h5", NULL, names, 2,
                                      MPI_COMM_WORLD, &r));
    PG_ASSERT_OK(pg_shard_reader_epoch(r, 42, epoch, batch, 0));
    size_t nb = pg_shard_reader_batches(r);
    CU_ASSERT_EQUAL(nb, (N / size + (N % size != 0) + batch - 1) / batch);
    int seen[N] = {0};
    size_t got = 0;
    for (size_t k = 0; k < nb; k++) {
        int32_t x[4][C];
        float y[4];
        size_t idx[4], n;
        void *bufs[] = {x, y};
        PG_ASSERT_OK(pg_shard_reader_next(r, bufs, &n, idx));
        CU_ASSERT_TRUE(n <= batch);
        for (size_t i = 0; i < n; i++) {
            seen[idx[i]]++;
            order[got++] = idx[i];
            CU_ASSERT_EQUAL(x[i][2], value(idx[i], 2));
            CU_ASSERT_EQUAL(y[i], (float)idx[i] + 0.5f);
        }
    }
    MPI_Allreduce(MPI_IN_PLACE, seen, N, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    for (size_t i = 0; i < N; i++) CU_ASSERT_EQUAL(seen[i], 1);
    /* This rank's samples are its slice of the (seed, epoch) permutation. */
    size_t perm[N], b, c;
    PG_ASSERT_OK(pg_shard_permutation(N, 42, epoch, perm));
    pg_shard_range(N, rank, size, &b, &c);
    CU_ASSERT_EQUAL(got, c);
    for (size_t i = 0; i < c; i++) {
        int found = 0;
        for (size_t j = 0; j < got; j++) found |= order[j] == perm[b + i];
        CU_ASSERT_TRUE(found);
    }
    pg_shard_reader_close(&r);
}

static void test_streaming_epochs(void)
{
    size_t a[N], b[N];
    stream_epoch(0, 4, a);
    stream_epoch(1, 4, b);
    /* Another epoch gives this rank other samples or another order. */
    int all_ranks_same = memcmp(a, b, sizeof a) == 0;
    MPI_Allreduce(MPI_IN_PLACE, &all_ranks_same, 1, MPI_INT, MPI_LAND,
                  MPI_COMM_WORLD);
    CU_ASSERT_FALSE(all_ranks_same);
    stream_epoch(3, 1, a);
}

void pg_test_register(void)
{
    pg_test_mpi_init(&rank, &size);
    CU_pSuite s = pg_test_suite("shard");
    PG_TEST(s, test_ranges_cover_once);
    PG_TEST(s, test_each_rank_reads_its_rows);
    PG_TEST(s, test_shuffle_same_on_ranks_new_per_epoch);
    PG_TEST(s, test_streaming_epochs);
}
