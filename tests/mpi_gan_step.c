/* Data-parallel GAN steps on 2 ranks: pg_dist_allreduce_mean averages a
 * buffer, and with it as the gradient hook, ranks that start from the same
 * weights but train on different batches keep bit-identical weights. */
#include <math.h>
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "dist/allreduce.h"
#include "models/dcgan64.h"
#include "nn/ops.h"
#include "runner.h"
#include "train/gan_step.h"

enum { BATCH = 2 };
static int rank, size;

static void test_allreduce_mean(void)
{
    float buf[5];
    for (int i = 0; i < 5; i++) buf[i] = (float)(rank * 10 + i);
    PG_ASSERT_OK(pg_dist_allreduce_mean(buf, 5, MPI_COMM_WORLD));
    /* mean over ranks r of 10 r + i = 10 (size - 1) / 2 + i */
    for (int i = 0; i < 5; i++)
        CU_ASSERT_DOUBLE_EQUAL(buf[i], 5.0 * (size - 1) + i, 1e-6);
    PG_ASSERT_OK(pg_dist_allreduce_mean(buf, 0, MPI_COMM_WORLD));
}

static pg_status hook(void *ctx, pg_net *net)
{
    (void)ctx;
    return pg_dist_allreduce_mean(net->g, net->nw, MPI_COMM_WORLD);
}

/* Whether buf (n floats) is bit-identical on every rank. */
static int same_on_all_ranks(const float *buf, size_t n)
{
    float *root = malloc(n * sizeof *root);
    if (!root) return 0;
    memcpy(root, buf, n * sizeof *root);
    MPI_Bcast(root, (int)n, MPI_FLOAT, 0, MPI_COMM_WORLD);
    int same = !memcmp(root, buf, n * sizeof *root), all;
    MPI_Allreduce(&same, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    free(root);
    return all;
}

static void test_ranks_stay_in_step(void)
{
    pg_net *gn = NULL, *dn = NULL;
    pg_graph *g = NULL, *d = NULL;
    pg_adam *ga = NULL, *da = NULL;
    pg_rng *init = NULL, *noise = NULL;
    static float real[BATCH * 64 * 64];
    PG_ASSERT_OK(pg_rng_create(11, 0, PG_RNG_INIT, &init));
    PG_ASSERT_OK(pg_rng_create(11, rank, PG_RNG_NOISE, &noise));
    PG_ASSERT_OK(pg_net_create("G", &gn));
    PG_ASSERT_OK(pg_net_create("D", &dn));
    PG_ASSERT_OK(pg_graph_create(gn, &g));
    PG_ASSERT_OK(pg_graph_create(dn, &d));
    pg_gan_step s = {.g = g, .d = d, .hook = hook};
    s.g_z = pg_op_input(g, 2, (int[]){BATCH, PG_DCGAN64_Z});
    s.g_out = pg_dcgan64_generator(g, s.g_z);
    pg_graph_set_requires_grad(g, s.g_z, 0);
    PG_ASSERT_OK(pg_graph_finalize(g));
    s.d_x = pg_op_input(d, 4, (int[]){BATCH, 1, 64, 64});
    s.d_out = pg_dcgan64_discriminator(d, s.d_x);
    PG_ASSERT_OK(pg_graph_finalize(d));
    PG_ASSERT_OK(pg_net_init(gn, init));
    PG_ASSERT_OK(pg_net_init(dn, init));
    PG_ASSERT_OK(pg_adam_create(gn->nw, 2e-4, 0.5, 0.999, 1e-8, 0, &ga));
    PG_ASSERT_OK(pg_adam_create(dn->nw, 2e-4, 0.5, 0.999, 1e-8, 0, &da));
    s.g_opt = ga;
    s.d_opt = da;
    s.noise = noise;
    PG_ASSERT_OK(pg_gan_step_check(&s));
    /* A different real batch on each rank. */
    for (size_t i = 0; i < sizeof real / sizeof *real; i++)
        real[i] = tanhf((float)((i * 7 + (size_t)rank * 13) % 17) / 8 - 1);
    pg_gan_step_losses l;
    for (int i = 0; i < 2; i++) PG_ASSERT_OK(pg_gan_step_run(&s, real, &l));
    CU_ASSERT(same_on_all_ranks(gn->w, gn->nw));
    CU_ASSERT(same_on_all_ranks(dn->w, dn->nw));
    /* ... although each rank saw its own data (its own loss). */
    double lo = l.d_real, hi = l.d_real;
    MPI_Allreduce(MPI_IN_PLACE, &lo, 1, MPI_DOUBLE, MPI_MIN, MPI_COMM_WORLD);
    MPI_Allreduce(MPI_IN_PLACE, &hi, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    if (size > 1) CU_ASSERT(lo < hi);
    pg_adam_destroy(&ga);
    pg_adam_destroy(&da);
    pg_graph_destroy(&g);
    pg_graph_destroy(&d);
    pg_net_destroy(&gn);
    pg_net_destroy(&dn);
    pg_rng_destroy(&init);
    pg_rng_destroy(&noise);
}

void pg_test_register(void)
{
    pg_test_mpi_init(&rank, &size);
    CU_pSuite s = pg_test_suite("gan_step_mpi");
    PG_TEST(s, test_allreduce_mean);
    PG_TEST(s, test_ranks_stay_in_step);
}
