/* Building the CycleGAN trainer: options, run directory, both domains'
 * data, the four nets (rank 0's initial parameters, broadcast), the slope
 * penalty, optimisers, the state of a checkpoint when resuming; and its
 * callbacks for the shared loop (train_loop.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "dist/agree.h"
#include "nn/ops.h"
#include "train/cyclegan_impl.h"
#include "train/run_setup.h"
#include "train/train_loop.h"
#include "train/trainer_impl.h"
#include "train/trainer_registry.h"

static pg_status read_opts(const pg_config *c, pg_cyclegan_opts *o)
{
    const char *dataset, *norm;
    memset(o, 0, sizeof *o);
    PG_CHECK(pg_config_get_string(c, "data", "path", &o->path_b));
    if (!*o->path_b)
        return PG_FAIL(PG_ERR_CONFIG, "[data] path: required by physgan "
                       "train (for cyclegan: the real terrain/1 patches, "
                       "physgan import dem) and not set");
    PG_CHECK(pg_config_get_string(c, "data", "path_synthetic", &o->path_a));
    if (!*o->path_a)
        return PG_FAIL(PG_ERR_CONFIG, "[data] path_synthetic: required by "
                       "[model] arch = cyclegan (the synthetic terrain/1 "
                       "patches, physgan simulate terrain) and not set");
    PG_CHECK(pg_config_get_string(c, "data", "dataset", &dataset));
    PG_CHECK(pg_config_get_string(c, "data", "normalize", &norm));
    if (strcmp(dataset, "/terrain") || strcmp(norm, "patch"))
        return PG_FAIL(PG_ERR_CONFIG, "[model] arch = cyclegan translates "
                       "terrain/1 patches normalised per patch: it needs "
                       "[data] dataset = /terrain and normalize = patch");
    PG_CHECK(pg_train_gan_keys_read(c, &o->loss, &o->label_smoothing,
                                    &o->d_steps));
    PG_CHECK(pg_config_get_double(c, "loss", "cycle_weight", &o->cycle_w));
    PG_CHECK(pg_config_get_double(c, "loss", "identity_weight",
                                  &o->identity_w));
    /* No data reference: terrain.roughness is refused (D_B already
     * judges the texture against real patches). */
    PG_CHECK(pg_penalty_config_check(c, "terrain", PG_PENALTY_LIST_NO_REF,
                                     "cyclegan"));
    PG_CHECK(pg_train_opts_read(c, &o->train));
    return PG_OK;
}

/* net applied to a (batch, 1, h, w) input; generator or discriminator. */
static pg_status build(pg_cyclegan *c, pg_net *net, int gen,
                       pg_cyclegan_graph *q)
{
    PG_CHECK(pg_graph_create(net, &q->g));
    q->in = pg_op_input(q->g, 4, (int[]){(int)c->o.batch, 1, c->b.h, c->b.w});
    q->out = gen ? pg_cyclegan_generator(q->g, q->in, &c->arch)
                 : pg_cyclegan_discriminator(q->g, q->in, &c->arch);
    /* Inputs need gradients only where a loss flows through them into an
     * earlier graph (set per use in cyclegan_step.c). */
    pg_graph_set_requires_grad(q->g, q->in, 0);
    PG_CHECK(pg_graph_finalize(q->g));
    return PG_OK;
}

static pg_status setup_model(pg_cyclegan *c)
{
    PG_CHECK(pg_cyclegan_arch_read(c->cfg, c->b.h, c->b.w, &c->arch));
    PG_CHECK(pg_net_create("G_AB", &c->g_ab));
    PG_CHECK(pg_net_create("G_BA", &c->g_ba));
    PG_CHECK(pg_net_create("D_A", &c->d_a));
    PG_CHECK(pg_net_create("D_B", &c->d_b));
    PG_CHECK(build(c, c->g_ab, 1, &c->ab_a));
    PG_CHECK(build(c, c->g_ba, 1, &c->ba_fb));
    PG_CHECK(build(c, c->g_ba, 1, &c->ba_b));
    PG_CHECK(build(c, c->g_ab, 1, &c->ab_fa));
    /* The reconstructions' gradients flow back to the first fakes. */
    pg_graph_set_requires_grad(c->ba_fb.g, c->ba_fb.in, 1);
    pg_graph_set_requires_grad(c->ab_fa.g, c->ab_fa.in, 1);
    if (c->o.identity_w > 0) {
        PG_CHECK(build(c, c->g_ab, 1, &c->ab_b));
        PG_CHECK(build(c, c->g_ba, 1, &c->ba_a));
    }
    PG_CHECK(build(c, c->d_a, 0, &c->da_r));
    PG_CHECK(build(c, c->d_a, 0, &c->da_f));
    PG_CHECK(build(c, c->d_b, 0, &c->db_r));
    PG_CHECK(build(c, c->d_b, 0, &c->db_f));
    c->map_len = pg_graph_out(c->da_r.g, c->da_r.out)->size;
    c->gr = malloc(c->map_len * sizeof *c->gr);
    c->gf = malloc(c->map_len * sizeof *c->gf);
    if (!c->gr || !c->gf) return PG_FAIL(PG_ERR_NOMEM, "cyclegan buffers");
    pg_penalty_geom geom = {(int)c->o.batch, 1, c->b.h, c->b.w, c->b.dx_m,
                            c->b.dy_m};
    PG_CHECK(pg_penalty_list_create(c->cfg, "terrain", PG_PENALTY_LIST_NO_REF,
                                    "cyclegan", &geom, &c->pens));
    const struct { pg_net *net; double lr; pg_adam **opt; } o[4] = {
        {c->g_ab, c->o.g_lr, &c->o_g_ab}, {c->g_ba, c->o.g_lr, &c->o_g_ba},
        {c->d_a, c->o.d_lr, &c->o_d_a}, {c->d_b, c->o.d_lr, &c->o_d_b}};
    for (int i = 0; i < 4; i++)
        PG_CHECK(pg_adam_create(o[i].net->nw, o[i].lr, c->o.beta1,
                                c->o.beta2, c->o.eps, 0, o[i].opt));
    return PG_OK;
}

/* Rank 0 initialises the four nets and broadcasts them. Collective. */
static pg_status init_params(pg_cyclegan *c)
{
    pg_net *n[4] = {c->g_ab, c->g_ba, c->d_a, c->d_b};
    return pg_run_init_nets(c->comm, (uint64_t)c->o.seed, n, 4);
}

static const char METRICS_HEADER[] =
    "step,epoch,loss_d,loss_g,d_real,d_fake,loss_d_a,loss_d_b,adv_ab,adv_ba,"
    "cycle_a,cycle_b,identity,terrain.slope,grad_norm_g,grad_norm_d,"
    "samples_per_s,wall_s";

static pg_status setup(pg_cyclegan *c, int resume)
{
    char ckpt[4096] = "";
    PG_CHECK(pg_run_start(&c->run, read_opts(c->cfg, &c->o), &c->o.train,
                          resume, ckpt, sizeof ckpt));
    PG_CHECK(pg_dist_agree(c->comm, pg_cyclegan_data_open(c)));
    PG_CHECK(pg_dist_agree(c->comm, setup_model(c)));
    PG_CHECK(init_params(c));
    if (ckpt[0]) {
        PG_CHECK(pg_dist_agree(c->comm, pg_cyclegan_ckpt_restore(c, ckpt)));
        pg_info("resuming from %s at step %lld", ckpt, (long long)c->step);
    }
    PG_CHECK(pg_dist_agree(c->comm, pg_cyclegan_data_seek(c)));
    PG_CHECK(pg_run_open_outputs(&c->run, METRICS_HEADER, ckpt));
    if (!ckpt[0])
        pg_run_log(&c->run, "start: cyclegan %s (A, synthetic) <-> %s (B, "
                   "real), %ld steps, batch %ld per rank on %d rank%s",
                   c->o.path_a, c->o.path_b, c->o.steps, c->o.batch, c->size,
                   c->size == 1 ? "" : "s");
    return PG_OK;
}

pg_status pg_cyclegan_create(const pg_config *cfg, const char *run_dir,
                             int resume, const pg_trainer_hooks *hooks,
                             MPI_Comm comm, pg_cyclegan **out)
{
    pg_cyclegan *c = calloc(1, sizeof *c);
    if (!c) return PG_FAIL(PG_ERR_NOMEM, "cyclegan trainer");
    pg_status st = pg_run_begin(&c->run, cfg, run_dir, hooks, comm);
    if (st == PG_OK) st = setup(c, resume);
    if (st != PG_OK) {
        pg_cyclegan_destroy(&c);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    pg_run_clock_start(&c->run);
    *out = c;
    return PG_OK;
}

/* ---- the loop's callbacks ---- */

enum { N_AVG = 12 };

static pg_status metrics_row(void *self, double rate)
{
    pg_cyclegan *c = self;
    const pg_cyclegan_metrics *m = &c->last;
    /* loss_d and loss_g (the columns every report reads) are the sums of
     * the two discriminators' and the two generators' adversarial terms;
     * d_real, d_fake are D_B's (real terrain). */
    double v[N_AVG] = {m->loss_d_a + m->loss_d_b, m->adv_ab + m->adv_ba,
                       m->d_real_b, m->d_fake_b, m->loss_d_a, m->loss_d_b,
                       m->adv_ab, m->adv_ba, m->cycle_a, m->cycle_b,
                       m->identity, m->slope};
    pg_train_row r = {c->b.epoch, v, N_AVG, m->grad_norm_g, m->grad_norm_d,
                      rate};
    return pg_train_row_write(&c->run, &r);
}

/* In the order the step computes them: the first non-finite one is
 * nearest to the cause. */
static const char *const TERMS[] = {"adv_ab", "adv_ba", "cycle_a",
                                    "cycle_b", "identity", "terrain.slope",
                                    "loss_d_a", "loss_d_b"};

static int bad_term(void *self)
{
    const pg_cyclegan_metrics *m = &((pg_cyclegan *)self)->last;
    const double v[] = {m->adv_ab, m->adv_ba, m->cycle_a, m->cycle_b,
                        m->identity, m->slope, m->loss_d_a, m->loss_d_b};
    for (int i = 0; i < (int)(sizeof v / sizeof *v); i++)
        if (!isfinite(v[i])) return i + 1;
    return 0;
}

static const char *term_name(void *self, int term)
{
    (void)self;
    return term >= 1 && term <= (int)(sizeof TERMS / sizeof *TERMS)
               ? TERMS[term - 1] : "?";
}

static pg_status step_fn(void *self)
{
    pg_cyclegan *c = self;
    return pg_cyclegan_step_run(c, &c->last);
}

static void progress_text(void *self, char *buf, size_t n)
{
    const pg_cyclegan_metrics *m = &((pg_cyclegan *)self)->last;
    snprintf(buf, n, "D_A=%.3f D_B=%.3f G_AB=%.3f G_BA=%.3f cycle=%.4f",
             m->loss_d_a, m->loss_d_b, m->adv_ab, m->adv_ba,
             m->cycle_a + m->cycle_b);
}

static pg_status checkpoint(void *self) { return pg_cyclegan_ckpt_save(self); }

pg_status pg_cyclegan_run(pg_cyclegan *c, int plain, pg_train_outcome *out)
{
    pg_train_loop l = {
        .run = &c->run,
        /* Patches of both domains per step. */
        .samples_per_step = 2.0 * (double)c->o.batch,
        .self = c, .step_fn = step_fn, .bad_term = bad_term,
        .term_name = term_name, .metrics_row = metrics_row,
        .progress_text = progress_text, .checkpoint = checkpoint};
    return pg_train_loop_run(&l, plain, out);
}

long pg_cyclegan_step(const pg_cyclegan *c) { return (long)c->step; }

static void free_domain(pg_cyclegan_domain *d)
{
    pg_shard_reader_close(&d->reader);
    free(d->x);
    free(d->mid);
    free(d->half);
}

void pg_cyclegan_destroy(pg_cyclegan **cp)
{
    pg_cyclegan *c = cp ? *cp : NULL;
    if (!c) return;
    free_domain(&c->a);
    free_domain(&c->b);
    pg_penalty_list_destroy(&c->pens);
    free(c->gr);
    free(c->gf);
    pg_cyclegan_graph *g[] = {&c->ab_a, &c->ba_fb, &c->ba_b, &c->ab_fa,
                              &c->ab_b, &c->ba_a, &c->da_r, &c->da_f,
                              &c->db_r, &c->db_f};
    for (size_t i = 0; i < sizeof g / sizeof *g; i++)
        pg_graph_destroy(&g[i]->g);
    pg_adam_destroy(&c->o_g_ab);
    pg_adam_destroy(&c->o_g_ba);
    pg_adam_destroy(&c->o_d_a);
    pg_adam_destroy(&c->o_d_b);
    pg_net_destroy(&c->g_ab);
    pg_net_destroy(&c->g_ba);
    pg_net_destroy(&c->d_a);
    pg_net_destroy(&c->d_b);
    pg_run_release(&c->run);
    free(c);
    *cp = NULL;
}

PG_TRAINER_KIND(pg_trainer_kind_cyclegan, "cyclegan", "cyclegan",
                pg_cyclegan_arch_is, pg_cyclegan, pg_cyclegan);
