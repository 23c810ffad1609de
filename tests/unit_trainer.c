/* Trainer pieces on one process: metrics.csv on resume (rows after the
 * checkpoint and a torn last line dropped, a changed header refused), the
 * model registry's shape checks, and a short run with every loss of the
 * zoo (finite metrics, the run directory's files, EMA and d_steps on).
 *
 * The run object (train/run.h): a fresh run writes job.ini and train.log;
 * its checkpoint is logged as "checkpoint PATH (step N)" and comes back in
 * a resumed run (step, loader slot, wall time, the noise stream going on
 * where it was), which logs its resume line; without --resume a directory
 * with checkpoints is refused. The trainer registry
 * (train/trainer_registry.h): every shipped arch finds its kind, each kind
 * takes every arch it lists, and an unknown arch is refused with the
 * message the CLI tests read, listing every arch. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/sample_range.h"
#include "physics/terrain/terrain_synth.h"
#include "io/checkpoint.h"
#include "io/h5.h"
#include "nn/ops.h"
#include "runner.h"
#include "train/data_reference.h"
#include "train/generate.h"
#include "train/job_schema.h"
#include "train/model_registry.h"
#include "train/run.h"
#include "train/run_ckpt.h"
#include "train/run_dir.h"
#include "train/trainer.h"
#include "train/trainer_impl.h"
#include "train/trainer_registry.h"

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = 0;
    fclose(f);
    return buf;
}

static void test_metrics_resume_truncates(void)
{
    FILE *f = fopen("m.csv", "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("step,loss\n5,0.5\n10,0.4\n15,0.3\n20,0.2\n25,0.", f); /* torn */
    fclose(f);
    FILE *m = NULL;
    PG_ASSERT_OK(pg_run_dir_metrics_open("m.csv", "step,loss", 15, &m));
    fputs("20,0.25\n", m);
    fclose(m);
    CU_ASSERT_STRING_EQUAL(slurp("m.csv"),
                           "step,loss\n5,0.5\n10,0.4\n15,0.3\n20,0.25\n");
    /* Another header: the job's columns changed. */
    CU_ASSERT_EQUAL(pg_run_dir_metrics_open("m.csv", "step,loss,slope", 15,
                                            &m), PG_ERR_FORMAT);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "header differs"));
    pg_error_clear();
    CU_ASSERT_STRING_EQUAL(slurp("m.csv"),
                           "step,loss\n5,0.5\n10,0.4\n15,0.3\n20,0.25\n");
    /* A fresh start replaces the file with the header. */
    PG_ASSERT_OK(pg_run_dir_metrics_open("m.csv", "step,loss", -1, &m));
    fclose(m);
    CU_ASSERT_STRING_EQUAL(slurp("m.csv"), "step,loss\n");
}

static void test_registry_shapes(void)
{
    pg_config *c = NULL;
    const pg_gan_model *m;
    pg_gan_dims d;
    PG_ASSERT_OK(pg_job_config_load(NULL, NULL, 0, &c));
    CU_ASSERT_EQUAL(pg_gan_model_find("mlp", &m), PG_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "dcgan|dcgan_small"));
    pg_error_clear();
    PG_ASSERT_OK(pg_gan_model_find("dcgan", &m));
    PG_ASSERT_OK(m->configure(c, 1, 64, 64, &d));
    CU_ASSERT_EQUAL(d.z_dim, 128);
    CU_ASSERT_EQUAL(m->configure(c, 1, 32, 32, &d), PG_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "1 x 32 x 32"));
    pg_error_clear();
    PG_ASSERT_OK(pg_gan_model_find("dcgan_small", &m));
    PG_ASSERT_OK(m->configure(c, 2, 32, 32, &d));
    CU_ASSERT_EQUAL(d.z_dim, 64); /* [model] z_dim default */
    CU_ASSERT_EQUAL(d.channels, 2);
    CU_ASSERT_EQUAL(m->configure(c, 1, 24, 24, &d), PG_ERR_CONFIG);
    pg_error_clear();
    CU_ASSERT_EQUAL(m->configure(c, 1, 32, 16, &d), PG_ERR_CONFIG);
    pg_error_clear();
    pg_config_destroy(&c);
}

/* n square patches of side cells (metres, 5 m cells) as terrain/1. */
static void write_terrain(const char *name, size_t n, size_t side,
                          const float *z)
{
    pg_h5_file *w = NULL;
    PG_ASSERT_OK(pg_h5_writer_open(name, "terrain/1", "test", &w));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3,
                                     (size_t[]){n, side, side}, z, "m", 0));
    PG_ASSERT_OK(pg_h5_attr_write_double(w, "/", "cell_size_m", 5.0));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
}

/* Fractal patches (terrain/synth) of the given relief. */
static void write_terrain_relief(const char *name, double relief_m,
                                 uint64_t seed)
{
    enum { SIDE = 8, N = 8 };
    static float z[N * SIDE * SIDE];
    pg_terrain_synth_params p = {SIDE, 2.0, 5.0, relief_m};
    pg_terrain_synth *s = NULL;
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_terrain_synth_create(&p, &s));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &r));
    for (int i = 0; i < N; i++) pg_terrain_synth_patch(s, r, z + i * SIDE * SIDE);
    write_terrain(name, N, SIDE, z);
    pg_terrain_synth_destroy(&s);
    pg_rng_destroy(&r);
}

static void test_every_loss_runs(void)
{
    static const char *losses[] = {"nonsat", "minimax", "hinge",
                                   "lsgan", "wgan", "ragan"};
    write_terrain_relief("t8.h5", 20.0, 1);
    CU_ASSERT_EQUAL(system("rm -rf loss-*"), 0);
    for (int i = 0; i < 6; i++) {
        char o_loss[64], o_dir[64], dir[32], path[128];
        snprintf(dir, sizeof dir, "loss-%s", losses[i]);
        snprintf(o_loss, sizeof o_loss, "loss.kind=%s", losses[i]);
        snprintf(o_dir, sizeof o_dir, "output.dir=%s", dir);
        const char *ov[] = {"data.path=t8.h5", "model.arch=dcgan_small",
                            "model.z_dim=4", "model.width=2", "train.batch=2",
                            "train.steps=6", "train.log_every=3",
                            "train.checkpoint_every=3", "train.samples=2",
                            "loss.d_steps=2", "optim.g_ema=0.5",
                            "physics.terrain_slope_weight=1", o_loss, o_dir};
        pg_config *c = NULL;
        pg_trainer *t = NULL;
        pg_train_outcome out;
        PG_ASSERT_OK(pg_job_config_load(NULL, ov, 14, &c));
        PG_ASSERT_OK(pg_trainer_create(c, dir, 0, NULL, MPI_COMM_WORLD, &t));
        PG_ASSERT_OK(pg_trainer_run(t, 1, &out));
        CU_ASSERT_EQUAL(out, PG_TRAIN_FINISHED);
        CU_ASSERT_EQUAL(pg_trainer_step(t), 6);
        pg_trainer_view v;
        pg_trainer_view_get(t, &v);
        CU_ASSERT_EQUAL(v.d_adam_steps, 12);
        pg_trainer_destroy(&t);
        pg_config_destroy(&c);
        snprintf(path, sizeof path, "%s/metrics.csv", dir);
        const char *m = slurp(path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(m);
        CU_ASSERT_PTR_NOT_NULL(strstr(m, "\n3,"));
        CU_ASSERT_PTR_NOT_NULL(strstr(m, "\n6,"));
        CU_ASSERT_PTR_NULL(strstr(m, "nan"));
        CU_ASSERT_PTR_NULL(strstr(m, "inf"));
        snprintf(path, sizeof path, "%s/checkpoints/ckpt-000006.h5", dir);
        CU_ASSERT_PTR_NOT_NULL(slurp(path));
        snprintf(path, sizeof path, "%s/samples/step-000006.h5", dir);
        pg_h5_file *f = NULL;
        PG_ASSERT_OK(pg_h5_file_open(path, "terrain/1", &f));
        pg_h5_file_close(&f);
    }
}

/* A terrain/1 file of 8 synthetic 8 x 8 patches of 5 m cells. */

/* Checkpoints carry the trainer's m_ref and h_ref (/data/offset,
 * /data/scale): generate keeps them when --data names a file of ten times
 * the relief, and recomputes them from that file only for a checkpoint
 * without them (written here from the same weights, as before they were
 * stored). */
static void test_generate_reference(void)
{
    write_terrain_relief("gr20.h5", 20, 2);
    write_terrain_relief("gr200.h5", 200, 2);
    CU_ASSERT_EQUAL(system("rm -rf genref genref-new genref-old*"), 0);
    const char *ov[] = {"data.path=gr20.h5", "model.arch=dcgan_small",
                        "model.z_dim=4", "model.width=2", "train.batch=2",
                        "train.steps=2", "train.checkpoint_every=2",
                        "train.samples=2"};
    const char *ck_new = "genref/checkpoints/ckpt-000002.h5";
    pg_config *c = NULL;
    pg_trainer *t = NULL;
    pg_train_outcome out;
    PG_ASSERT_OK(pg_job_config_load(NULL, ov, 8, &c));
    PG_ASSERT_OK(pg_trainer_create(c, "genref", 0, NULL, MPI_COMM_WORLD, &t));
    PG_ASSERT_OK(pg_trainer_run(t, 1, &out));
    pg_checkpoint *ck = NULL, *old = NULL;
    PG_ASSERT_OK(pg_checkpoint_read(ck_new, 0, &ck));
    CU_ASSERT(pg_checkpoint_has(ck, "data/offset"));
    CU_ASSERT(pg_checkpoint_has(ck, "data/scale"));
    CU_ASSERT(pg_checkpoint_has(ck, "data/cell_size_m"));
    pg_trainer_view v;
    pg_trainer_view_get(t, &v);
    const void *rng;
    size_t rn;
    PG_ASSERT_OK(pg_checkpoint_create(&old));
    PG_ASSERT_OK(pg_checkpoint_set_config(old, pg_checkpoint_config(ck)));
    pg_checkpoint_set_step(old, 2);
    PG_ASSERT_OK(pg_checkpoint_add_floats(old, "G/params", v.gw, v.gnw));
    PG_ASSERT_OK(pg_checkpoint_add_floats(old, "D/params", v.dw, v.dnw));
    if (v.gns) PG_ASSERT_OK(pg_checkpoint_add_floats(old, "G/state", v.gs, v.gns));
    PG_ASSERT_OK(pg_checkpoint_get_rng(ck, &rng, &rn));
    PG_ASSERT_OK(pg_checkpoint_set_rng(old, rng, rn));
    PG_ASSERT_OK(pg_checkpoint_write(old, "genref-old.h5", MPI_COMM_NULL));
    pg_checkpoint_destroy(&old);
    pg_checkpoint_destroy(&ck);
    pg_trainer_destroy(&t);
    pg_config_destroy(&c);

    pg_data_reference r20, r200;
    PG_ASSERT_OK(pg_data_reference_compute("gr20.h5", "/terrain",
                                           PG_NORMALIZE_PATCH, &r20));
    PG_ASSERT_OK(pg_data_reference_compute("gr200.h5", "/terrain",
                                           PG_NORMALIZE_PATCH, &r200));
    CU_ASSERT(r200.scale > 5 * r20.scale);
    pg_generate_opts o = {.checkpoint = ck_new, .out_dir = "genref-new",
                          .data = "gr200.h5", .n = 2, .seed = 1,
                          .formats = PG_GENERATE_ASC, .plain = 1};
    pg_generate_result r;
    PG_ASSERT_OK(pg_generate_run(&o, &r));
    /* float32 storage: 7 significant digits */
    CU_ASSERT_DOUBLE_EQUAL(r.offset_m, r20.offset, 1e-5 * r20.offset);
    CU_ASSERT_DOUBLE_EQUAL(r.scale_m, r20.scale, 1e-5 * r20.scale);
    o.checkpoint = "genref-old.h5";
    o.out_dir = "genref-old";
    PG_ASSERT_OK(pg_generate_run(&o, &r));
    CU_ASSERT_DOUBLE_EQUAL(r.offset_m, r200.offset, 1e-9 * r200.offset);
    CU_ASSERT_DOUBLE_EQUAL(r.scale_m, r200.scale, 1e-9 * r200.scale);
}

/* Patches i = 0..7 of one ramp pattern scaled to half range i + 1 and
 * shifted by 100 i metres. */
static void write_terrain_scaled(const char *name)
{
    enum { SIDE = 8, N = 8 };
    static float z[N * SIDE * SIDE];
    for (int i = 0; i < N; i++)
        for (int k = 0; k < SIDE * SIDE; k++)
            z[i * SIDE * SIDE + k] =
                (float)(100.0 * i + (i + 1) * (2.0 * k / (SIDE * SIDE - 1) - 1));
    write_terrain(name, N, SIDE, z);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* [data] normalize: patch stretches every sample to [-1, 1]; relief
 * divides by the largest half range, so the samples keep their reliefs
 * (1..8 of 8) and h_ref = 8; both centre every sample and share m_ref. */
static void test_normalize_modes(void)
{
    write_terrain_scaled("scaled.h5");
    pg_data_reference rp, rr, rn;
    PG_ASSERT_OK(pg_data_reference_compute("scaled.h5", "/terrain",
                                           PG_NORMALIZE_PATCH, &rp));
    PG_ASSERT_OK(pg_data_reference_compute("scaled.h5", "/terrain",
                                           PG_NORMALIZE_RELIEF, &rr));
    PG_ASSERT_OK(pg_data_reference_compute("scaled.h5", "/terrain",
                                           PG_NORMALIZE_NONE, &rn));
    CU_ASSERT_DOUBLE_EQUAL(rp.scale, 4.5, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(rr.scale, 8.0, 1e-6);
    CU_ASSERT_DOUBLE_EQUAL(rp.offset, 350.0, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(rr.offset, 350.0, 1e-4);
    CU_ASSERT_DOUBLE_EQUAL(rn.scale, 1.0, 0);
    pg_normalize mode;
    CU_ASSERT_EQUAL(pg_normalize_parse("relief", &mode), PG_OK);
    CU_ASSERT_EQUAL(mode, PG_NORMALIZE_RELIEF);
    CU_ASSERT_EQUAL(pg_normalize_parse("Relief", &mode), PG_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "[data] normalize"));
    pg_error_clear();

    static const char *modes[] = {"patch", "relief"};
    for (int m = 0; m < 2; m++) {
        char norm[64];
        snprintf(norm, sizeof norm, "data.normalize=%s", modes[m]);
        const char *ov[] = {"data.path=scaled.h5", "model.arch=dcgan_small",
                            "model.z_dim=4", "model.width=2",
                            "train.batch=2", "train.steps=1", norm};
        pg_config *c = NULL;
        pg_trainer *t = NULL;
        PG_ASSERT_OK(pg_job_config_load(NULL, ov, 7, &c));
        CU_ASSERT_EQUAL(system("rm -rf normrun"), 0);
        PG_ASSERT_OK(pg_trainer_create(c, "normrun", 0, NULL, MPI_COMM_WORLD,
                                       &t));
        CU_ASSERT_DOUBLE_EQUAL(t->ref_scale, m ? 8.0 : 4.5, 1e-6);
        double halves[8];
        float x[2 * 64];
        for (int b = 0; b < 4; b++) {
            PG_ASSERT_OK(pg_trainer_data_next(t, x));
            for (int i = 0; i < 2; i++) {
                double mid, half;
                pg_data_sample_range(x + i * 64, 64, &mid, &half);
                CU_ASSERT_DOUBLE_EQUAL(mid, 0, 1e-5);
                halves[2 * b + i] = half;
            }
        }
        qsort(halves, 8, sizeof halves[0], cmp_double);
        for (int i = 0; i < 8; i++)
            CU_ASSERT_DOUBLE_EQUAL(halves[i], m ? (i + 1) / 8.0 : 1.0, 1e-5);
        pg_trainer_destroy(&t);
        pg_config_destroy(&c);
    }
}

/* Mirror variant v (bit 0 left-right, bit 1 up-down) of an 8 x 8 sample. */
static void mirror8(const float *in, int v, float *out)
{
    for (int y = 0; y < 8; y++)
        for (int x = 0; x < 8; x++)
            out[y * 8 + x] = in[(v & 2 ? 7 - y : y) * 8 + (v & 1 ? 7 - x : x)];
}

/* [data] augment = flips: every sample of an epoch is one of the four
 * mirror images of a distinct stored sample, some are mirrored, and a
 * resumed loader (seek to a batch) makes the same choices. */
static void test_augment_flips(void)
{
    write_terrain_scaled("scaled.h5");
    const char *ov[] = {"data.path=scaled.h5", "model.arch=dcgan_small",
                        "model.z_dim=4", "model.width=2", "train.batch=2",
                        "train.steps=1", "data.normalize=none",
                        "data.augment=flips"};
    pg_config *c = NULL;
    pg_trainer *t = NULL, *u = NULL;
    PG_ASSERT_OK(pg_job_config_load(NULL, ov, 8, &c));
    CU_ASSERT_EQUAL(system("rm -rf augrun augrun2"), 0);
    PG_ASSERT_OK(pg_trainer_create(c, "augrun", 0, NULL, MPI_COMM_WORLD, &t));
    PG_ASSERT_OK(pg_trainer_create(c, "augrun2", 0, NULL, MPI_COMM_WORLD, &u));
    float stored[8 * 64], x[4][2 * 64], m[64];
    pg_h5_file *f = NULL;
    PG_ASSERT_OK(pg_h5_file_open("scaled.h5", "terrain/1", &f));
    PG_ASSERT_OK(pg_h5_dataset_read_rows(f, "/terrain", PG_H5_F32, 0, 8,
                                         stored));
    pg_h5_file_close(&f);
    int seen[8] = {0}, mirrored = 0;
    for (int b = 0; b < 4; b++) {
        PG_ASSERT_OK(pg_trainer_data_next(t, x[b]));
        for (int i = 0; i < 2; i++) {
            int found = 0;
            for (int k = 0; k < 8 && !found; k++)
                for (int v = 0; v < 4 && !found; v++) {
                    mirror8(stored + k * 64, v, m);
                    if (!memcmp(m, x[b] + i * 64, sizeof m)) {
                        found = 1;
                        seen[k]++;
                        mirrored += v != 0;
                    }
                }
            CU_ASSERT(found);
        }
    }
    for (int k = 0; k < 8; k++) CU_ASSERT_EQUAL(seen[k], 1);
    CU_ASSERT(mirrored > 0 && mirrored < 8);
    /* resume at batch 2 of epoch 0 */
    u->epoch = 0;
    u->index = 2;
    PG_ASSERT_OK(pg_trainer_data_seek(u));
    float y[2 * 64];
    PG_ASSERT_OK(pg_trainer_data_next(u, y));
    CU_ASSERT_EQUAL(memcmp(y, x[2], sizeof y), 0);
    pg_trainer_destroy(&t);
    pg_trainer_destroy(&u);
    pg_config_destroy(&c);
}

/* [model] d_spectral_norm / d_mbstd reach dcgan_small's D: every conv and
 * the dense layer carry PG_SPECTRAL_NORM and an mbstd node sits before the
 * dense one; the plain D has neither; dcgan refuses them naming the keys. */
static void test_d_options(void)
{
    const char *ov[] = {"model.d_spectral_norm=true", "model.d_mbstd=on"};
    pg_config *plain = NULL, *c = NULL;
    PG_ASSERT_OK(pg_job_config_load(NULL, NULL, 0, &plain));
    PG_ASSERT_OK(pg_job_config_load(NULL, ov, 2, &c));
    const pg_gan_model *m;
    pg_gan_dims d;
    PG_ASSERT_OK(pg_gan_model_find("dcgan", &m));
    CU_ASSERT_EQUAL(m->configure(c, 1, 64, 64, &d), PG_ERR_CONFIG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "d_spectral_norm"));
    pg_error_clear();
    PG_ASSERT_OK(pg_gan_model_find("dcgan_small", &m));
    for (int with = 0; with < 2; with++) {
        PG_ASSERT_OK(m->configure(with ? c : plain, 1, 16, 16, &d));
        pg_net *net = NULL;
        pg_graph *g = NULL;
        PG_ASSERT_OK(pg_net_create("D", &net));
        PG_ASSERT_OK(pg_graph_create(net, &g));
        int x = pg_op_input(g, 4, (int[]){4, 1, 16, 16});
        CU_ASSERT(m->discriminator(g, x, &d) >= 0);
        int sn = 0, layers = 0, mbstd = -1, dense = -1;
        for (int i = 0; i < g->n_nodes; i++) {
            const pg_node *n = &g->nodes[i];
            if (n->op == PG_OP_CONV2D || n->op == PG_OP_DENSE) {
                layers++;
                sn += (n->a.flags & PG_SPECTRAL_NORM) != 0;
            }
            if (n->op == PG_OP_MBSTD) mbstd = i;
            if (n->op == PG_OP_DENSE) dense = i;
        }
        CU_ASSERT_EQUAL(layers, 3); /* 16 -> 8 -> 4: two convs, a dense */
        CU_ASSERT_EQUAL(sn, with ? layers : 0);
        if (with) {
            CU_ASSERT(mbstd >= 0 && mbstd < dense);
        } else {
            CU_ASSERT_EQUAL(mbstd, -1);
        }
        pg_graph_destroy(&g);
        pg_net_destroy(&net);
    }
    pg_config_destroy(&plain);
    pg_config_destroy(&c);
}

static pg_config *run_job(void)
{
    const char *ov[] = {"train.seed=11", "train.keep_checkpoints=2"};
    pg_config *c = NULL;
    PG_ASSERT_OK(pg_job_config_load(NULL, ov, 2, &c));
    return c;
}

/* begin + start of a run in dir; *opts read from c. */
static pg_status run_start(pg_run *r, const pg_config *c, pg_train_opts *opts,
                       int resume, char *ckpt, size_t cap)
{
    memset(r, 0, sizeof *r);
    PG_CHECK(pg_run_begin(r, c, "runobj", NULL, MPI_COMM_WORLD));
    return pg_run_start(r, pg_train_opts_read(c, opts), opts, resume, ckpt,
                        cap);
}

static void test_run_checkpoint_and_resume(void)
{
    CU_ASSERT_EQUAL(system("rm -rf runobj"), 0);
    pg_config *c = run_job();
    pg_train_opts opts;
    pg_run r;
    char ckpt[4096];
    PG_ASSERT_OK(run_start(&r, c, &opts, 0, ckpt, sizeof ckpt));
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
    CU_ASSERT_EQUAL(run_start(&r, c, &opts, 0, ckpt, sizeof ckpt),
                    PG_ERR_STATE);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "--resume"));
    pg_error_clear();
    pg_run_release(&r);

    PG_ASSERT_OK(run_start(&r, c, &opts, 1, ckpt, sizeof ckpt));
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

static void test_trainer_registry(void)
{
    static const struct { const char *arch, *kind; } shipped[] = {
        {"dcgan", "gan"},         {"dcgan_small", "gan"},
        {"unet_sr", "paired"},    {"unet_foam", "paired"},
        {"cyclegan", "cyclegan"}, {"protein_gan", "protein_gan"},
        {"crystal_vaegan", "crystal_vaegan"}};
    const pg_trainer_kind *k = NULL;
    for (size_t i = 0; i < sizeof shipped / sizeof *shipped; i++) {
        PG_ASSERT_OK(pg_trainer_kind_find(shipped[i].arch, &k));
        CU_ASSERT_STRING_EQUAL(k->name, shipped[i].kind);
    }
    /* Each kind takes every arch it lists, and no other kind before it
     * claims one. */
    int n;
    const pg_trainer_kind *const *all = pg_trainer_kinds(&n);
    CU_ASSERT_EQUAL(n, 5);
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
                                  "unet_sr|unet_foam|cyclegan|protein_gan|"
                                  "crystal_vaegan"));
    pg_error_clear();
}

static void finalize(void) { MPI_Finalize(); }

void pg_test_register(void)
{
    MPI_Init(NULL, NULL);
    atexit(finalize);
    CU_pSuite s = pg_test_suite("trainer");
    PG_TEST(s, test_metrics_resume_truncates);
    PG_TEST(s, test_registry_shapes);
    PG_TEST(s, test_d_options);
    PG_TEST(s, test_every_loss_runs);
    PG_TEST(s, test_generate_reference);
    PG_TEST(s, test_normalize_modes);
    PG_TEST(s, test_augment_flips);
    PG_TEST(s, test_run_checkpoint_and_resume);
    PG_TEST(s, test_trainer_registry);
}
