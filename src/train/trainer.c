/* Building a trainer: options, run directory, data, model, initial
 * parameters (rank 0's, broadcast), penalties, optimisers, and the state
 * of a checkpoint when resuming. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "dist/agree.h"
#include "io/checkpoint.h"
#include "nn/ops.h"
#include "train/run_dir.h"
#include "train/run_setup.h"
#include "train/trainer_impl.h"
#include "train/trainer_registry.h"


/* [loss] diffaug and its parameters (nn/diffaug.h). */
static pg_status diffaug_read(const pg_config *c, pg_diffaug_opts *o)
{
    const char *list, *pad;
    PG_CHECK(pg_config_get_string(c, "loss", "diffaug", &list));
    PG_CHECK(pg_diffaug_parse(list, "[loss] diffaug", &o->ops));
    PG_CHECK(pg_config_get_double(c, "loss", "diffaug_shift", &o->shift));
    PG_CHECK(pg_config_get_double(c, "loss", "diffaug_cutout", &o->cutout));
    PG_CHECK(pg_config_get_string(c, "loss", "diffaug_pad", &pad));
    o->reflect = !strcmp(pad, "reflect");
    return PG_OK;
}

static pg_status read_opts(const pg_config *c, pg_trainer_opts *o)
{
    const char *norm, *augment;
    memset(o, 0, sizeof *o);
    PG_CHECK(pg_config_get_string(c, "data", "path", &o->data_path));
    if (!*o->data_path)
        return PG_FAIL(PG_ERR_CONFIG, "[data] path: required by physgan "
                       "train (the HDF5 dataset to train on) and not set");
    PG_CHECK(pg_config_get_string(c, "data", "dataset", &o->dataset));
    PG_CHECK(pg_config_get_string(c, "data", "normalize", &norm));
    PG_CHECK(pg_normalize_parse(norm, &o->normalize));
    PG_CHECK(pg_config_get_string(c, "data", "augment", &augment));
    o->augment_flips = !strcmp(augment, "flips");
    PG_CHECK(pg_config_get_string(c, "model", "arch", &o->arch));
    PG_CHECK(pg_train_gan_keys_read(c, &o->loss, &o->label_smoothing,
                                    &o->d_steps));
    PG_CHECK(pg_penalty_config_check(c, "terrain", 0, "physgan train"));
    PG_CHECK(pg_config_get_int(c, "physics", "warmup_steps",
                               &o->pen_warmup));
    PG_CHECK(pg_config_get_double(c, "loss", "instance_noise",
                                  &o->inst_noise));
    PG_CHECK(diffaug_read(c, &o->diffaug));
    PG_CHECK(pg_train_opts_read(c, &o->train));
    PG_CHECK(pg_config_get_double(c, "optim", "g_ema", &o->g_ema));
    PG_CHECK(pg_config_get_int(c, "train", "threads", &o->threads));
    PG_CHECK(pg_config_get_int(c, "train", "sample_every", &o->sample_every));
    PG_CHECK(pg_config_get_int(c, "train", "samples", &o->samples));
    double pen_w;
    PG_CHECK(pg_penalty_config_total_weight(c, "terrain", &pen_w));
    if (pen_w > 0 && strcmp(o->dataset, "/terrain"))
        return PG_FAIL(PG_ERR_CONFIG, "[physics] terrain penalties need "
                       "terrain data ([data] dataset = /terrain), not %s",
                       o->dataset);
    return PG_OK;
}

static pg_status build_graphs(pg_trainer *t)
{
    const pg_gan_dims *d = &t->dims;
    int n = (int)t->o.batch;
    int img[4] = {n, d->channels, d->height, d->width};
    PG_CHECK(pg_net_create("G", &t->gnet));
    PG_CHECK(pg_net_create("D", &t->dnet));
    PG_CHECK(pg_net_create("G", &t->snet));
    PG_CHECK(pg_graph_create(t->gnet, &t->g));
    t->g_z = pg_op_input(t->g, 2, (int[]){n, d->z_dim});
    t->g_out = t->model->generator(t->g, t->g_z, d);
    pg_graph_set_requires_grad(t->g, t->g_z, 0);
    PG_CHECK(pg_graph_finalize(t->g));
    PG_CHECK(pg_graph_create(t->dnet, &t->dr));
    t->dr_x = pg_op_input(t->dr, 4, img);
    t->dr_out = t->model->discriminator(t->dr, t->dr_x, d);
    pg_graph_set_requires_grad(t->dr, t->dr_x, 0);
    PG_CHECK(pg_graph_finalize(t->dr));
    PG_CHECK(pg_graph_create(t->dnet, &t->df));
    t->df_x = pg_op_input(t->df, 4, img);
    t->df_out = t->model->discriminator(t->df, t->df_x, d);
    pg_graph_set_requires_grad(t->df, t->df_x, 0);
    PG_CHECK(pg_graph_finalize(t->df));
    PG_CHECK(pg_graph_create(t->snet, &t->sg));
    t->sg_z = pg_op_input(t->sg, 2, (int[]){(int)t->o.samples, d->z_dim});
    t->sg_out = t->model->generator(t->sg, t->sg_z, d);
    PG_CHECK(pg_graph_finalize(t->sg));
    pg_graph_set_training(t->sg, 0, 0);
    const pg_tensor *out = pg_graph_out(t->g, t->g_out);
    const pg_tensor *logit = pg_graph_out(t->dr, t->dr_out);
    if (out->size != (size_t)n * t->sample_len || logit->shape[0] != n ||
        logit->size % (size_t)n)
        return PG_FAIL(PG_ERR_SHAPE, "model %s: G gives %zu values for a "
                       "batch of %d samples of %zu, D must give the same "
                       "number of logits for every sample", t->model->name,
                       out->size, n, t->sample_len);
    /* Every logit is scored as one sample by the loss (a PatchGAN D's
     * local verdicts each count). */
    t->n_logits = logit->size;
    return PG_OK;
}

/* Rank 0 initialises G and D and broadcasts them; it also draws the fixed
 * sample noise. Collective. */
static pg_status init_params(pg_trainer *t)
{
    pg_rng *init = NULL;
    pg_status st = PG_OK;
    if (t->rank == 0) {
        PG_CHECK(pg_rng_create((uint64_t)t->o.seed, 0, PG_RNG_INIT, &init));
        PG_CHECK_GOTO(st, pg_net_init(t->gnet, init), done);
        PG_CHECK_GOTO(st, pg_net_init(t->dnet, init), done);
        size_t nz = (size_t)t->o.samples * (size_t)t->dims.z_dim;
        t->fixed_z = malloc(nz * sizeof *t->fixed_z);
        if (!t->fixed_z) {
            st = PG_FAIL(PG_ERR_NOMEM, "sample noise");
            goto done;
        }
        pg_rng_fill_gaussian(init, t->fixed_z, nz, 1.0);
    }
done:
    pg_rng_destroy(&init);
    PG_CHECK(pg_dist_agree(t->comm, st));
    pg_net *nets[2] = {t->gnet, t->dnet};
    return pg_run_bcast_nets(t->comm, nets, 2);
}

/* The [physics] terrain penalties; those that compare with the data get
 * their reference from the pass over it. Collective. */
static pg_status make_penalties(pg_trainer *t)
{
    pg_penalty_geom geom = {(int)t->o.batch, t->dims.channels,
                            t->dims.height, t->dims.width, t->cell_size_m,
                            t->cell_size_y_m};
    PG_CHECK(pg_penalty_list_create(t->cfg, "terrain", 0, "physgan train",
                                    &geom, &t->pens));
    if (pg_penalty_list_slots(t->pens) > PG_TRAINER_MAX_PENALTIES)
        return PG_FAIL(PG_ERR_INTERNAL, "more than %d terrain penalties",
                       PG_TRAINER_MAX_PENALTIES);
    return pg_trainer_data_reference(t);
}

static pg_status alloc_buffers(pg_trainer *t)
{
    size_t n = (size_t)t->o.batch;
    t->gr = calloc(t->n_logits, sizeof *t->gr);
    t->gf = calloc(t->n_logits, sizeof *t->gf);
    if (!t->gr || !t->gf) return PG_FAIL(PG_ERR_NOMEM, "loss gradients");
    t->scratch = malloc(n * t->sample_len * sizeof *t->scratch);
    if (!t->scratch) return PG_FAIL(PG_ERR_NOMEM, "trainer scratch");
    if (t->o.diffaug.ops) {
        PG_CHECK(pg_diffaug_create(&t->o.diffaug, (int)n, t->dims.channels,
                                   t->dims.height, t->dims.width, &t->aug));
        t->aug_real = malloc(n * t->sample_len * sizeof *t->aug_real);
        if (!t->aug_real) return PG_FAIL(PG_ERR_NOMEM, "augmentation buffer");
    }
    return PG_OK;
}

/* The local part of setting up the model: shape, graphs, buffers. */
static pg_status setup_model(pg_trainer *t, int c, int h, int w)
{
    PG_CHECK(pg_gan_model_find(t->o.arch, &t->model));
    PG_CHECK(t->model->configure(t->cfg, c, h, w, &t->dims));
    t->sample_len = (size_t)c * (size_t)h * (size_t)w;
    PG_CHECK(build_graphs(t));
    PG_CHECK(alloc_buffers(t));
    PG_CHECK(pg_adam_create(t->gnet->nw, t->o.g_lr, t->o.beta1, t->o.beta2,
                            t->o.eps, 0, &t->g_opt));
    PG_CHECK(pg_adam_create(t->dnet->nw, t->o.d_lr, t->o.beta1, t->o.beta2,
                            t->o.eps, 0, &t->d_opt));
    if (t->o.g_ema > 0)
        PG_CHECK(pg_ema_create(t->gnet->nw, t->o.g_ema, &t->ema));
    return PG_OK;
}

/* Rank 0's metrics.csv header: fixed columns and one per penalty. */
static void metrics_header(const pg_trainer *t, char *buf, size_t cap)
{
    size_t n = (size_t)snprintf(buf, cap, "step,epoch,loss_d,loss_g,d_real,"
                                          "d_fake");
    for (int p = 0; p < pg_penalty_list_size(t->pens) && n < cap; p++)
        n += (size_t)snprintf(buf + n, cap - n, ",%s",
                              pg_penalty_list_name(t->pens, p));
    if (n < cap)
        snprintf(buf + n, cap - n, ",grad_x_adv,grad_x_pen,grad_norm_g,"
                                   "grad_norm_d,samples_per_s,wall_s");
}

static pg_status setup(pg_trainer *t, int resume)
{
    char ckpt[4096] = "";
    pg_status st = read_opts(t->cfg, &t->o);
    if (st == PG_OK && !(t->samples_dir = pg_run_path(t->run_dir,
                                                      "samples")))
        st = PG_FAIL(PG_ERR_NOMEM, "paths");
    PG_CHECK(pg_run_start(&t->run, st, &t->o.train, resume, ckpt,
                          sizeof ckpt));

    int c = 0, h = 0, w = 0;
    PG_CHECK(pg_dist_agree(t->comm,
                              pg_trainer_data_open(t, &c, &h, &w)));
    PG_CHECK(pg_dist_agree(t->comm, setup_model(t, c, h, w)));
    PG_CHECK(init_params(t));
    PG_CHECK(pg_dist_agree(t->comm, make_penalties(t)));
    if (t->ema) pg_ema_init(t->ema, t->gnet->w);
    if (ckpt[0]) {
        PG_CHECK(pg_dist_agree(t->comm, pg_trainer_ckpt_restore(t, ckpt)));
        pg_info("resuming from %s at step %lld", ckpt, (long long)t->step);
    }
    PG_CHECK(pg_dist_agree(t->comm, pg_trainer_data_seek(t)));
    char header[512];
    metrics_header(t, header, sizeof header);
    PG_CHECK(pg_run_open_outputs(&t->run, header, ckpt));
    if (!ckpt[0])
        pg_run_log(&t->run, "start: %s, %s, %ld steps, batch %ld per rank "
                   "on %d rank%s", t->o.data_path, t->model->name,
                   t->o.steps, t->o.batch, t->size, t->size == 1 ? "" : "s");
    return PG_OK;
}

pg_status pg_trainer_create(const pg_config *cfg, const char *run_dir,
                            int resume, const pg_trainer_hooks *hooks,
                            MPI_Comm comm, pg_trainer **out)
{
    pg_trainer *t = calloc(1, sizeof *t);
    if (!t) return PG_FAIL(PG_ERR_NOMEM, "trainer");
    pg_status st = pg_run_begin(&t->run, cfg, run_dir, hooks, comm);
    if (st == PG_OK) st = setup(t, resume);
    if (st != PG_OK) {
        pg_trainer_destroy(&t);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    pg_run_clock_start(&t->run);
    *out = t;
    return PG_OK;
}

long pg_trainer_step(const pg_trainer *t) { return (long)t->step; }

void pg_trainer_view_get(pg_trainer *t, pg_trainer_view *v)
{
    v->gw = t->gnet->w;
    v->gs = t->gnet->s;
    v->dw = t->dnet->w;
    v->ds = t->dnet->s;
    v->gnw = t->gnet->nw;
    v->gns = t->gnet->ns;
    v->dnw = t->dnet->nw;
    v->dns = t->dnet->ns;
    v->gm = pg_adam_m(t->g_opt);
    v->gv = pg_adam_v(t->g_opt);
    v->dm = pg_adam_m(t->d_opt);
    v->dv = pg_adam_v(t->d_opt);
    v->g_adam_steps = pg_adam_steps(t->g_opt);
    v->d_adam_steps = pg_adam_steps(t->d_opt);
}

void pg_trainer_destroy(pg_trainer **tp)
{
    pg_trainer *t = tp ? *tp : NULL;
    if (!t) return;
    pg_shard_reader_close(&t->reader);
    pg_penalty_list_destroy(&t->pens);
    free(t->scratch);
    free(t->aug_real);
    pg_diffaug_destroy(&t->aug);
    free(t->gr);
    free(t->gf);
    free(t->fixed_z);
    free(t->samples_dir);
    pg_ema_destroy(&t->ema);
    pg_adam_destroy(&t->g_opt);
    pg_adam_destroy(&t->d_opt);
    pg_graph_destroy(&t->g);
    pg_graph_destroy(&t->dr);
    pg_graph_destroy(&t->df);
    pg_graph_destroy(&t->sg);
    pg_net_destroy(&t->gnet);
    pg_net_destroy(&t->dnet);
    pg_net_destroy(&t->snet);
    pg_run_release(&t->run);
    free(t);
    *tp = NULL;
}

PG_TRAINER_KIND(pg_trainer_kind_gan, "gan", "dcgan|dcgan_small",
                pg_gan_model_is, pg_trainer, pg_trainer);
