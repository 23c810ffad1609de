/* The run object every trainer embeds (train/run.h) and the trainer
 * registry of `physgan train` (train/trainer_registry.h).
 *
 * pg_run: a run started fresh writes job.ini and train.log; its checkpoint
 * (the run's part next to a trainer array) is logged as "checkpoint PATH
 * (step N)" and comes back in a resumed run (step, loader slot, wall time,
 * the noise stream going on where it was), which logs its resume line;
 * without --resume a directory with checkpoints is refused.
 *
 * Registry: every shipped arch finds its trainer kind, each kind takes
 * every arch it lists, and an unknown arch is refused with the message the
 * CLI tests read, listing every arch. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "io/checkpoint.h"
#include "runner.h"
#include "train/job_schema.h"
#include "train/run.h"
#include "train/run_ckpt.h"
#include "train/trainer_registry.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    static char buf[8192];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static pg_config *job(void)
{
    const char *ov[] = {"train.seed=11", "train.keep_checkpoints=2"};
    pg_config *c = NULL;
    PG_ASSERT_OK(pg_job_config_load(NULL, ov, 2, &c));
    return c;
}

/* begin + start of a run in dir; *opts read from c. */
static pg_status start(pg_run *r, const pg_config *c, pg_train_opts *opts,
                       int resume, char *ckpt, size_t cap)
{
    memset(r, 0, sizeof *r);
    PG_CHECK(pg_run_begin(r, c, "runobj", NULL, MPI_COMM_WORLD));
    return pg_run_start(r, pg_train_opts_read(c, opts), opts, resume, ckpt,
                        cap);
}

static void test_checkpoint_and_resume(void)
{
    CU_ASSERT_EQUAL(system("rm -rf runobj"), 0);
    pg_config *c = job();
    pg_train_opts opts;
    pg_run r;
    char ckpt[4096];
    PG_ASSERT_OK(start(&r, c, &opts, 0, ckpt, sizeof ckpt));
    CU_ASSERT_STRING_EQUAL(ckpt, "");
    CU_ASSERT_EQUAL(r.opts->seed, 11);
    PG_ASSERT_OK(pg_run_open_outputs(&r, "step,epoch,x", ckpt));
    pg_run_clock_start(&r);
    pg_rng_uniform(r.noise); /* not at the stream's start */
    r.step = 5;
    pg_checkpoint *k = NULL;
    float w[2] = {1, 2};
    PG_ASSERT_OK(pg_checkpoint_create(&k));
    PG_ASSERT_OK(pg_checkpoint_add_floats(k, "G/params", w, 2));
    PG_ASSERT_OK(pg_run_checkpoint_write(&r, k, 1, 3));
    pg_checkpoint_destroy(&k);
    double next = pg_rng_uniform(r.noise);
    pg_run_release(&r);
    CU_ASSERT_PTR_NULL(r.run_dir);
    const char *log = slurp("runobj/train.log");
    CU_ASSERT_PTR_NOT_NULL_FATAL(log);
    CU_ASSERT_PTR_NOT_NULL(
        strstr(log, "checkpoint runobj/checkpoints/ckpt-000005.h5 (step 5)"));
    CU_ASSERT_PTR_NOT_NULL(slurp("runobj/job.ini"));

    /* Without --resume: refused, naming the checkpoints. */
    CU_ASSERT_EQUAL(start(&r, c, &opts, 0, ckpt, sizeof ckpt), PG_ERR_STATE);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "--resume"));
    pg_error_clear();
    pg_run_release(&r);

    PG_ASSERT_OK(start(&r, c, &opts, 1, ckpt, sizeof ckpt));
    CU_ASSERT_STRING_EQUAL(ckpt, "runobj/checkpoints/ckpt-000005.h5");
    int64_t epoch = -1, index = -1;
    PG_ASSERT_OK(pg_run_ckpt_read(ckpt, r.rank, r.size, &k));
    /* A loader slot past the data's batches is refused. */
    CU_ASSERT_EQUAL(pg_run_checkpoint_restore(&r, k, ckpt, "d.h5", 2, &epoch,
                                              &index), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "d.h5"));
    pg_error_clear();
    PG_ASSERT_OK(pg_run_checkpoint_restore(&r, k, ckpt, "d.h5", 4, &epoch,
                                           &index));
    pg_checkpoint_destroy(&k);
    CU_ASSERT(r.step == 5 && epoch == 1 && index == 3);
    CU_ASSERT(r.wall_before_s >= 0);
    CU_ASSERT_EQUAL(pg_rng_uniform(r.noise), next);
    PG_ASSERT_OK(pg_run_open_outputs(&r, "step,epoch,x", ckpt));
    pg_run_release(&r);
    log = slurp("runobj/train.log");
    CU_ASSERT_PTR_NOT_NULL(strstr(log, "resume from runobj/checkpoints/"
                                       "ckpt-000005.h5 at step 5 on 1 rank"));
    pg_config_destroy(&c);
}

static void test_registry(void)
{
    static const struct { const char *arch, *kind; } shipped[] = {
        {"dcgan", "gan"},         {"dcgan_small", "gan"},
        {"unet_sr", "paired"},    {"unet_foam", "paired"},
        {"cyclegan", "cyclegan"}};
    const pg_trainer_kind *k = NULL;
    for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
        PG_ASSERT_OK(pg_trainer_kind_find(shipped[i].arch, &k));
        CU_ASSERT_STRING_EQUAL(k->name, shipped[i].kind);
    }
    /* Each kind takes every arch it lists, and no other kind before it
     * claims one. */
    int n;
    const pg_trainer_kind *const *all = pg_trainer_kinds(&n);
    CU_ASSERT_EQUAL(n, 3);
    for (int i = 0; i < n; i++) {
        char list[256], *save = NULL;
        snprintf(list, sizeof list, "%s", all[i]->archs);
        for (char *a = strtok_r(list, "|", &save); a;
             a = strtok_r(NULL, "|", &save)) {
            CU_ASSERT(all[i]->match(a));
            PG_ASSERT_OK(pg_trainer_kind_find(a, &k));
            CU_ASSERT_PTR_EQUAL(k, all[i]);
        }
    }
    k = NULL;
    CU_ASSERT_EQUAL(pg_trainer_kind_find("mlp", &k), PG_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(k);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(),
                                  "[model] arch = mlp is not a GAN model; "
                                  "physgan train takes dcgan|dcgan_small|"
                                  "unet_sr|unet_foam|cyclegan"));
    pg_error_clear();
}

static void finalize(void) { MPI_Finalize(); }

void pg_test_register(void)
{
    MPI_Init(NULL, NULL);
    atexit(finalize);
    CU_pSuite s = pg_test_suite("run");
    PG_TEST(s, test_checkpoint_and_resume);
    PG_TEST(s, test_registry);
}
