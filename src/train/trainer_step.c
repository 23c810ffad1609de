/* One training step: d_steps discriminator updates, then one generator
 * update, with any loss of the zoo and the physics penalties on the
 * generator output in physical units. Gradients are averaged over the
 * ranks (one MPI_Allreduce per network update) before Adam, so every rank
 * applies the same update. Nothing here allocates. */
#include <math.h>
#include <string.h>

#include "dist/allreduce.h"
#include "train/trainer_impl.h"

/* Average net's gradient over the ranks. Collective. */
static pg_status average_grads(pg_trainer *t, pg_net *net)
{
    if (t->size > 1) PG_CHECK(pg_dist_allreduce_mean(net->g, net->nw, t->comm));
    return PG_OK;
}

/* Backward of graph g from output node out with output gradient dy. */
static pg_status backward_from(pg_graph *g, int out, const float *dy,
                               size_t n)
{
    pg_graph_zero_grads(g);
    memcpy(pg_graph_gradv(g, out), dy, n * sizeof *dy);
    return pg_graph_backward(g);
}

static double norm2(const float *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += (double)x[i] * x[i];
    return sqrt(s);
}

/* Instance noise std at this step: [loss] instance_noise decayed linearly
 * to 0 at the last step, so the end of training sees the clean data. */
static double noise_std(const pg_trainer *t)
{
    if (t->o.inst_noise <= 0) return 0;
    double left = 1.0 - (double)t->step / (double)t->o.steps;
    return left > 0 ? t->o.inst_noise * left : 0;
}

/* Add N(0, sd^2) noise to x (len floats) from the rank's noise stream, so
 * that resumed runs draw the same noise (the stream is checkpointed). */
static void add_noise(pg_trainer *t, float *x, size_t len, double sd)
{
    if (sd <= 0) return;
    float *e = t->scratch;
    pg_rng_fill_gaussian(t->noise, e, len, sd);
    for (size_t i = 0; i < len; i++) x[i] += e[i];
}

static pg_status d_update(pg_trainer *t, pg_step_metrics *m, int poison)
{
    size_t n = t->n_logits, len = (size_t)t->o.batch * t->sample_len;
    int bce = pg_gan_loss_is_bce(t->o.loss);
    float real_label = bce ? (float)(1.0 - t->o.label_smoothing) : 1.0f;
    float *fake = pg_graph_data(t->g, t->g_out);

    float *real = t->aug ? t->aug_real : pg_graph_data(t->dr, t->dr_x);
    PG_CHECK(pg_trainer_data_next(t, real));
    pg_rng_fill_gaussian(t->noise, pg_graph_data(t->g, t->g_z),
                         (size_t)t->o.batch * (size_t)t->dims.z_dim, 1.0);
    PG_CHECK(pg_graph_forward(t->g));
    if (poison) fake[0] = NAN;
    if (t->aug) {
        /* DiffAugment: independent draws for the real and the fake batch;
         * the fake's stays for the G step, which maps D's input gradient
         * back through it. */
        pg_diffaug_draw(t->aug, t->noise);
        pg_diffaug_forward(t->aug, real, pg_graph_data(t->dr, t->dr_x));
        pg_diffaug_draw(t->aug, t->noise);
        pg_diffaug_forward(t->aug, fake, pg_graph_data(t->df, t->df_x));
    } else {
        memcpy(pg_graph_data(t->df, t->df_x), fake, len * sizeof *fake);
    }
    /* Instance noise on both of D's inputs blurs the two distributions so
     * they overlap and D's gradient stays informative; G's step sees the
     * same noisy fake batch (the noise is additive: dx passes through). */
    double sd = noise_std(t);
    add_noise(t, pg_graph_data(t->dr, t->dr_x), len, sd);
    add_noise(t, pg_graph_data(t->df, t->df_x), len, sd);
    PG_CHECK(pg_graph_forward(t->dr));
    PG_CHECK(pg_graph_forward(t->df));
    const float *r = pg_graph_data(t->dr, t->dr_out);
    const float *f = pg_graph_data(t->df, t->df_out);
    memset(t->gr, 0, n * sizeof *t->gr);
    memset(t->gf, 0, n * sizeof *t->gf);
    m->loss_d = pg_gan_loss_d(t->o.loss, r, f, n, real_label, 1.0f, t->gr,
                              t->gf);
    m->d_real = pg_gan_loss_d_mean(t->o.loss, r, n);
    m->d_fake = pg_gan_loss_d_mean(t->o.loss, f, n);
    pg_net_zero_grad(t->dnet);
    PG_CHECK(backward_from(t->dr, t->dr_out, t->gr, n));
    PG_CHECK(backward_from(t->df, t->df_out, t->gf, n));
    PG_CHECK(average_grads(t, t->dnet));
    m->grad_norm_d = pg_net_grad_norm(t->dnet);
    pg_adam_step(t->d_opt, t->dnet->w, t->dnet->g);
    return PG_OK;
}

/* Penalties on the fake batch in physical units z = scale x + offset
 * (the dataset's reference scale); adds ramp * scale * sum_p weight_p
 * dP_p/dz into gx (d/dx of the penalties), ramp = [physics]
 * warmup_steps' linear ramp (1 without). */
static pg_status penalties(pg_trainer *t, pg_step_metrics *m, float *gx)
{
    if (!pg_penalty_list_size(t->pens)) return PG_OK;
    double ramp = 1;
    if (t->o.pen_warmup > 0 && t->step < t->o.pen_warmup)
        ramp = (double)(t->step + 1) / (double)t->o.pen_warmup;
    pg_penalty_units u = {.batch_scale = (float)t->ref_scale,
                          .batch_offset = (float)t->ref_offset};
    PG_CHECK(pg_penalty_list_eval(t->pens, pg_graph_data(t->g, t->g_out),
                                  NULL, &u, ramp, m->pen, gx));
    m->grad_x_pen = norm2(pg_penalty_list_grad(t->pens),
                          (size_t)t->o.batch * t->sample_len);
    return PG_OK;
}

static pg_status g_update(pg_trainer *t, pg_step_metrics *m)
{
    size_t n = t->n_logits, len = (size_t)t->o.batch * t->sample_len;
    /* D frozen; its input (the fake batch) gets the gradient. */
    pg_graph_set_param_grads(t->df, 0);
    pg_graph_set_requires_grad(t->df, t->df_x, 1);
    PG_CHECK(pg_graph_forward(t->df));
    /* RaGAN compares with D(real) under the updated D. */
    if (t->o.loss == PG_GAN_RAGAN) PG_CHECK(pg_graph_forward(t->dr));
    memset(t->gf, 0, n * sizeof *t->gf);
    m->loss_g = pg_gan_loss_g(t->o.loss, pg_graph_data(t->dr, t->dr_out),
                              pg_graph_data(t->df, t->df_out), n, 1.0f, NULL,
                              t->gf);
    PG_CHECK(backward_from(t->df, t->df_out, t->gf, n));
    pg_graph_set_param_grads(t->df, 1);
    pg_graph_set_requires_grad(t->df, t->df_x, 0);

    pg_graph_zero_grads(t->g);
    float *gx = pg_graph_gradv(t->g, t->g_out);
    /* The augmentation is linear: its gradient is its transpose. */
    if (t->aug)
        pg_diffaug_backward(t->aug, pg_graph_gradv(t->df, t->df_x), gx);
    else
        memcpy(gx, pg_graph_gradv(t->df, t->df_x), len * sizeof *gx);
    m->grad_x_adv = norm2(gx, len);
    PG_CHECK(penalties(t, m, gx));
    pg_net_zero_grad(t->gnet);
    PG_CHECK(pg_graph_backward(t->g));
    PG_CHECK(average_grads(t, t->gnet));
    m->grad_norm_g = pg_net_grad_norm(t->gnet);
    pg_adam_step(t->g_opt, t->gnet->w, t->gnet->g);
    if (t->ema) pg_ema_update(t->ema, t->gnet->w);
    return PG_OK;
}

/* Batch-norm running statistics follow each rank's own batches; their
 * rank mean (the update with the rank-averaged batch statistics, as the
 * update is linear) keeps G and D identical on every rank, so rank 0's
 * checkpoint is every rank's state. One small allreduce per net. */
static pg_status average_state(pg_trainer *t, pg_net *net)
{
    if (t->size > 1 && net->ns)
        PG_CHECK(pg_dist_allreduce_mean(net->s, net->ns, t->comm));
    return PG_OK;
}

pg_status pg_trainer_step_run(pg_trainer *t, pg_step_metrics *m)
{
    memset(m, 0, sizeof *m);
    long next = (long)t->step + 1;
    for (long k = 0; k < t->o.d_steps; k++)
        PG_CHECK(d_update(t, m, k == 0 && t->rank == 0 &&
                                    t->hooks.poison_step == next));
    PG_CHECK(g_update(t, m));
    PG_CHECK(average_state(t, t->gnet));
    PG_CHECK(average_state(t, t->dnet));
    t->step = next;
    return PG_OK;
}

int pg_trainer_bad_term(const pg_trainer *t, const pg_step_metrics *m)
{
    if (!isfinite(m->loss_d)) return 1;
    if (!isfinite(m->loss_g)) return 2;
    for (int p = 0; p < pg_penalty_list_size(t->pens); p++)
        if (!isfinite(m->pen[p])) return 3 + p;
    return 0;
}

const char *pg_trainer_term_name(const pg_trainer *t, int term)
{
    if (term == 1) return "loss_d";
    if (term == 2) return "loss_g";
    if (term >= 3 && term - 3 < pg_penalty_list_size(t->pens))
        return pg_penalty_list_name(t->pens, term - 3);
    return "?";
}
