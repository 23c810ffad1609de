/* Building the crystal VAE-GAN trainer: options, run directory, the
 * encoded training set, the four nets (rank 0's initial parameters,
 * broadcast), optimisers, the [physics] penalties, the state of a
 * checkpoint when resuming; and its callbacks for the shared loop
 * (train_loop.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/assignment.h"
#include "base/log.h"
#include "dist/agree.h"
#include "nn/ops.h"
#include "train/crystal_vaegan_impl.h"
#include "train/run_setup.h"
#include "train/train_loop.h"
#include "train/trainer_registry.h"

int pg_crystal_vaegan_arch_is(const char *arch)
{
    return !strcmp(arch, "crystal_vaegan");
}

static pg_status read_opts(const pg_config *c, pg_crystal_vaegan_opts *o)
{
    memset(o, 0, sizeof *o);
    PG_CHECK(pg_config_get_string(c, "data", "path", &o->path));
    if (!*o->path)
        return PG_FAIL(PG_ERR_CONFIG, "[data] path: required by physgan "
                       "train (for crystal_vaegan: a crystal/1 training set "
                       "from physgan simulate crystal) and not set");
    PG_CHECK(pg_train_gan_keys_read(c, &o->loss, &o->label_smoothing,
                                    &o->d_steps));
    PG_CHECK(pg_config_get_double(c, "loss", "recon_weight", &o->recon_w));
    PG_CHECK(pg_config_get_bool(c, "loss", "recon_matching",
                                &o->recon_matching));
    PG_CHECK(pg_config_get_double(c, "loss", "kl_weight", &o->kl_w));
    PG_CHECK(pg_config_get_double(c, "loss", "adv_weight", &o->adv_w));
    PG_CHECK(pg_config_get_double(c, "loss", "property_weight", &o->prop_w));
    PG_CHECK(pg_config_get_double(c, "loss", "volume_weight", &o->volume_w));
    PG_CHECK(pg_config_get_int(c, "model", "atoms", &o->atoms));
    PG_CHECK(pg_penalty_config_check(c, "crystal", PG_PENALTY_LIST_NO_REF,
                                     "crystal_vaegan"));
    PG_CHECK(pg_train_opts_read(c, &o->train));
    return PG_OK;
}

pg_status pg_crystal_vaegan_dims_read(const pg_config *c,
                                      const pg_crystal_codec *codec,
                                      pg_crystal_vaegan_dims *d)
{
    long z, width;
    double tau;
    int sn, mbstd;
    PG_CHECK(pg_config_get_int(c, "model", "z_dim", &z));
    PG_CHECK(pg_config_get_int(c, "model", "width", &width));
    PG_CHECK(pg_config_get_double(c, "model", "gumbel_tau", &tau));
    PG_CHECK(pg_config_get_bool(c, "model", "d_spectral_norm", &sn));
    PG_CHECK(pg_config_get_bool(c, "model", "d_mbstd", &mbstd));
    const char *cond;
    PG_CHECK(pg_config_get_string(c, "model", "condition", &cond));
    *d = (pg_crystal_vaegan_dims){.atoms = codec->atoms,
                                  .species = codec->species,
                                  .z_dim = (int)z, .width = (int)width,
                                  .tau = (float)tau, .d_sn = sn,
                                  .d_mbstd = mbstd,
                                  .cond = !strcmp(cond, "composition")};
    return PG_OK;
}

static pg_status judge_inputs(pg_crystal_vaegan *t, pg_net *net, int n,
                              pg_crystal_judge *j)
{
    PG_CHECK(pg_graph_create(net, &j->g));
    j->lat = pg_op_input(j->g, 2, (int[]){n, PG_CRYSTAL_LATTICE_DIM});
    j->atoms = pg_op_input(j->g, 3, (int[]){n, 3 + t->dims.species,
                                            t->dims.atoms});
    return PG_OK;
}

static pg_status judge_finish(pg_crystal_judge *j)
{
    pg_graph_set_requires_grad(j->g, j->lat, 0);
    pg_graph_set_requires_grad(j->g, j->atoms, 0);
    return pg_graph_finalize(j->g);
}

/* D (property = 0) or P on a batch of n. */
static pg_status build_judge(pg_crystal_vaegan *t, int property,
                             pg_crystal_judge *j)
{
    int n = (int)t->o.batch;
    PG_CHECK(judge_inputs(t, property ? t->pnet : t->dnet, n, j));
    j->out = property ? pg_crystal_property_head(j->g, j->lat, j->atoms,
                                                 &t->dims)
                      : pg_crystal_discriminator(j->g, j->lat, j->atoms,
                                                 &t->dims);
    return judge_finish(j);
}

static pg_status build_generator(pg_crystal_vaegan *t, pg_graph **g, int *z,
                                 int *comp, pg_crystal_gen_nodes *nodes)
{
    int b = (int)t->o.batch;
    PG_CHECK(pg_graph_create(t->gnet, g));
    pg_graph_set_rng(*g, t->noise);   /* Gumbel noise */
    *z = pg_op_input(*g, 2, (int[]){b, t->dims.z_dim});
    *comp = t->dims.cond ? pg_op_input(*g, 2, (int[]){b, t->dims.species})
                         : -1;
    pg_crystal_generator(*g, *z, *comp, &t->dims, nodes);
    pg_graph_set_requires_grad(*g, *z, 0);
    if (*comp >= 0) pg_graph_set_requires_grad(*g, *comp, 0);
    return pg_graph_finalize(*g);
}

static pg_status build_graphs(pg_crystal_vaegan *t)
{
    PG_CHECK(build_generator(t, &t->gp, &t->gp_z, &t->gp_c, &t->gpn));
    PG_CHECK(build_generator(t, &t->gr, &t->gr_z, &t->gr_c, &t->grn));
    PG_CHECK(judge_inputs(t, t->enet, (int)t->o.batch, &t->e));
    pg_graph_set_rng(t->e.g, t->noise);   /* reparameterisation */
    pg_crystal_encoder(t->e.g, t->e.lat, t->e.atoms, &t->dims, &t->en);
    t->e.out = t->en.z;
    PG_CHECK(judge_finish(&t->e));
    PG_CHECK(build_judge(t, 0, &t->dr));
    PG_CHECK(build_judge(t, 0, &t->df));
    PG_CHECK(build_judge(t, 1, &t->pr));
    PG_CHECK(build_judge(t, 1, &t->pf));
    return PG_OK;
}

/* The [physics] crystal penalties on B penalty tables. */
static pg_status make_penalties(pg_crystal_vaegan *t)
{
    int s = pg_crystal_codec_table_species(&t->codec);
    pg_penalty_geom geom = {(int)t->o.batch, 1, 3 + t->dims.atoms, 3 + s, 0,
                            0};
    /* crystal.cell's default bounds: the training set's cells */
    PG_CHECK(pg_penalty_list_create_data(t->cfg, "crystal",
                                         PG_PENALTY_LIST_NO_REF,
                                         "crystal_vaegan", &geom,
                                         &t->set.cell, &t->pens));
    if (pg_penalty_list_size(t->pens) > PG_CRYSTAL_MAX_PENALTIES)
        return PG_FAIL(PG_ERR_INTERNAL, "more than %d crystal penalties",
                       PG_CRYSTAL_MAX_PENALTIES);
    size_t n = (size_t)t->o.batch * (size_t)(3 + t->dims.atoms) *
               (size_t)(3 + s);
    t->table = malloc(n * sizeof *t->table);
    t->table_grad = malloc(n * sizeof *t->table_grad);
    if (!t->table || !t->table_grad)
        return PG_FAIL(PG_ERR_NOMEM, "crystal penalty tables");
    return PG_OK;
}

static pg_status setup_model(pg_crystal_vaegan *t)
{
    size_t b = (size_t)t->o.batch;
    PG_CHECK(pg_crystal_vaegan_dims_read(t->cfg, &t->codec, &t->dims));
    if (t->o.volume_w > 0 && !t->dims.cond)
        return PG_FAIL(PG_ERR_CONFIG, "[loss] volume_weight = %g: needs "
                       "[model] condition = composition (an unconditional "
                       "G has no composition to take a volume from)",
                       t->o.volume_w);
    t->atoms_len = (size_t)pg_crystal_codec_atoms_len(&t->codec);
    const char *names[4] = {"G", "E", "D", "P"};
    pg_net **nets[4] = {&t->gnet, &t->enet, &t->dnet, &t->pnet};
    for (int i = 0; i < 4; i++) PG_CHECK(pg_net_create(names[i], nets[i]));
    PG_CHECK(build_graphs(t));
    PG_CHECK(make_penalties(t));
    t->gr_d = malloc(b * sizeof *t->gr_d);
    t->gf_d = malloc(b * sizeof *t->gf_d);
    t->prop_y = malloc(b * sizeof *t->prop_y);
    t->fake_src = calloc(b, sizeof *t->fake_src);
    int A = t->dims.atoms;
    t->match_cost = malloc((size_t)A * A * sizeof *t->match_cost);
    t->match_lse = malloc((size_t)2 * A * sizeof *t->match_lse);
    t->match_work = malloc((size_t)pg_assign_work_doubles(A) *
                           sizeof *t->match_work);
    t->match_iwork = malloc((size_t)pg_assign_work_ints(A) *
                            sizeof *t->match_iwork);
    t->match_col = malloc((size_t)A * sizeof *t->match_col);
    t->match_lab = malloc((size_t)A * sizeof *t->match_lab);
    if (!t->gr_d || !t->gf_d || !t->prop_y || !t->fake_src || !t->match_cost ||
        !t->match_lse || !t->match_work || !t->match_iwork ||
        !t->match_col || !t->match_lab)
        return PG_FAIL(PG_ERR_NOMEM, "crystal_vaegan buffers");
    const struct { pg_net *net; double lr; pg_adam **opt; } o[4] = {
        {t->gnet, t->o.g_lr, &t->g_opt}, {t->enet, t->o.g_lr, &t->e_opt},
        {t->dnet, t->o.d_lr, &t->d_opt}, {t->pnet, t->o.d_lr, &t->p_opt}};
    for (int i = 0; i < 4; i++)
        PG_CHECK(pg_adam_create(o[i].net->nw, o[i].lr, t->o.beta1,
                                t->o.beta2, t->o.eps, 0, o[i].opt));
    return PG_OK;
}

/* Rank 0 initialises the four nets and broadcasts them. Collective. */
static pg_status init_params(pg_crystal_vaegan *t)
{
    pg_net *n[4] = {t->gnet, t->enet, t->dnet, t->pnet};
    return pg_run_init_nets(t->comm, (uint64_t)t->o.seed, n, 4);
}

/* Rank 0's metrics.csv header: fixed columns, one per penalty, then the
 * held-out correlation and the shared tail. */
static void metrics_header(const pg_crystal_vaegan *t, char *buf, size_t cap)
{
    size_t n = (size_t)snprintf(buf, cap, "step,epoch,loss_d,loss_g,d_real,"
                                "d_fake,recon_lattice,recon_species,"
                                "recon_coords,kl,prop_mse,prop_fake");
    for (int p = 0; p < pg_penalty_list_size(t->pens) && n < cap; p++)
        n += (size_t)snprintf(buf + n, cap - n, ",%s",
                              pg_penalty_list_name(t->pens, p));
    if (n < cap)
        snprintf(buf + n, cap - n, ",prop_rho,grad_norm_g,grad_norm_d,"
                                   "samples_per_s,wall_s");
}

static pg_status setup(pg_crystal_vaegan *t, int resume)
{
    char ckpt[4096] = "", header[1024];
    PG_CHECK(pg_run_start(&t->run, read_opts(t->cfg, &t->o), &t->o.train,
                          resume, ckpt, sizeof ckpt));
    PG_CHECK(pg_dist_agree(t->comm, pg_crystal_set_load(t->o.path,
                                                        t->o.atoms, &t->codec,
                                                        &t->set)));
    PG_CHECK(pg_dist_agree(t->comm, setup_model(t)));
    PG_CHECK(init_params(t));
    t->prop_rho = NAN;
    if (ckpt[0]) {
        PG_CHECK(pg_dist_agree(t->comm,
                               pg_crystal_vaegan_ckpt_restore(t, ckpt)));
        pg_info("resuming from %s at step %lld", ckpt, (long long)t->step);
    }
    metrics_header(t, header, sizeof header);
    PG_CHECK(pg_run_open_outputs(&t->run, header, ckpt));
    if (!ckpt[0])
        pg_run_log(&t->run, "start: crystal_vaegan on %s (%d structures, %d "
                   "atom slots, %d species with the empty one, PROXY values "
                   "%d for the property head + %d held out%s), %ld steps, "
                   "batch %ld per rank on %d rank%s", t->o.path, t->set.n,
                   t->dims.atoms, t->dims.species, t->set.n_train,
                   t->set.n_held,
                   t->dims.cond ? "; G conditional on the composition, "
                                  "prior samples on the training set's"
                                : "",
                   t->o.steps, t->o.batch, t->size,
                   t->size == 1 ? "" : "s");
    if (!ckpt[0])
        pg_run_log(&t->run, "training cells: smallest plane spacing %.3f A, "
                   "volume per atom %.3f..%.3f A^3 (crystal.cell's default "
                   "bounds)", t->set.cell.min_plane, t->set.cell.vpa_min,
                   t->set.cell.vpa_max);
    return PG_OK;
}

pg_status pg_crystal_vaegan_create(const pg_config *cfg, const char *run_dir,
                                   int resume, const pg_trainer_hooks *hooks,
                                   MPI_Comm comm, pg_crystal_vaegan **out)
{
    pg_crystal_vaegan *t = calloc(1, sizeof *t);
    if (!t) return PG_FAIL(PG_ERR_NOMEM, "crystal_vaegan trainer");
    pg_status st = pg_run_begin(&t->run, cfg, run_dir, hooks, comm);
    if (st == PG_OK) st = setup(t, resume);
    if (st != PG_OK) {
        pg_crystal_vaegan_destroy(&t);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    pg_run_clock_start(&t->run);
    *out = t;
    return PG_OK;
}

/* ---- the loop's callbacks ---- */

enum { N_FIXED = 10 };

static pg_status metrics_row(void *self, double rate)
{
    pg_crystal_vaegan *t = self;
    const pg_crystal_vaegan_metrics *m = &t->last;
    int np = pg_penalty_list_size(t->pens);
    /* with every row, from the weights alone (so a resumed run writes the
     * same rows) */
    PG_CHECK(pg_crystal_vaegan_heldout_rho(t, &t->prop_rho));
    double v[N_FIXED + PG_CRYSTAL_MAX_PENALTIES + 1] = {
        m->loss_d, m->adv_g, m->d_real, m->d_fake, m->rec_lat,
        m->rec_species, m->rec_coords, m->kl, m->prop_mse, m->prop_fake};
    for (int p = 0; p < np; p++) v[N_FIXED + p] = m->pen[p];
    /* every rank computes the same correlation: its rank-mean is itself */
    v[N_FIXED + np] = t->prop_rho;
    pg_train_row r = {0, v, N_FIXED + np + 1, m->grad_norm_g, m->grad_norm_d,
                      rate};
    return pg_train_row_write(&t->run, &r);
}

static int bad_term(void *self)
{
    const pg_crystal_vaegan_metrics *m = &((pg_crystal_vaegan *)self)->last;
    const double v[] = {m->prop_mse, m->loss_d, m->adv_g, m->rec_lat,
                        m->rec_species, m->rec_coords, m->kl};
    for (int i = 0; i < (int)(sizeof v / sizeof *v); i++)
        if (!isfinite(v[i])) return i + 1;
    return 0;
}

/* In bad_term's order. */
static const char *const TERMS[] = {"prop_mse", "loss_d", "adv_g",
                                    "recon_lattice", "recon_species",
                                    "recon_coords", "kl"};

static const char *term_name(void *self, int term)
{
    (void)self;
    return pg_train_term_from(TERMS, (int)(sizeof TERMS / sizeof *TERMS),
                              term);
}

static pg_status step_fn(void *self)
{
    pg_crystal_vaegan *t = self;
    return pg_crystal_vaegan_step_run(t, &t->last);
}

static void progress_text(void *self, char *buf, size_t n)
{
    const pg_crystal_vaegan *t = self;
    const pg_crystal_vaegan_metrics *m = &t->last;
    snprintf(buf, n, "D=%.3f G=%.3f rec=%.3f/%.3f/%.4f kl=%.2f P=%.3f "
             "rho=%.2f", m->loss_d, m->adv_g, m->rec_lat, m->rec_species,
             m->rec_coords, m->kl, m->prop_mse, t->prop_rho);
}

static pg_status checkpoint(void *self)
{
    return pg_crystal_vaegan_ckpt_save(self);
}

pg_status pg_crystal_vaegan_run(pg_crystal_vaegan *t, int plain,
                                pg_train_outcome *out)
{
    pg_train_loop l = {
        .run = &t->run,
        .samples_per_step = (double)t->o.batch,
        .self = t, .step_fn = step_fn, .bad_term = bad_term,
        .term_name = term_name, .metrics_row = metrics_row,
        .progress_text = progress_text, .checkpoint = checkpoint};
    pg_status st = pg_train_loop_run(&l, plain, out);
    if (st == PG_OK && *out == PG_TRAIN_FINISHED)
        pg_run_log(&t->run, "property head: Spearman rank correlation %.3f "
                   "with the PROXY on %d held-out structures", t->prop_rho,
                   t->set.n_held);
    return st;
}

long pg_crystal_vaegan_step(const pg_crystal_vaegan *t)
{
    return (long)t->step;
}

void pg_crystal_vaegan_destroy(pg_crystal_vaegan **tp)
{
    pg_crystal_vaegan *t = tp ? *tp : NULL;
    if (!t) return;
    pg_crystal_set_release(&t->set);
    pg_penalty_list_destroy(&t->pens);
    free(t->table);
    free(t->table_grad);
    free(t->gr_d);
    free(t->gf_d);
    free(t->prop_y);
    free(t->fake_src);
    free(t->match_cost);
    free(t->match_lse);
    free(t->match_work);
    free(t->match_iwork);
    free(t->match_col);
    free(t->match_lab);
    pg_graph_destroy(&t->gp);
    pg_graph_destroy(&t->gr);
    pg_crystal_judge *j[] = {&t->e, &t->dr, &t->df, &t->pr, &t->pf};
    for (size_t i = 0; i < sizeof j / sizeof *j; i++) pg_graph_destroy(&j[i]->g);
    pg_adam **o[] = {&t->g_opt, &t->e_opt, &t->d_opt, &t->p_opt};
    for (size_t i = 0; i < 4; i++) pg_adam_destroy(o[i]);
    pg_net **n[] = {&t->gnet, &t->enet, &t->dnet, &t->pnet};
    for (size_t i = 0; i < 4; i++) pg_net_destroy(n[i]);
    pg_run_release(&t->run);
    free(t);
    *tp = NULL;
}

PG_TRAINER_KIND(pg_trainer_kind_crystal_vaegan, "crystal_vaegan",
                "crystal_vaegan", pg_crystal_vaegan_arch_is,
                pg_crystal_vaegan, pg_crystal_vaegan);
