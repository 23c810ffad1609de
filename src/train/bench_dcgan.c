/* The DCGAN training-step benchmark (bench_dcgan.h). */
#include "train/bench_dcgan.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include "base/clock.h"
#include "base/mem.h"
#include "base/rng.h"
#include "dist/allreduce.h"
#include "models/dcgan64.h"
#include "nn/optim.h"

/* The reference's optimiser: Adam 2e-4, betas (0.5, 0.999), eps 1e-8. */
static const double LR = 2e-4, BETA1 = 0.5, BETA2 = 0.999, ADAM_EPS = 1e-8;

/* Peak resident set of this process in MiB (Linux reports KiB). */
static double peak_rss_mb(void)
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return (double)u.ru_maxrss / 1024.0;
}

typedef struct gan_bench {
    pg_net *gnet, *dnet;
    pg_graph *g, *d;
    pg_adam *gopt, *dopt;
    pg_rng *init, *noise, *data;
    float *real;
    pg_gan_step step;
    MPI_Comm comm;
    int rank, ranks;
    pg_gan_prof prof;
} gan_bench;

static pg_status allreduce_hook(void *ctx, pg_net *net)
{
    gan_bench *b = ctx;
    PG_CHECK(pg_dist_allreduce_mean(net->g, net->nw, b->comm));
    return PG_OK;
}

static pg_status gan_build(gan_bench *b, const pg_bench_dcgan_opts *o)
{
    int batch = o->batch;
    /* Same initial weights on every rank (stream of rank 0); own noise and
     * own real batch per rank. */
    PG_CHECK(pg_rng_create(o->seed, 0, PG_RNG_INIT, &b->init));
    PG_CHECK(pg_rng_create(o->seed, b->rank, PG_RNG_NOISE,
                           &b->noise));
    PG_CHECK(pg_rng_create(o->seed, b->rank, PG_RNG_DATA,
                           &b->data));
    PG_CHECK(pg_net_create("G", &b->gnet));
    PG_CHECK(pg_net_create("D", &b->dnet));
    PG_CHECK(pg_graph_create(b->gnet, &b->g));
    PG_CHECK(pg_graph_create(b->dnet, &b->d));
    pg_gan_step *s = &b->step;
    s->g = b->g;
    s->d = b->d;
    s->g_z = pg_op_input(b->g, 2, (int[]){batch, PG_DCGAN64_Z});
    s->g_out = pg_dcgan64_generator(b->g, s->g_z);
    pg_graph_set_requires_grad(b->g, s->g_z, 0);
    PG_CHECK(pg_graph_finalize(b->g));
    s->d_x = pg_op_input(b->d, 4, (int[]){batch, 1, PG_DCGAN64_SIDE,
                                          PG_DCGAN64_SIDE});
    s->d_out = pg_dcgan64_discriminator(b->d, s->d_x);
    PG_CHECK(pg_graph_finalize(b->d));
    PG_CHECK(pg_net_init(b->gnet, b->init));
    PG_CHECK(pg_net_init(b->dnet, b->init));
    PG_CHECK(pg_adam_create(b->gnet->nw, LR, BETA1, BETA2, ADAM_EPS, 0,
                            &b->gopt));
    PG_CHECK(pg_adam_create(b->dnet->nw, LR, BETA1, BETA2, ADAM_EPS, 0,
                            &b->dopt));
    s->g_opt = b->gopt;
    s->d_opt = b->dopt;
    s->noise = b->noise;
    if (b->ranks > 1) {
        s->hook = allreduce_hook;
        s->hook_ctx = b;
    }
    PG_CHECK(pg_gan_step_check(s));
    if (o->profile) s->prof = &b->prof;
    /* The reference's real batch: fixed tanh(N(0, 1)) images. */
    size_t len = pg_graph_out(b->d, s->d_x)->size;
    b->real = pg_alloc(len * sizeof *b->real);
    if (!b->real) return PG_FAIL(PG_ERR_NOMEM, "real batch");
    pg_rng_fill_gaussian(b->data, b->real, len, 1.0);
    for (size_t i = 0; i < len; i++) b->real[i] = tanhf(b->real[i]);
    return PG_OK;
}

static void gan_destroy(gan_bench *b)
{
    pg_free(b->real);
    pg_adam_destroy(&b->gopt);
    pg_adam_destroy(&b->dopt);
    pg_graph_destroy(&b->g);
    pg_graph_destroy(&b->d);
    pg_net_destroy(&b->gnet);
    pg_net_destroy(&b->dnet);
    pg_rng_destroy(&b->init);
    pg_rng_destroy(&b->noise);
    pg_rng_destroy(&b->data);
}

static pg_status gan_run(gan_bench *b, const pg_bench_dcgan_opts *o,
                         pg_bench_dcgan_result *r)
{
    PG_CHECK(gan_build(b, o));
    pg_gan_step_losses l = {0};
    for (int i = 0; i < PG_BENCH_DCGAN_WARMUP; i++)
        PG_CHECK(pg_gan_step_run(&b->step, b->real, &l));
    memset(&b->prof, 0, sizeof b->prof);
    if (b->ranks > 1) MPI_Barrier(b->comm);
    double t0 = pg_clock_now_s();
    for (long i = 0; i < o->steps; i++)
        PG_CHECK(pg_gan_step_run(&b->step, b->real, &l));
    double sec = (pg_clock_now_s() - t0) / (double)o->steps;
    double rss = peak_rss_mb();
    /* The slowest rank sets the pace; memory is per process. */
    if (b->ranks > 1) {
        MPI_Allreduce(MPI_IN_PLACE, &sec, 1, MPI_DOUBLE, MPI_MAX, b->comm);
        MPI_Allreduce(MPI_IN_PLACE, &rss, 1, MPI_DOUBLE, MPI_MAX, b->comm);
    }
    r->ranks = b->ranks;
    r->sec = sec;
    r->peak_rss_mb = rss;
    r->flops = pg_gan_step_flops(&b->step);
    r->params_g = b->gnet->nw;
    r->params_d = b->dnet->nw;
    r->last = l;
    if (o->profile) {
        pg_gan_step_flops_by_op(&b->step, r->op_flops);
        for (int k = 0; k < PG_OP_COUNT; k++)
            r->op_sec[k] = b->prof.sec[k] / (double)o->steps;
    }
    return PG_OK;
}

pg_status pg_bench_dcgan_run(const pg_bench_dcgan_opts *o, MPI_Comm comm,
                             pg_bench_dcgan_result *out)
{
    memset(out, 0, sizeof *out);
    gan_bench b = {.comm = comm, .ranks = 1};
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &b.rank);
        MPI_Comm_size(comm, &b.ranks);
    }
    pg_status st = gan_run(&b, o, out);
    gan_destroy(&b);
    PG_CHECK(st);
    return PG_OK;
}
