/* Building the paired trainer: options, run directory, data, the model of
 * [model] arch (its kind: pix2pix_sr.c, pix2pix_foam.c), initial
 * parameters (rank 0's, broadcast), penalties, optimisers, and the state
 * of a checkpoint when resuming. */
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "dist/agree.h"
#include "nn/ops.h"
#include "train/pix2pix_impl.h"
#include "train/run_setup.h"
#include "train/trainer_impl.h"
#include "train/trainer_registry.h"

int pg_pix2pix_arch_is(const char *arch)
{
    return pg_pix2pix_kind_find(arch) != NULL;
}

const pg_pix2pix_kind *pg_pix2pix_kind_find(const char *arch)
{
    static const pg_pix2pix_kind *const kinds[] = {&pg_pix2pix_kind_sr,
                                                   &pg_pix2pix_kind_foam};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(kinds[i]->arch, arch)) return kinds[i];
    return NULL;
}

static pg_status read_opts(const pg_config *c, const pg_pix2pix_kind *k,
                           pg_pix2pix_opts *o)
{
    memset(o, 0, sizeof *o);
    PG_CHECK(pg_config_get_string(c, "data", "path", &o->data_path));
    if (!*o->data_path)
        return PG_FAIL(PG_ERR_CONFIG, "[data] path: required by physgan "
                       "train and not set");
    PG_CHECK(pg_config_get_string(c, "data", "dataset", &o->dataset));
    PG_CHECK(pg_train_gan_keys_read(c, &o->loss, &o->label_smoothing,
                                    &o->d_steps));
    PG_CHECK(pg_config_get_double(c, "loss", "l1_weight", &o->l1_w));
    PG_CHECK(pg_config_get_double(c, "loss", "grad_l1_weight",
                                  &o->grad_l1_w));
    PG_CHECK(pg_config_get_double(c, "loss", "mean_match_weight",
                                  &o->mean_w));
    PG_CHECK(pg_config_get_double(c, "loss", "fm_weight", &o->fm_w));
    PG_CHECK(pg_train_opts_read(c, &o->train));
    return k->read_opts(c, o);
}

static pg_status build_d(pg_pix2pix *p, pg_graph **g, int *c, int *x,
                         int *out, int *feat)
{
    int n = (int)p->o.batch;
    PG_CHECK(pg_graph_create(p->dnet, g));
    *c = pg_op_input(*g, 4, (int[]){n, 1, p->ch, p->cw});
    *x = pg_op_input(*g, 4, (int[]){n, 1, p->h, p->w});
    *out = pg_pix2pix_discriminator(*g, *c, *x, &p->arch, feat);
    pg_graph_set_requires_grad(*g, *c, 0);
    pg_graph_set_requires_grad(*g, *x, 0);
    PG_CHECK(pg_graph_finalize(*g));
    return PG_OK;
}

static pg_status setup_model(pg_pix2pix *p)
{
    size_t n = (size_t)p->o.batch;
    PG_CHECK(pg_pix2pix_arch_read(p->cfg, p->h, p->w, &p->arch));
    p->ch = p->h / p->arch.factor;
    p->cw = p->w / p->arch.factor;
    PG_CHECK(pg_net_create("G", &p->gnet));
    PG_CHECK(pg_net_create("D", &p->dnet));
    PG_CHECK(pg_graph_create(p->gnet, &p->g));
    p->g_c = pg_op_input(p->g, 4, (int[]){(int)n, 1, p->ch, p->cw});
    p->g_out = pg_pix2pix_generator(p->g, p->g_c, &p->arch);
    pg_graph_set_requires_grad(p->g, p->g_c, 0);
    PG_CHECK(pg_graph_finalize(p->g));
    PG_CHECK(build_d(p, &p->dr, &p->dr_c, &p->dr_x, &p->dr_out,
                     &p->dr_feat));
    PG_CHECK(build_d(p, &p->df, &p->df_c, &p->df_x, &p->df_out,
                     &p->df_feat));
    p->map_len = pg_graph_out(p->dr, p->dr_out)->size;
    p->feat_len = pg_graph_out(p->dr, p->dr_feat)->size;
    size_t len = n * (size_t)p->h * (size_t)p->w;
    p->target = malloc(len * sizeof *p->target);
    p->cond = malloc(n * (size_t)p->ch * (size_t)p->cw * sizeof *p->cond);
    p->gr = malloc(p->map_len * sizeof *p->gr);
    p->gf = malloc(p->map_len * sizeof *p->gf);
    if (!p->target || !p->cond || !p->gr || !p->gf)
        return PG_FAIL(PG_ERR_NOMEM, "pix2pix step buffers");
    PG_CHECK(p->kind->setup(p));
    PG_CHECK(pg_adam_create(p->gnet->nw, p->o.g_lr, p->o.beta1, p->o.beta2,
                            p->o.eps, 0, &p->g_opt));
    PG_CHECK(pg_adam_create(p->dnet->nw, p->o.d_lr, p->o.beta1, p->o.beta2,
                            p->o.eps, 0, &p->d_opt));
    if (p->o.pf_w > 0) PG_CHECK(pg_pix2pix_pf_create(p));
    return PG_OK;
}

/* Rank 0 initialises G and D and broadcasts them. Collective. */
static pg_status init_params(pg_pix2pix *p)
{
    pg_net *nets[3] = {p->gnet, p->dnet, pg_pix2pix_pf_net(p)};
    return pg_run_init_nets(p->comm, (uint64_t)p->o.seed, nets,
                            nets[2] ? 3 : 2);
}

/* step,epoch,loss_d,loss_g,l1,feature_matching[,grad_l1][,mean_match],
 * <penalties>[,
 * loss_pf_d,
 * professor_forcing],d_real,d_fake,grad_norm_g,grad_norm_d,samples_per_s,
 * wall_s */
static void metrics_header(const pg_pix2pix *p, char *buf, size_t cap)
{
    const pg_pix2pix_kind *k = p->kind;
    size_t n = (size_t)snprintf(buf, cap, "step,epoch,loss_d,loss_g,l1,"
                                "feature_matching");
    if (p->o.grad_l1_w > 0 && n < cap)
        n += (size_t)snprintf(buf + n, cap - n, ",grad_l1");
    if (p->o.mean_w > 0 && n < cap)
        n += (size_t)snprintf(buf + n, cap - n, ",mean_match");
    for (int i = 0; i < pg_penalty_list_slots(p->pens) && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, ",%s",
                              pg_penalty_list_slot_name(p->pens, i));
    if (k->professor_forcing && n < cap)
        n += (size_t)snprintf(buf + n, cap - n, ",loss_pf_d,"
                              "professor_forcing");
    if (n < cap)
        snprintf(buf + n, cap - n, ",d_real,d_fake,grad_norm_g,grad_norm_d,"
                 "samples_per_s,wall_s");
}

static pg_status setup(pg_pix2pix *p, int resume)
{
    char ckpt[4096] = "";
    const char *arch;
    pg_status st = pg_config_get_string(p->cfg, "model", "arch", &arch);
    if (st == PG_OK) {
        p->kind = pg_pix2pix_kind_find(arch);
        if (!p->kind)
            st = PG_FAIL(PG_ERR_CONFIG, "[model] arch = %s is not a paired "
                         "model", arch);
    }
    if (st == PG_OK) st = read_opts(p->cfg, p->kind, &p->o);
    PG_CHECK(pg_run_start(&p->run, st, &p->o.train, resume, ckpt,
                          sizeof ckpt));
    PG_CHECK(pg_dist_agree(p->comm, p->kind->data_open(p)));
    PG_CHECK(pg_dist_agree(p->comm, setup_model(p)));
    PG_CHECK(init_params(p));
    if (ckpt[0]) {
        PG_CHECK(pg_dist_agree(p->comm, pg_pix2pix_ckpt_restore(p, ckpt)));
        pg_info("resuming from %s at step %lld", ckpt, (long long)p->step);
    }
    PG_CHECK(pg_dist_agree(p->comm, p->kind->data_seek(p)));
    char header[512];
    metrics_header(p, header, sizeof header);
    PG_CHECK(pg_run_open_outputs(&p->run, header, ckpt));
    if (!ckpt[0])
        pg_run_log(&p->run, "start: %s (%s) on %s, %ld steps, batch %ld per "
                   "rank on %d rank%s", p->kind->arch, p->kind->what,
                   p->o.data_path, p->o.steps, p->o.batch, p->size,
                   p->size == 1 ? "" : "s");
    return PG_OK;
}

pg_status pg_pix2pix_create(const pg_config *cfg, const char *run_dir,
                            int resume, const pg_trainer_hooks *hooks,
                            MPI_Comm comm, pg_pix2pix **out)
{
    pg_pix2pix *p = calloc(1, sizeof *p);
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "pix2pix trainer");
    pg_status st = pg_run_begin(&p->run, cfg, run_dir, hooks, comm);
    if (st == PG_OK) st = setup(p, resume);
    if (st != PG_OK) {
        pg_pix2pix_destroy(&p);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    pg_run_clock_start(&p->run);
    *out = p;
    return PG_OK;
}

pg_status pg_pix2pix_penalties_create(pg_pix2pix *p, const char *domain,
                                      unsigned flags,
                                      const pg_penalty_geom *geom)
{
    PG_CHECK(pg_penalty_list_create(p->cfg, domain, flags, p->kind->arch,
                                    geom, &p->pens));
    if (pg_penalty_list_slots(p->pens) > PG_PIX2PIX_MAX_PENALTIES)
        return PG_FAIL(PG_ERR_INTERNAL, "%s: more than %d %s penalties",
                       p->kind->arch, PG_PIX2PIX_MAX_PENALTIES, domain);
    return PG_OK;
}

pg_status pg_pix2pix_penalties_eval(pg_pix2pix *p, const float *y,
                                    const float *cond,
                                    const pg_penalty_units *u,
                                    pg_pix2pix_metrics *m, float *gy)
{
    double v[PG_PIX2PIX_MAX_PENALTIES];
    PG_CHECK(pg_penalty_list_eval(p->pens, y, cond, u, 1.0, v, gy));
    for (int i = 0; i < pg_penalty_list_size(p->pens); i++)
        m->pen[pg_penalty_list_slot(p->pens, i)] = v[i];
    return PG_OK;
}

long pg_pix2pix_step(const pg_pix2pix *p) { return (long)p->step; }

void pg_pix2pix_destroy(pg_pix2pix **pp)
{
    pg_pix2pix *p = pp ? *pp : NULL;
    if (!p) return;
    if (p->kind) p->kind->destroy(p);
    pg_pix2pix_pf_destroy(p);
    pg_penalty_list_destroy(&p->pens);
    free(p->target);
    free(p->cond);
    free(p->gr);
    free(p->gf);
    pg_adam_destroy(&p->g_opt);
    pg_adam_destroy(&p->d_opt);
    pg_graph_destroy(&p->g);
    pg_graph_destroy(&p->dr);
    pg_graph_destroy(&p->df);
    pg_net_destroy(&p->gnet);
    pg_net_destroy(&p->dnet);
    pg_run_release(&p->run);
    free(p);
    *pp = NULL;
}

PG_TRAINER_KIND(pg_trainer_kind_paired, "paired", "unet_sr|unet_foam",
                pg_pix2pix_arch_is, pg_pix2pix, pg_pix2pix);
