/* simulate foam on 2 ranks writes the same file content as on 1 rank
 * (sequences have their own RNG streams), with an odd number of sequences
 * so the ranks' shares differ; the sequences differ from one another. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_diag.h"
#include "physics/foam/io/foam_simulate.h"
#include "io/h5.h"
#include "io/schema.h"
#include "runner.h"

enum { SIZE = 32, BUBBLES = 24, FRAMES = 4, SEQS = 3 };
static int rank, size;

static const pg_foam_sim_opts OPTS = {
    .size = SIZE, .bubbles = BUBBLES, .frames = FRAMES, .sequences = SEQS,
    .interval = 10, .start = 5, .temperature = 0.5, .seed = 17, .gzip = 1};

static int32_t *read_labels(const char *path, double *time)
{
    pg_h5_file *f = NULL;
    size_t n = (size_t)SEQS * FRAMES * SIZE * SIZE;
    int32_t *lab = malloc(n * sizeof *lab);
    PG_ASSERT_OK(pg_h5_file_open(path, "foam/1", &f));
    pg_schema_report *rep = NULL;
    PG_ASSERT_OK(pg_schema_validate(f, &rep));
    for (size_t i = 0; i < rep->n; i++) fprintf(stderr, "%s\n", rep->problems[i]);
    CU_ASSERT_EQUAL(rep->n, 0); /* a valid foam/1 file */
    pg_schema_report_destroy(&rep);
    PG_ASSERT_OK(pg_h5_dataset_read(f, "/labels", PG_H5_I32, lab, n));
    PG_ASSERT_OK(pg_h5_dataset_read(f, "/time", PG_H5_F64, time, FRAMES));
    pg_h5_file_close(&f);
    return lab;
}

static void test_two_ranks_same_file_as_one(void)
{
    CU_ASSERT_EQUAL_FATAL(size, 2);
    PG_ASSERT_OK(pg_foam_simulate_write(&OPTS, MPI_COMM_WORLD, "two.h5", NULL));
    if (rank == 0)
        PG_ASSERT_OK(pg_foam_simulate_write(&OPTS, MPI_COMM_SELF, "one.h5", NULL));
    MPI_Barrier(MPI_COMM_WORLD);
    if (rank != 0) return;
    double t1[FRAMES], t2[FRAMES];
    int32_t *a = read_labels("one.h5", t1), *b = read_labels("two.h5", t2);
    size_t seq = (size_t)FRAMES * SIZE * SIZE;
    CU_ASSERT_EQUAL(memcmp(a, b, SEQS * seq * sizeof *a), 0);
    CU_ASSERT_EQUAL(memcmp(t1, t2, sizeof t1), 0);
    CU_ASSERT_DOUBLE_EQUAL(t1[0], 5.0, 0.0);
    CU_ASSERT_DOUBLE_EQUAL(t1[FRAMES - 1], 5.0 + 10.0 * (FRAMES - 1), 0.0);
    CU_ASSERT_NOT_EQUAL(memcmp(a, a + seq, seq * sizeof *a), 0);
    CU_ASSERT_NOT_EQUAL(memcmp(a + seq, a + 2 * seq, seq * sizeof *a), 0);
    /* The last frame of each sequence has coarsened. */
    pg_foam_diag *d = NULL;
    PG_ASSERT_OK(pg_foam_diag_create(SIZE, SIZE, &d));
    for (int q = 0; q < SEQS; q++) {
        pg_foam_diag_analyze(d, a + q * seq + (FRAMES - 1) * SIZE * SIZE);
        CU_ASSERT_TRUE(pg_foam_diag_count(d) < BUBBLES);
    }
    pg_foam_diag_destroy(&d);
    free(a);
    free(b);
}

/* A bad option fails on every rank alike (nobody is left waiting). */
static void test_bad_size_fails_on_all_ranks(void)
{
    pg_foam_sim_opts o = OPTS;
    o.size = 30 + 1;
    pg_status s = pg_foam_simulate_write(&o, MPI_COMM_WORLD, "bad.h5", NULL);
    CU_ASSERT_NOT_EQUAL(s, PG_OK);
    pg_error_clear();
    FILE *f = fopen("bad.h5", "rb");
    CU_ASSERT_PTR_NULL(f);
    if (f) fclose(f);
}

void pg_test_register(void)
{
    pg_test_mpi_init(&rank, &size);
    CU_pSuite s = pg_test_suite("foam_simulate");
    PG_TEST(s, test_two_ranks_same_file_as_one);
    PG_TEST(s, test_bad_size_fails_on_all_ranks);
}
