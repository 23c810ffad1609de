/* The checkpoint part the three trainers share (train/run_ckpt.h): what
 * pg_run_ckpt_save writes next to a trainer's arrays comes back through
 * pg_run_ckpt_read and pg_run_ckpt_restore (step, loader slot, wall time
 * to the millisecond, the RNG continuing its stream); another number of
 * ranks and a loader position that does not fit are refused naming the
 * files; a checkpoint without train/wall_ms restores a wall time of 0. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/rng.h"
#include "io/checkpoint.h"
#include "runner.h"
#include "train/run_ckpt.h"

static int error_has(const char *a, const char *b)
{
    const char *m = pg_error_message();
    return strstr(m, a) != NULL && strstr(m, b) != NULL;
}

static void test_round_trip(void)
{
    pg_rng *noise = NULL, *back = NULL;
    pg_checkpoint *c = NULL;
    char *path = NULL;
    float w[3] = {1, -2, 3};
    PG_ASSERT_OK(pg_rng_create(7, 0, PG_RNG_NOISE, &noise));
    PG_ASSERT_OK(pg_rng_create(8, 0, PG_RNG_NOISE, &back));
    pg_rng_uniform(noise); /* not at the stream's start */
    mkdir("ck", 0755);
    pg_run_ckpt r = {"[train]\nsteps = 9\n", 12, 3, 4, 5.0126, noise, "ck",
                     2, MPI_COMM_NULL};
    PG_ASSERT_OK(pg_checkpoint_create(&c));
    PG_ASSERT_OK(pg_checkpoint_add_floats(c, "G/params", w, 3));
    PG_ASSERT_OK(pg_run_ckpt_save(c, &r, &path));
    pg_checkpoint_destroy(&c);
    CU_ASSERT_STRING_EQUAL(path, "ck/ckpt-000012.h5");

    CU_ASSERT(pg_run_ckpt_read(path, 0, 2, &c) == PG_ERR_STATE);
    CU_ASSERT(error_has(path, "written by 1 rank and this run has 2"));
    CU_ASSERT_PTR_NULL(c);
    pg_error_clear();

    int64_t step, epoch, index;
    double wall;
    float got[3];
    PG_ASSERT_OK(pg_run_ckpt_read(path, 0, 1, &c));
    PG_ASSERT_OK(pg_run_ckpt_restore(c, back, &step, &epoch, &index, &wall));
    CU_ASSERT(step == 12 && epoch == 3 && index == 4);
    CU_ASSERT_DOUBLE_EQUAL(wall, 5.013, 1e-12);
    CU_ASSERT_STRING_EQUAL(pg_checkpoint_config(c), r.config_text);
    PG_ASSERT_OK(pg_checkpoint_get_floats(c, "G/params", got, 3));
    CU_ASSERT(!memcmp(got, w, sizeof w));
    CU_ASSERT(pg_rng_uniform(back) == pg_rng_uniform(noise));
    pg_checkpoint_destroy(&c);
    free(path);
    pg_rng_destroy(&noise);
    pg_rng_destroy(&back);
}

static void test_no_wall_time(void)
{
    pg_rng *noise = NULL;
    pg_checkpoint *c = NULL;
    unsigned char state[8192];
    PG_ASSERT_OK(pg_rng_create(1, 0, PG_RNG_NOISE, &noise));
    CU_ASSERT_FATAL(pg_rng_state_size(noise) <= sizeof state);
    pg_rng_state_save(noise, state);
    PG_ASSERT_OK(pg_checkpoint_create(&c));
    pg_checkpoint_set_step(c, 5);
    PG_ASSERT_OK(pg_checkpoint_set_rng(c, state, pg_rng_state_size(noise)));
    PG_ASSERT_OK(pg_checkpoint_write(c, "old.h5", MPI_COMM_NULL));
    pg_checkpoint_destroy(&c);
    int64_t step, epoch, index;
    double wall = -1;
    PG_ASSERT_OK(pg_run_ckpt_read("old.h5", 0, 1, &c));
    PG_ASSERT_OK(pg_run_ckpt_restore(c, noise, &step, &epoch, &index,
                                     &wall));
    CU_ASSERT(step == 5 && epoch == 0 && index == 0 && wall == 0);
    pg_checkpoint_destroy(&c);
    pg_rng_destroy(&noise);
}

static void test_loader_check(void)
{
    PG_ASSERT_OK(pg_run_ckpt_loader_check("c.h5", "d.h5", 2, 8, 8));
    PG_ASSERT_OK(pg_run_ckpt_loader_check("c.h5", "d.h5", 0, 0, 8));
    const int64_t bad[3][2] = {{2, 9}, {2, -1}, {-1, 0}};
    for (int i = 0; i < 3; i++) {
        CU_ASSERT(pg_run_ckpt_loader_check("c.h5", "d.h5", bad[i][0],
                                           bad[i][1], 8) == PG_ERR_FORMAT);
        CU_ASSERT(error_has("checkpoint c.h5: loader position of d.h5",
                            "does not fit 8 batches per epoch"));
        pg_error_clear();
    }
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("run_ckpt");
    PG_TEST(s, test_round_trip);
    PG_TEST(s, test_no_wall_time);
    PG_TEST(s, test_loader_check);
}
