/* physgan train's trainer on 2 ranks: 40 steps straight and 20 steps,
 * a stop through the signal path, then --resume for 20 more end with the
 * same G/D weights, batch-norm state and Adam moments byte for byte (a run
 * with another seed does not); both ranks hold identical parameters;
 * metrics.csv has each step once after the resume; resuming the 2-rank
 * checkpoint on 1 rank is refused with a message naming both counts. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physics/terrain/terrain_synth.h"
#include "io/h5.h"
#include "runner.h"
#include "train/job_schema.h"
#include "train/trainer.h"

enum { SIDE = 16, PATCHES = 24, STEPS = 40, HALF = 20 };

static int rank, size;

static void write_data(void)
{
    if (rank == 0) {
        /* Run directories of an earlier run of this test would be refused. */
        CU_ASSERT_EQUAL(system("rm -rf straight resumed other-seed"), 0);
        pg_terrain_synth_params p = {SIDE, 2.5, 10.0, 50.0};
        pg_terrain_synth *s = NULL;
        pg_rng *r = NULL;
        static float z[PATCHES * SIDE * SIDE];
        PG_ASSERT_OK(pg_terrain_synth_create(&p, &s));
        PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_TEST, &r));
        for (int i = 0; i < PATCHES; i++)
            pg_terrain_synth_patch(s, r, z + i * SIDE * SIDE);
        pg_h5_file *w = NULL;
        PG_ASSERT_OK(pg_h5_writer_open("terrain.h5", "terrain/1", "test", &w));
        PG_ASSERT_OK(pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3,
                                         (size_t[]){PATCHES, SIDE, SIDE}, z,
                                         "m", 0));
        PG_ASSERT_OK(pg_h5_attr_write_double(w, "/", "cell_size_m", 10.0));
        PG_ASSERT_OK(pg_h5_writer_commit(&w));
        pg_terrain_synth_destroy(&s);
        pg_rng_destroy(&r);
        FILE *f = fopen("job.ini", "w");
        CU_ASSERT_PTR_NOT_NULL_FATAL(f);
        fprintf(f, "[data]\npath = terrain.h5\n"
                   "[model]\narch = dcgan_small\nz_dim = 8\nwidth = 4\n"
                   "[loss]\nkind = nonsat\nlabel_smoothing = 0.1\n"
                   "d_steps = 2\n"
                   "[physics]\nterrain_slope_weight = 0.5\n"
                   "terrain_max_slope_deg = 30\n"
                   "terrain_roughness_weight = 0.01\n"
                   "[optim]\ng_lr = 1e-3\nd_lr = 1e-3\nbeta1 = 0.5\n"
                   "g_ema = 0.9\n"
                   "[train]\nsteps = %d\nbatch = 2\nlog_every = 5\n"
                   "sample_every = 15\nsamples = 3\ncheckpoint_every = 7\n"
                   "checkpoint_minutes = 0\nkeep_checkpoints = 2\n", STEPS);
        fclose(f);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

static pg_config *load(const char *dir, const char *seed)
{
    char o_dir[256], o_seed[64];
    snprintf(o_dir, sizeof o_dir, "output.dir=%s", dir);
    snprintf(o_seed, sizeof o_seed, "train.seed=%s", seed);
    const char *ov[] = {o_dir, o_seed};
    pg_config *c = NULL;
    PG_ASSERT_OK(pg_job_config_load("job.ini", ov, 2, &c));
    return c;
}

/* Train in dir until done or stopped; the trainer is kept for checks. */
static pg_trainer *train(pg_config *c, const char *dir, int resume,
                         long stop_after, pg_train_outcome *out)
{
    pg_trainer_hooks h = {stop_after, 0};
    pg_trainer *t = NULL;
    PG_ASSERT_OK(pg_trainer_create(c, dir, resume, &h, MPI_COMM_WORLD, &t));
    PG_ASSERT_OK(pg_trainer_run(t, 1, out));
    return t;
}

static int same(const void *a, const void *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

/* Weights, state and Adam moments all equal byte for byte. */
static int views_equal(const pg_trainer_view *a, const pg_trainer_view *b)
{
    size_t f = sizeof(float);
    return a->gnw == b->gnw && a->dnw == b->dnw && a->gns == b->gns &&
           a->dns == b->dns && same(a->gw, b->gw, a->gnw * f) &&
           same(a->dw, b->dw, a->dnw * f) && same(a->gs, b->gs, a->gns * f) &&
           same(a->ds, b->ds, a->dns * f) && same(a->gm, b->gm, a->gnw * f) &&
           same(a->gv, b->gv, a->gnw * f) && same(a->dm, b->dm, a->dnw * f) &&
           same(a->dv, b->dv, a->dnw * f) &&
           a->g_adam_steps == b->g_adam_steps &&
           a->d_adam_steps == b->d_adam_steps;
}

/* Whether rank 0's buffer equals this rank's (on every rank). */
static int ranks_agree_on(const float *x, size_t n)
{
    float *copy = malloc(n * sizeof *copy + 1);
    if (n) memcpy(copy, x, n * sizeof *copy);
    MPI_Bcast(copy, (int)n, MPI_FLOAT, 0, MPI_COMM_WORLD);
    int mine = same(copy, x, n * sizeof *copy), all;
    free(copy);
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all;
}

/* G and D weights and state identical on every rank. */
static int ranks_agree(const pg_trainer_view *v)
{
    return ranks_agree_on(v->gw, v->gnw) && ranks_agree_on(v->gs, v->gns) &&
           ranks_agree_on(v->dw, v->dnw) && ranks_agree_on(v->ds, v->dns);
}

static void check_metrics(const char *path)
{
    FILE *f = fopen(path, "r");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char line[1024];
    long prev = 0, rows = 0;
    CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof line, f));
    CU_ASSERT_EQUAL(strncmp(line, "step,epoch,loss_d,loss_g", 24), 0);
    while (fgets(line, sizeof line, f)) {
        long step = atol(line);
        CU_ASSERT(step > prev); /* increasing: no step twice */
        prev = step;
        rows++;
    }
    fclose(f);
    CU_ASSERT_EQUAL(prev, STEPS);
    CU_ASSERT_EQUAL(rows, STEPS / 5); /* log_every = 5 */
}

static void test_resume_bit_identical(void)
{
    write_data();
    pg_train_outcome out;
    pg_config *ca = load("straight", "3"), *cb = load("resumed", "3"),
              *cc = load("other-seed", "4");
    pg_trainer *a = train(ca, "straight", 0, 0, &out);
    CU_ASSERT_EQUAL(out, PG_TRAIN_FINISHED);
    CU_ASSERT_EQUAL(pg_trainer_step(a), STEPS);

    pg_trainer *b = train(cb, "resumed", 0, HALF, &out);
    CU_ASSERT_EQUAL(out, PG_TRAIN_STOPPED);
    CU_ASSERT_EQUAL(pg_trainer_step(b), HALF);
    pg_trainer_destroy(&b);
    b = train(cb, "resumed", 1, 0, &out);
    CU_ASSERT_EQUAL(out, PG_TRAIN_FINISHED);
    CU_ASSERT_EQUAL(pg_trainer_step(b), STEPS);

    pg_trainer *c = train(cc, "other-seed", 0, 0, &out);
    pg_trainer_view va, vb, vc;
    pg_trainer_view_get(a, &va);
    pg_trainer_view_get(b, &vb);
    pg_trainer_view_get(c, &vc);
    CU_ASSERT(views_equal(&va, &vb));
    CU_ASSERT(!views_equal(&va, &vc)); /* the comparison can fail */
    CU_ASSERT(ranks_agree(&va));
    CU_ASSERT(ranks_agree(&vb));
    CU_ASSERT_EQUAL(va.g_adam_steps, STEPS);
    CU_ASSERT_EQUAL(va.d_adam_steps, 2 * STEPS);
    if (rank == 0) check_metrics("resumed/metrics.csv");
    pg_trainer_destroy(&a);
    pg_trainer_destroy(&b);
    pg_trainer_destroy(&c);
    pg_config_destroy(&ca);
    pg_config_destroy(&cb);
    pg_config_destroy(&cc);
}

static void test_other_rank_count_refused(void)
{
    if (rank == 0) {
        pg_config *c = load("resumed", "3");
        pg_trainer *t = NULL;
        pg_status s = pg_trainer_create(c, "resumed", 1, NULL, MPI_COMM_SELF,
                                        &t);
        CU_ASSERT_EQUAL(s, PG_ERR_STATE);
        CU_ASSERT_PTR_NULL(t);
        CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                      "written by 2 ranks and this run has 1"));
        pg_error_clear();
        pg_config_destroy(&c);
    }
    MPI_Barrier(MPI_COMM_WORLD);
}

void pg_test_register(void)
{
    pg_test_mpi_init(&rank, &size);
    CU_pSuite s = pg_test_suite("train_resume");
    PG_TEST(s, test_resume_bit_identical);
    PG_TEST(s, test_other_rank_count_refused);
}
