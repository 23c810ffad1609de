/* Gradient check of the CycleGAN generators' objective (cyclegan.h L_G:
 * both adversarial terms, both cycles, both identity terms and the slope
 * penalty on G_AB(a) in metres), whose gradient cyclegan_step.c
 * assembles by hand across graphs (a reconstruction's gradient is
 * backpropagated through the second generator to its input and added to
 * the first generator's output gradient): the analytic gradient w.r.t.
 * parameters of G_AB and of G_BA against central differences of the
 * objective. */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physics/terrain/terrain_synth.h"
#include "io/h5.h"
#include "runner.h"
#include "train/cyclegan_impl.h"
#include "train/job_schema.h"

enum { SIDE = 16, N = 4, CHECKS = 40 };

static void write_terrain(const char *name, double beta, double relief,
                          uint64_t seed)
{
    static float z[N * SIDE * SIDE];
    pg_terrain_synth_params p = {SIDE, beta, 30.0, relief};
    pg_terrain_synth *s = NULL;
    pg_rng *r = NULL;
    PG_ASSERT_OK(pg_terrain_synth_create(&p, &s));
    PG_ASSERT_OK(pg_rng_create(seed, 0, PG_RNG_TEST, &r));
    for (int i = 0; i < N; i++)
        pg_terrain_synth_patch(s, r, z + i * SIDE * SIDE);
    pg_h5_file *w = NULL;
    PG_ASSERT_OK(pg_h5_writer_open(name, "terrain/1", "test", &w));
    PG_ASSERT_OK(pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3,
                                     (size_t[]){N, SIDE, SIDE}, z, "m", 0));
    PG_ASSERT_OK(pg_h5_attr_write_double(w, "/", "cell_size_m", 30.0));
    PG_ASSERT_OK(pg_h5_writer_commit(&w));
    pg_terrain_synth_destroy(&s);
    pg_rng_destroy(&r);
}

static double objective(pg_cyclegan *c)
{
    pg_cyclegan_metrics m;
    double total = NAN;
    PG_ASSERT_OK(pg_cyclegan_g_grads(c, &m, 0, &total));
    return total;
}

/* Central differences at CHECKS parameters of net spread over its buffer
 * against the gradient g (copied before). Returns the failures. */
static int check_net(pg_cyclegan *c, pg_net *net, const float *g,
                     const char *label)
{
    /* A first-layer weight moves every activation: with a larger step
     * more leaky-ReLU and L1 kinks fall inside +-eps (1e-2 gave errors of
     * 10-50 %, converging as eps shrank); float32 noise sets the floor. */
    const double eps = 3e-4, atol = 2e-3, rtol = 5e-2;
    int bad = 0;
    for (int k = 0; k < CHECKS; k++) {
        size_t i = (size_t)k * net->nw / CHECKS + (size_t)k % 7;
        float w0 = net->w[i];
        net->w[i] = (float)(w0 + eps);
        double up = objective(c);
        net->w[i] = (float)(w0 - eps);
        double down = objective(c);
        net->w[i] = w0;
        double num = (up - down) / (2 * eps), ana = g[i];
        double tol = atol + rtol * fmax(fabs(num), fabs(ana));
        if (!(fabs(num - ana) <= tol)) {
            bad++;
            printf("%s[%zu]: analytic %.6g, numeric %.6g\n", label, i, ana,
                   num);
        }
    }
    return bad;
}

static void run(const char *loss)
{
    char o_loss[64];
    snprintf(o_loss, sizeof o_loss, "loss.kind=%s", loss);
    const char *ov[] = {"data.path=gc_b.h5", "data.path_synthetic=gc_a.h5",
                        "model.arch=cyclegan", "model.depth=2",
                        "model.width=2", "model.d_layers=2", "train.batch=2",
                        "loss.identity_weight=0.5", "loss.cycle_weight=1",
                        "physics.terrain_slope_weight=2",
                        "physics.terrain_max_slope_deg=10",
                        "output.dir=gc_run", o_loss};
    pg_config *cfg = NULL;
    pg_cyclegan *c = NULL;
    CU_ASSERT_EQUAL(system("rm -rf gc_run"), 0);
    write_terrain("gc_a.h5", 2.0, 100.0, 1);
    write_terrain("gc_b.h5", 4.0, 300.0, 2);
    PG_ASSERT_OK(pg_job_config_load(NULL, ov, 13, &cfg));
    PG_ASSERT_OK(pg_cyclegan_create(cfg, "gc_run", 0, NULL, MPI_COMM_WORLD,
                                    &c));
    PG_ASSERT_OK(pg_cyclegan_data_next(c, &c->a));
    PG_ASSERT_OK(pg_cyclegan_data_next(c, &c->b));
    pg_cyclegan_metrics m;
    double total;
    PG_ASSERT_OK(pg_cyclegan_g_grads(c, &m, 0, &total));
    /* Every term takes part (the slope threshold is low enough to bite). */
    CU_ASSERT(m.adv_ab > 0 && m.adv_ba > 0 && m.cycle_a > 0 &&
              m.cycle_b > 0 && m.identity > 0 && m.slope > 0);
    float *gab = malloc(c->g_ab->nw * sizeof *gab);
    float *gba = malloc(c->g_ba->nw * sizeof *gba);
    CU_ASSERT_FATAL(gab && gba);
    memcpy(gab, c->g_ab->g, c->g_ab->nw * sizeof *gab);
    memcpy(gba, c->g_ba->g, c->g_ba->nw * sizeof *gba);
    char label[64];
    snprintf(label, sizeof label, "%s G_AB", loss);
    CU_ASSERT_EQUAL(check_net(c, c->g_ab, gab, label), 0);
    snprintf(label, sizeof label, "%s G_BA", loss);
    CU_ASSERT_EQUAL(check_net(c, c->g_ba, gba, label), 0);
    free(gab);
    free(gba);
    pg_cyclegan_destroy(&c);
    pg_config_destroy(&cfg);
}

static void test_lsgan(void) { run("lsgan"); }
static void test_ragan(void) { run("ragan"); }

static void finalize(void) { MPI_Finalize(); }

void pg_test_register(void)
{
    MPI_Init(NULL, NULL);
    atexit(finalize);
    CU_pSuite s = pg_test_suite("gradcheck_cyclegan");
    PG_TEST(s, test_lsgan);
    PG_TEST(s, test_ragan);
}
