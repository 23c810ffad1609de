/* Building the sequence GAN trainer: options, run directory, the training
 * split, the three nets (rank 0's initial parameters, broadcast),
 * optimisers, the state of a checkpoint when resuming; and its callbacks
 * for the shared loop (train_loop.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "dist/agree.h"
#include "nn/ops.h"
#include "physics/penalty_list.h"
#include "physics/penalty_registry.h"
#include "physics/protein/io/protein_file.h"
#include "physics/protein/protein_onehot.h"
#include "physics/protein/protein_pssm_penalty.h"
#include "train/protein_gan_impl.h"
#include "train/run_setup.h"
#include "train/train_loop.h"
#include "train/trainer_registry.h"

int pg_protein_gan_arch_is(const char *arch)
{
    return !strcmp(arch, "protein_gan");
}

static pg_status read_opts(const pg_config *c, pg_protein_gan_opts *o)
{
    memset(o, 0, sizeof *o);
    PG_CHECK(pg_config_get_string(c, "data", "path", &o->path));
    if (!*o->path)
        return PG_FAIL(PG_ERR_CONFIG, "[data] path: required by physgan "
                       "train (for protein_gan: the protein/1 training "
                       "split, scripts/protein/build-family-data.sh) and "
                       "not set");
    PG_CHECK(pg_train_gan_keys_read(c, &o->loss, &o->label_smoothing,
                                    &o->d_steps));
    PG_CHECK(pg_config_get_double(c, "loss", "critic_weight", &o->critic_w));
    /* Only the protein domain's penalties apply to sequences. */
    PG_CHECK(pg_penalty_config_check(c, "protein", 0, "protein_gan"));
    PG_CHECK(pg_config_get_double(c, "physics", "protein_profile_weight",
                                  &o->profile_w));
    static const char *const params[] = {"protein_profile_pseudocount",
                                         "protein_profile_score_weight",
                                         "protein_profile_score_target",
                                         "protein_profile_end_weight"};
    for (int i = 0; i < 4; i++)
        PG_CHECK(pg_config_get_double(c, "physics", params[i],
                                      &o->profile_param[i]));
    PG_CHECK(pg_config_get_int(c, "loss", "profile_pretrain_steps",
                               &o->pretrain));
    PG_CHECK(pg_config_get_double(c, "loss", "profile_pretrain_g_lr",
                                  &o->pretrain_lr));
    if (o->pretrain > 0 && !(o->profile_w > 0))
        return PG_FAIL(PG_ERR_CONFIG, "[loss] profile_pretrain_steps = %ld "
                       "pre-trains G on the profile term, which is off: set "
                       "[physics] protein_profile_weight > 0", o->pretrain);
    PG_CHECK(pg_train_opts_read(c, &o->train));
    return PG_OK;
}

pg_status pg_protein_gan_dims_read(const pg_config *c, int longest,
                                   int families, const char *data,
                                   pg_seqgan_dims *d)
{
    long z, width, length, blocks;
    double tau;
    int sn, mbstd, dilated;
    PG_CHECK(pg_config_get_int(c, "model", "z_dim", &z));
    PG_CHECK(pg_config_get_int(c, "model", "width", &width));
    PG_CHECK(pg_config_get_int(c, "model", "length", &length));
    PG_CHECK(pg_config_get_int(c, "model", "res_blocks", &blocks));
    PG_CHECK(pg_config_get_double(c, "model", "gumbel_tau", &tau));
    PG_CHECK(pg_config_get_bool(c, "model", "d_spectral_norm", &sn));
    PG_CHECK(pg_config_get_bool(c, "model", "d_mbstd", &mbstd));
    PG_CHECK(pg_config_get_bool(c, "model", "dilated", &dilated));
    if (length == 0)
        length = (longest + 3) / 4 * 4;
    if (length % 4 || length < longest)
        return PG_FAIL(PG_ERR_CONFIG, "[model] length = %ld: protein_gan "
                       "needs a multiple of 4 of at least the longest "
                       "training sequence (%s: %d residues; 0 picks %d)",
                       length, data, longest, (longest + 3) / 4 * 4);
    *d = (pg_seqgan_dims){.length = (int)length, .families = families,
                          .z_dim = (int)z, .width = (int)width,
                          .res_blocks = (int)blocks, .dilated = dilated,
                          .tau = (float)tau,
                          .d_sn = sn, .d_mbstd = mbstd};
    return PG_OK;
}

static pg_status read_dims(pg_protein_gan *t)
{
    PG_CHECK(pg_protein_gan_dims_read(t->cfg, t->data->max_length,
                                      t->data->n_families, t->o.path,
                                      &t->dims));
    t->seq_len = (size_t)PG_PROTEIN_TOKENS * (size_t)t->dims.length;
    return PG_OK;
}

/* protein.profile from the training split (through the registry, which
 * names its keys), when its weight is > 0. Every rank builds the same
 * profile from the same split. */
static pg_status build_profile(pg_protein_gan *t)
{
    if (!(t->o.profile_w > 0)) return PG_OK;
    const pg_penalty_kind *k;
    PG_CHECK(pg_penalty_kind_find("protein.profile", &k));
    pg_penalty_args a = {
        .geom = {(int)t->o.batch, PG_PROTEIN_TOKENS, 1, t->dims.length, 1, 1},
        .weight = t->o.profile_w, .param = t->o.profile_param,
        .data = t->data};
    PG_CHECK(k->create(&a, &t->profile));
    return PG_OK;
}

/* The scales the profile term's metrics compare with, per family. */
static void log_profile_scales(pg_protein_gan *t)
{
    const pg_protein_pssm *q = pg_protein_profile_penalty_pssm(t->profile);
    for (int f = 0; q && f < q->families; f++)
        pg_run_log(&t->run, "profile %s: %d columns; profile_kl of the "
                   "background at every column %.3f nats per position; "
                   "profile draws score %.3f nats per column "
                   "(profile_score), hinge target %.3f",
                   t->data->families[f], q->columns[f],
                   pg_protein_pssm_background_kl(q, f),
                   pg_protein_pssm_self_score(q, f),
                   t->o.profile_param[2] * pg_protein_pssm_self_score(q, f));
}

/* net applied to a (n, 21, L) input: D (critic = 0) or C. */
static pg_status build_judge(pg_protein_gan *t, pg_net *net, int n,
                             int critic, pg_protein_gan_graph *q)
{
    PG_CHECK(pg_graph_create(net, &q->g));
    q->in = pg_op_input(q->g, 3, (int[]){n, PG_PROTEIN_TOKENS,
                                         t->dims.length});
    q->out = critic ? pg_seqgan_critic(q->g, q->in, &t->dims)
                    : pg_seqgan_discriminator(q->g, q->in, &t->dims);
    pg_graph_set_requires_grad(q->g, q->in, 0);
    PG_CHECK(pg_graph_finalize(q->g));
    return PG_OK;
}

static pg_status setup_model(pg_protein_gan *t)
{
    int b = (int)t->o.batch;
    PG_CHECK(read_dims(t));
    PG_CHECK(pg_net_create("G", &t->gnet));
    PG_CHECK(pg_net_create("D", &t->dnet));
    PG_CHECK(pg_net_create("C", &t->cnet));
    PG_CHECK(pg_graph_create(t->gnet, &t->gg));
    pg_graph_set_rng(t->gg, t->noise);   /* Gumbel noise */
    t->g_z = pg_op_input(t->gg, 2, (int[]){b, t->dims.z_dim});
    t->g_f = pg_op_input(t->gg, 2, (int[]){b, t->dims.families});
    int logits = pg_seqgan_generator_logits(t->gg, t->g_z, t->g_f,
                                            &t->dims);
    t->g_out = pg_op_gumbel_softmax(t->gg, logits, t->dims.tau, PG_HARD);
    /* The profile term judges the distributions G draws from; the node is
     * left out without it, so runs without the term stay as they were. */
    t->g_soft = t->o.profile_w > 0 ? pg_op_softmax(t->gg, logits) : -1;
    pg_graph_set_requires_grad(t->gg, t->g_z, 0);
    pg_graph_set_requires_grad(t->gg, t->g_f, 0);
    PG_CHECK(pg_graph_finalize(t->gg));
    PG_CHECK(build_profile(t));
    PG_CHECK(build_judge(t, t->dnet, b, 0, &t->dr));
    PG_CHECK(build_judge(t, t->dnet, b, 0, &t->df));
    PG_CHECK(build_judge(t, t->cnet, 2 * b, 1, &t->ct));
    PG_CHECK(build_judge(t, t->cnet, b, 1, &t->cf));
    t->real_fam = malloc((size_t)b * sizeof *t->real_fam);
    t->fake_fam = malloc((size_t)b * sizeof *t->fake_fam);
    t->c_labels = malloc(2 * (size_t)b * sizeof *t->c_labels);
    t->gr = malloc((size_t)b * sizeof *t->gr);
    t->gf = malloc((size_t)b * sizeof *t->gf);
    t->decoy = malloc((size_t)t->dims.length);
    if (!t->real_fam || !t->fake_fam || !t->c_labels || !t->gr || !t->gf ||
        !t->decoy)
        return PG_FAIL(PG_ERR_NOMEM, "protein_gan buffers");
    const struct { pg_net *net; double lr; pg_adam **opt; } o[3] = {
        {t->gnet, t->o.g_lr, &t->g_opt}, {t->dnet, t->o.d_lr, &t->d_opt},
        {t->cnet, t->o.d_lr, &t->c_opt}};
    for (int i = 0; i < 3; i++)
        PG_CHECK(pg_adam_create(o[i].net->nw, o[i].lr, t->o.beta1,
                                t->o.beta2, t->o.eps, 0, o[i].opt));
    return PG_OK;
}

/* Rank 0 initialises the three nets and broadcasts them. Collective. */
static pg_status init_params(pg_protein_gan *t)
{
    pg_net *n[3] = {t->gnet, t->dnet, t->cnet};
    return pg_run_init_nets(t->comm, (uint64_t)t->o.seed, n, 3);
}

static const char METRICS_HEADER[] =
    "step,epoch,loss_d,loss_g,d_real,d_fake,critic_loss,critic_acc,"
    "reward_ce,fake_acc,grad_norm_c,profile_kl,profile_score,grad_norm_g,"
    "grad_norm_d,samples_per_s,wall_s";

static pg_status setup(pg_protein_gan *t, int resume)
{
    char ckpt[4096] = "";
    PG_CHECK(pg_run_start(&t->run, read_opts(t->cfg, &t->o), &t->o.train,
                          resume, ckpt, sizeof ckpt));
    PG_CHECK(pg_dist_agree(t->comm, pg_protein_file_read(t->o.path,
                                                         &t->data)));
    PG_CHECK(pg_dist_agree(t->comm, setup_model(t)));
    PG_CHECK(init_params(t));
    if (ckpt[0]) {
        PG_CHECK(pg_dist_agree(t->comm,
                               pg_protein_gan_ckpt_restore(t, ckpt)));
        pg_info("resuming from %s at step %lld", ckpt, (long long)t->step);
    }
    PG_CHECK(pg_run_open_outputs(&t->run, METRICS_HEADER, ckpt));
    if (!ckpt[0])
        pg_run_log(&t->run, "start: protein_gan on %s (%d sequences, %d "
                   "families, length %d), %ld steps, batch %ld per rank on "
                   "%d rank%s", t->o.path, t->data->n, t->dims.families,
                   t->dims.length, t->o.steps, t->o.batch, t->size,
                   t->size == 1 ? "" : "s");
    if (!ckpt[0]) log_profile_scales(t);
    return PG_OK;
}

pg_status pg_protein_gan_create(const pg_config *cfg, const char *run_dir,
                                int resume, const pg_trainer_hooks *hooks,
                                MPI_Comm comm, pg_protein_gan **out)
{
    pg_protein_gan *t = calloc(1, sizeof *t);
    if (!t) return PG_FAIL(PG_ERR_NOMEM, "protein_gan trainer");
    pg_status st = pg_run_begin(&t->run, cfg, run_dir, hooks, comm);
    if (st == PG_OK) st = setup(t, resume);
    if (st != PG_OK) {
        pg_protein_gan_destroy(&t);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    pg_run_clock_start(&t->run);
    *out = t;
    return PG_OK;
}

/* ---- the loop's callbacks ---- */

enum { N_AVG = 8 };  /* then grad_norm_c, profile_kl, profile_score */

static pg_status metrics_row(void *self, double rate)
{
    pg_protein_gan *t = self;
    const pg_protein_gan_metrics *m = &t->last;
    double v[N_AVG + 3] = {m->loss_d, m->adv_g, m->d_real, m->d_fake,
                           m->critic_loss, m->critic_acc, m->reward_ce,
                           m->fake_acc, m->grad_norm_c, m->profile_kl,
                           m->profile_score};
    /* grad_norm_c is the same on every rank (averaged gradients): its
     * rank-mean is itself. profile_* are each rank's batch: averaged. */
    pg_train_row r = {0, v, N_AVG + 3, m->grad_norm_g, m->grad_norm_d, rate};
    return pg_train_row_write(&t->run, &r);
}

/* In the order the step computes them. */
static const char *const TERMS[] = {"critic_loss", "loss_d", "adv_g",
                                    "reward_ce", "profile_kl"};

static int bad_term(void *self)
{
    const pg_protein_gan_metrics *m = &((pg_protein_gan *)self)->last;
    const double v[] = {m->critic_loss, m->loss_d, m->adv_g, m->reward_ce,
                        m->profile_kl};
    for (int i = 0; i < (int)(sizeof v / sizeof *v); i++)
        if (!isfinite(v[i])) return i + 1;
    return 0;
}

static const char *term_name(void *self, int term)
{
    (void)self;
    return pg_train_term_from(TERMS, (int)(sizeof TERMS / sizeof *TERMS),
                              term);
}

static pg_status step_fn(void *self)
{
    pg_protein_gan *t = self;
    return pg_protein_gan_step_run(t, &t->last);
}

static void progress_text(void *self, char *buf, size_t n)
{
    const pg_protein_gan_metrics *m = &((pg_protein_gan *)self)->last;
    snprintf(buf, n, "D=%.3f G=%.3f C=%.3f (acc %.2f) fake->family %.2f",
             m->loss_d, m->adv_g, m->critic_loss, m->critic_acc,
             m->fake_acc);
}

static pg_status checkpoint(void *self)
{
    return pg_protein_gan_ckpt_save(self);
}

pg_status pg_protein_gan_run(pg_protein_gan *t, int plain,
                             pg_train_outcome *out)
{
    pg_train_loop l = {
        .run = &t->run,
        .samples_per_step = (double)t->o.batch,
        .self = t, .step_fn = step_fn, .bad_term = bad_term,
        .term_name = term_name, .metrics_row = metrics_row,
        .progress_text = progress_text, .checkpoint = checkpoint};
    return pg_train_loop_run(&l, plain, out);
}

long pg_protein_gan_step(const pg_protein_gan *t) { return (long)t->step; }

void pg_protein_gan_destroy(pg_protein_gan **tp)
{
    pg_protein_gan *t = tp ? *tp : NULL;
    if (!t) return;
    pg_protein_seqs_destroy(&t->data);
    free(t->real_fam);
    free(t->fake_fam);
    free(t->c_labels);
    free(t->gr);
    free(t->gf);
    free(t->decoy);
    pg_penalty_destroy(&t->profile);
    pg_graph_destroy(&t->gg);
    pg_protein_gan_graph *g[] = {&t->dr, &t->df, &t->ct, &t->cf};
    for (size_t i = 0; i < sizeof g / sizeof *g; i++)
        pg_graph_destroy(&g[i]->g);
    pg_adam_destroy(&t->g_opt);
    pg_adam_destroy(&t->d_opt);
    pg_adam_destroy(&t->c_opt);
    pg_net_destroy(&t->gnet);
    pg_net_destroy(&t->dnet);
    pg_net_destroy(&t->cnet);
    pg_run_release(&t->run);
    free(t);
    *tp = NULL;
}

PG_TRAINER_KIND(pg_trainer_kind_protein_gan, "protein_gan", "protein_gan",
                pg_protein_gan_arch_is, pg_protein_gan, pg_protein_gan);
