/* simulate foam --decompose on 2 ranks (physics/foam/io/foam_decomp.h):
 * each sequence split into strips over both ranks writes a valid foam/1
 * file whose start frames are the serial run's (same Voronoi stream), and
 * coarsens as the serial simulator does: the mean bubble count after 60
 * MCS over 8 seeds agrees with the serial runs' within 4 standard errors,
 * for both rules in their own orders (stencil: checkerboard; neighonly:
 * random order, SPPARKS's sectors). A decomposition that broke the
 * kinetics (e.g. neighonly in checkerboard order coarsens about twice as
 * fast, docs/foam.md) would be far outside. */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5.h"
#include "io/schema.h"
#include "physics/foam/foam_diag.h"
#include "physics/foam/io/foam_decomp.h"
#include "physics/foam/io/foam_simulate.h"
#include "runner.h"

enum { SIZE = 96, BUBBLES = 384, SEQS = 8, FRAMES = 2, MCS = 60 };
static int rank, size;

/* Bubble counts of the last frame of every sequence of path; 1 when the
 * file is valid foam/1. start: the first frames (SEQS x SIZE^2). */
static int final_counts(const char *path, double *count, int32_t *start)
{
    pg_h5_file *f = NULL;
    size_t frame = (size_t)SIZE * SIZE, n = (size_t)SEQS * FRAMES * frame;
    int32_t *lab = malloc(n * sizeof *lab);
    PG_ASSERT_OK(pg_h5_file_open(path, "foam/1", &f));
    pg_schema_report *rep = NULL;
    PG_ASSERT_OK(pg_schema_validate(f, &rep));
    for (size_t i = 0; i < rep->n; i++) fprintf(stderr, "%s\n", rep->problems[i]);
    int valid = rep->n == 0;
    pg_schema_report_destroy(&rep);
    PG_ASSERT_OK(pg_h5_dataset_read(f, "/labels", PG_H5_I32, lab, n));
    pg_h5_file_close(&f);
    pg_foam_diag *d = NULL;
    PG_ASSERT_OK(pg_foam_diag_create(SIZE, SIZE, &d));
    for (int q = 0; q < SEQS; q++) {
        const int32_t *seq = lab + (size_t)q * FRAMES * frame;
        memcpy(start + q * frame, seq, frame * sizeof *start);
        pg_foam_diag_analyze(d, seq + (FRAMES - 1) * frame);
        count[q] = pg_foam_diag_count(d);
    }
    pg_foam_diag_destroy(&d);
    free(lab);
    return valid;
}

static void mean_var(const double *x, double *m, double *v)
{
    double s = 0, ss = 0;
    for (int i = 0; i < SEQS; i++) s += x[i];
    *m = s / SEQS;
    for (int i = 0; i < SEQS; i++) ss += (x[i] - *m) * (x[i] - *m);
    *v = ss / (SEQS - 1);
}

static void same_statistics(pg_foam_proposal rule)
{
    CU_ASSERT_EQUAL_FATAL(size, 2);
    pg_foam_sim_opts o = {
        .size = SIZE, .bubbles = BUBBLES, .frames = FRAMES, .sequences = SEQS,
        .interval = MCS, .temperature = 0.5, .proposal = rule,
        .sweep = pg_foam_sweep_default(rule), .seed = 23, .gzip = 1,
        .slices = PG_FOAM_DECOMP_SLICES};
    PG_ASSERT_OK(pg_foam_simulate_write(&o, MPI_COMM_WORLD, "serial.h5", NULL));
    o.decompose = 1;
    PG_ASSERT_OK(pg_foam_simulate_write(&o, MPI_COMM_WORLD, "strips.h5", NULL));
    if (rank != 0) return;
    double a[SEQS], b[SEQS], ma, va, mb, vb;
    size_t frames = (size_t)SEQS * SIZE * SIZE;
    int32_t *sa = malloc(frames * sizeof *sa), *sb = malloc(frames * sizeof *sb);
    CU_ASSERT_TRUE(final_counts("serial.h5", a, sa));
    CU_ASSERT_TRUE(final_counts("strips.h5", b, sb));
    CU_ASSERT_EQUAL(memcmp(sa, sb, frames * sizeof *sa), 0);
    mean_var(a, &ma, &va);
    mean_var(b, &mb, &vb);
    double se = sqrt(va / SEQS + vb / SEQS);
    fprintf(stderr, "%s: bubbles after %d MCS, serial %.2f (s.d. %.2f), 2 "
            "ranks decomposed %.2f (s.d. %.2f), difference %.2f s.e.\n",
            pg_foam_proposal_name(rule), MCS, ma, sqrt(va), mb, sqrt(vb),
            (mb - ma) / se);
    CU_ASSERT_TRUE(ma < BUBBLES / 2); /* both coarsened */
    CU_ASSERT_TRUE(fabs(mb - ma) < 4 * se);
    free(sa);
    free(sb);
}

static void test_stencil_checkerboard_same_statistics(void)
{
    same_statistics(PG_FOAM_PROPOSAL_STENCIL);
}

static void test_neighonly_sectors_same_statistics(void)
{
    same_statistics(PG_FOAM_PROPOSAL_NEIGHONLY);
}

void pg_test_register(void)
{
    pg_test_mpi_init(&rank, &size);
    CU_pSuite s = pg_test_suite("mpi_foam_decomp");
    PG_TEST(s, test_stencil_checkerboard_same_statistics);
    PG_TEST(s, test_neighonly_sectors_same_statistics);
}
