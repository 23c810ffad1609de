#include "lab/toy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "models/mlp.h"
#include "nn/ema.h"
#include "nn/ops.h"
#include "nn/optim.h"

static const float D_LEAKY_SLOPE = 0.2f;
static const double ADAM_EPS = 1e-8;

void pg_toy_config_default(pg_toy_config *c)
{
    *c = (pg_toy_config){
        .dataset = PG_TOY2D_RING,
        .loss = PG_GAN_NONSAT,
        .noise_dim = 4,
        .g_hidden = 64, .g_layers = 2,
        .d_hidden = 64, .d_layers = 2,
        .batch = 256,
        .d_steps = 1,
        .g_lr = 1e-3, .d_lr = 1e-3,
        .beta1 = 0.5, .beta2 = 0.999,
        .real_label = 1.0,
        .fm_weight = 0,
        .ema_decay = 0,
        .spectral_norm = -1,
        .seed = 1,
        .eval_samples = 10000,
    };
}

/* A discriminator graph on net D for a batch; *feat receives D's last
 * hidden activation (for feature matching). */
typedef struct dgraph {
    pg_graph *g;
    int in, feat, out;
} dgraph;

struct pg_toy {
    pg_toy_config c;
    pg_toy2d data;
    pg_net *gnet, *dnet;
    pg_graph *g_train, *g_eval;
    int g_train_in, g_train_out, g_eval_in, g_eval_out;
    dgraph d_real, d_fake, d_eval;
    pg_adam *g_adam, *d_adam;
    pg_ema *ema;
    float *w_backup;        /* G's live weights while evaluating the EMA */
    pg_rng *init_rng, *noise_rng, *data_rng;
    float *eval_real, *eval_fake, *eval_noise;
    double *jsd_work;
    long step;
    /* running sums since the last evaluation */
    double sum_gnorm, sum_loss_d, sum_loss_g;
    long n_sums;
};

static pg_status check_config(const pg_toy_config *c)
{
#define NEED(cond, ...) \
    if (!(cond)) return PG_FAIL(PG_ERR_ARG, __VA_ARGS__)
    NEED(pg_toy2d_name(c->dataset), "toy: dataset %d out of range",
         (int)c->dataset);
    NEED(pg_gan_loss_name(c->loss), "toy: loss %d out of range", (int)c->loss);
    NEED(c->noise_dim >= 1 && c->noise_dim <= 64,
         "toy: noise_dim %d not in [1, 64]", c->noise_dim);
    NEED(c->g_hidden >= 1 && c->d_hidden >= 1 && c->g_layers >= 1 &&
             c->d_layers >= 1,
         "toy: hidden sizes and layer counts must be >= 1");
    NEED(c->batch >= 2, "toy: batch %d < 2", c->batch);
    NEED(c->d_steps >= 1, "toy: d_steps %d < 1", c->d_steps);
    NEED(c->g_lr > 0 && c->d_lr > 0, "toy: learning rates must be > 0");
    NEED(c->beta1 >= 0 && c->beta1 < 1 && c->beta2 >= 0 && c->beta2 < 1,
         "toy: Adam betas must be in [0, 1)");
    NEED(c->real_label > 0.5 && c->real_label <= 1,
         "toy: real_label %g not in (0.5, 1]", c->real_label);
    NEED(c->fm_weight >= 0, "toy: fm_weight %g < 0", c->fm_weight);
    NEED(c->ema_decay >= 0 && c->ema_decay < 1,
         "toy: ema_decay %g not in [0, 1)", c->ema_decay);
    NEED(c->eval_samples >= 2, "toy: eval_samples %d < 2", c->eval_samples);
#undef NEED
    return PG_OK;
}

static pg_status build_g(pg_toy *t, int batch, pg_graph **g, int *in, int *out)
{
    PG_CHECK(pg_graph_create(t->gnet, g));
    *in = pg_op_input(*g, 2, (int[]){batch, t->c.noise_dim});
    *out = pg_mlp_build(*g, *in, t->c.g_hidden, t->c.g_layers, 2, PG_MLP_RELU);
    pg_graph_set_requires_grad(*g, *in, 0);
    PG_CHECK(pg_graph_finalize(*g));
    return PG_OK;
}

static pg_status build_d(pg_toy *t, int batch, int input_grad, dgraph *d)
{
    int sn = t->c.spectral_norm > 0 ||
             (t->c.spectral_norm < 0 && t->c.loss == PG_GAN_WGAN);
    int flags = sn ? PG_SPECTRAL_NORM : 0;
    PG_CHECK(pg_graph_create(t->dnet, &d->g));
    int h = d->in = pg_op_input(d->g, 2, (int[]){batch, 2});
    for (int i = 0; i < t->c.d_layers; i++) {
        h = pg_op_dense(d->g, h, t->c.d_hidden, flags);
        h = pg_op_leaky_relu(d->g, h, D_LEAKY_SLOPE);
    }
    d->feat = h;
    d->out = pg_op_dense(d->g, h, 1, flags);
    pg_graph_set_requires_grad(d->g, d->in, input_grad);
    PG_CHECK(pg_graph_finalize(d->g));
    return PG_OK;
}

static pg_status alloc_floats(float **p, size_t n)
{
    *p = calloc(n, sizeof **p);
    return *p ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "toy: %zu floats", n);
}

pg_status pg_toy_create(const pg_toy_config *c, pg_toy **out)
{
    *out = NULL;
    PG_CHECK(check_config(c));
    pg_toy *t = calloc(1, sizeof *t);
    if (!t) return PG_FAIL(PG_ERR_NOMEM, "toy trainer");
    pg_status s;
    t->c = *c;
    int e = c->eval_samples;
    PG_CHECK_GOTO(s, pg_toy2d_init(&t->data, c->dataset), fail);
    PG_CHECK_GOTO(s, pg_rng_create(c->seed, 0, PG_RNG_INIT, &t->init_rng), fail);
    PG_CHECK_GOTO(s, pg_rng_create(c->seed, 0, PG_RNG_NOISE, &t->noise_rng), fail);
    PG_CHECK_GOTO(s, pg_rng_create(c->seed, 0, PG_RNG_DATA, &t->data_rng), fail);
    PG_CHECK_GOTO(s, pg_net_create("G", &t->gnet), fail);
    PG_CHECK_GOTO(s, pg_net_create("D", &t->dnet), fail);
    PG_CHECK_GOTO(s, build_g(t, c->batch, &t->g_train, &t->g_train_in,
                             &t->g_train_out), fail);
    PG_CHECK_GOTO(s, build_g(t, e, &t->g_eval, &t->g_eval_in, &t->g_eval_out),
                  fail);
    PG_CHECK_GOTO(s, build_d(t, c->batch, 0, &t->d_real), fail);
    PG_CHECK_GOTO(s, build_d(t, c->batch, 1, &t->d_fake), fail);
    PG_CHECK_GOTO(s, build_d(t, e, 0, &t->d_eval), fail);
    /* Spectral-norm vectors advance once per D forward on real data. */
    pg_graph_set_training(t->d_fake.g, 1, 0);
    pg_graph_set_training(t->d_eval.g, 0, 0);
    pg_graph_set_training(t->g_eval, 0, 0);
    PG_CHECK_GOTO(s, pg_net_init(t->gnet, t->init_rng), fail);
    PG_CHECK_GOTO(s, pg_net_init(t->dnet, t->init_rng), fail);
    PG_CHECK_GOTO(s, pg_adam_create(t->gnet->nw, c->g_lr, c->beta1, c->beta2,
                                    ADAM_EPS, 0, &t->g_adam), fail);
    PG_CHECK_GOTO(s, pg_adam_create(t->dnet->nw, c->d_lr, c->beta1, c->beta2,
                                    ADAM_EPS, 0, &t->d_adam), fail);
    if (c->ema_decay > 0) {
        PG_CHECK_GOTO(s, pg_ema_create(t->gnet->nw, c->ema_decay, &t->ema),
                      fail);
        pg_ema_init(t->ema, t->gnet->w);
        PG_CHECK_GOTO(s, alloc_floats(&t->w_backup, t->gnet->nw), fail);
    }
    PG_CHECK_GOTO(s, alloc_floats(&t->eval_real, 2 * (size_t)e), fail);
    PG_CHECK_GOTO(s, alloc_floats(&t->eval_fake, 2 * (size_t)e), fail);
    PG_CHECK_GOTO(s, alloc_floats(&t->eval_noise, (size_t)e * c->noise_dim),
                  fail);
    t->jsd_work = calloc(PG_TOY_JSD_WORK, sizeof *t->jsd_work);
    if (!t->jsd_work) {
        s = PG_FAIL(PG_ERR_NOMEM, "toy: JSD histograms");
        goto fail;
    }
    /* The evaluation set comes first off the data and noise streams, so it
     * depends on the seed only. */
    pg_toy2d_sample(&t->data, t->data_rng, t->eval_real, e);
    pg_rng_fill_gaussian(t->noise_rng, t->eval_noise,
                         (size_t)e * c->noise_dim, 1.0);
    *out = t;
    return PG_OK;
fail:
    pg_toy_destroy(&t);
    return s;
}

void pg_toy_destroy(pg_toy **tp)
{
    pg_toy *t = tp ? *tp : NULL;
    if (!t) return;
    pg_graph_destroy(&t->g_train);
    pg_graph_destroy(&t->g_eval);
    pg_graph_destroy(&t->d_real.g);
    pg_graph_destroy(&t->d_fake.g);
    pg_graph_destroy(&t->d_eval.g);
    pg_net_destroy(&t->gnet);
    pg_net_destroy(&t->dnet);
    pg_adam_destroy(&t->g_adam);
    pg_adam_destroy(&t->d_adam);
    pg_ema_destroy(&t->ema);
    pg_rng_destroy(&t->init_rng);
    pg_rng_destroy(&t->noise_rng);
    pg_rng_destroy(&t->data_rng);
    free(t->w_backup);
    free(t->eval_real);
    free(t->eval_fake);
    free(t->eval_noise);
    free(t->jsd_work);
    free(t);
    *tp = NULL;
}

/* Fresh noise through G; G's output copied into D's fake input. */
static pg_status generate_fake_batch(pg_toy *t)
{
    size_t n = (size_t)t->c.batch;
    pg_rng_fill_gaussian(t->noise_rng, pg_graph_data(t->g_train, t->g_train_in),
                         n * t->c.noise_dim, 1.0);
    PG_CHECK(pg_graph_forward(t->g_train));
    memcpy(pg_graph_data(t->d_fake.g, t->d_fake.in),
           pg_graph_data(t->g_train, t->g_train_out), 2 * n * sizeof(float));
    return PG_OK;
}

static pg_status forward_real_batch(pg_toy *t)
{
    pg_toy2d_sample(&t->data, t->data_rng,
                    pg_graph_data(t->d_real.g, t->d_real.in), t->c.batch);
    PG_CHECK(pg_graph_forward(t->d_real.g));
    return PG_OK;
}

static pg_status d_update(pg_toy *t, double *loss)
{
    PG_CHECK(forward_real_batch(t));
    PG_CHECK(generate_fake_batch(t));
    pg_graph_set_param_grads(t->d_fake.g, 1);
    PG_CHECK(pg_graph_forward(t->d_fake.g));
    pg_graph_zero_grads(t->d_real.g);
    pg_graph_zero_grads(t->d_fake.g);
    pg_net_zero_grad(t->dnet);
    *loss = pg_gan_loss_d(t->c.loss, pg_graph_data(t->d_real.g, t->d_real.out),
                          pg_graph_data(t->d_fake.g, t->d_fake.out),
                          (size_t)t->c.batch, (float)t->c.real_label, 1.0f,
                          pg_graph_gradv(t->d_real.g, t->d_real.out),
                          pg_graph_gradv(t->d_fake.g, t->d_fake.out));
    PG_CHECK(pg_graph_backward(t->d_real.g));
    PG_CHECK(pg_graph_backward(t->d_fake.g));
    pg_adam_step(t->d_adam, t->dnet->w, t->dnet->g);
    if (!isfinite(*loss))
        return PG_FAIL(PG_ERR_NUMERIC, "toy: D loss is %g at step %ld", *loss,
                       t->step);
    return PG_OK;
}

static pg_status g_update(pg_toy *t, double *loss, double *gnorm)
{
    size_t n = (size_t)t->c.batch;
    int need_real = t->c.loss == PG_GAN_RAGAN || t->c.fm_weight > 0;
    if (need_real) PG_CHECK(forward_real_batch(t));
    PG_CHECK(generate_fake_batch(t));
    pg_graph_set_param_grads(t->d_fake.g, 0); /* D frozen */
    PG_CHECK(pg_graph_forward(t->d_fake.g));
    pg_graph_zero_grads(t->d_fake.g);
    *loss = pg_gan_loss_g(t->c.loss,
                          need_real ? pg_graph_data(t->d_real.g, t->d_real.out)
                                    : NULL,
                          pg_graph_data(t->d_fake.g, t->d_fake.out), n, 1.0f,
                          NULL, pg_graph_gradv(t->d_fake.g, t->d_fake.out));
    if (t->c.fm_weight > 0)
        *loss += t->c.fm_weight * pg_gan_feature_matching(
                     pg_graph_data(t->d_real.g, t->d_real.feat), (int)n,
                     pg_graph_data(t->d_fake.g, t->d_fake.feat), (int)n,
                     t->c.d_hidden, (float)t->c.fm_weight,
                     pg_graph_gradv(t->d_fake.g, t->d_fake.feat));
    PG_CHECK(pg_graph_backward(t->d_fake.g));
    /* D's input gradient is G's output gradient. */
    pg_graph_zero_grads(t->g_train);
    pg_net_zero_grad(t->gnet);
    float *gout = pg_graph_gradv(t->g_train, t->g_train_out);
    const float *din = pg_graph_gradv(t->d_fake.g, t->d_fake.in);
    for (size_t i = 0; i < 2 * n; i++) gout[i] += din[i];
    PG_CHECK(pg_graph_backward(t->g_train));
    *gnorm = pg_net_grad_norm(t->gnet);
    pg_adam_step(t->g_adam, t->gnet->w, t->gnet->g);
    if (t->ema) pg_ema_update(t->ema, t->gnet->w);
    if (!isfinite(*loss) || !isfinite(*gnorm))
        return PG_FAIL(PG_ERR_NUMERIC, "toy: G loss %g, gradient norm %g at "
                       "step %ld", *loss, *gnorm, t->step);
    return PG_OK;
}

pg_status pg_toy_pretrain_d(pg_toy *t, long n)
{
    double loss;
    for (long i = 0; i < n; i++) PG_CHECK(d_update(t, &loss));
    return PG_OK;
}

pg_status pg_toy_step(pg_toy *t, pg_toy_step_stats *stats)
{
    double ld = 0, lg = 0, gn = 0;
    for (int k = 0; k < t->c.d_steps; k++) PG_CHECK(d_update(t, &ld));
    PG_CHECK(g_update(t, &lg, &gn));
    t->step++;
    t->sum_loss_d += ld;
    t->sum_loss_g += lg;
    t->sum_gnorm += gn;
    t->n_sums++;
    if (stats) *stats = (pg_toy_step_stats){ld, lg, gn};
    return PG_OK;
}

static double d_report(const pg_toy *t, float v)
{
    return pg_gan_loss_is_bce(t->c.loss) ? 1.0 / (1.0 + exp(-(double)v)) : v;
}

pg_status pg_toy_discriminate(pg_toy *t, const float *xy, int n, float *out)
{
    int e = t->c.eval_samples;
    float *in = pg_graph_data(t->d_eval.g, t->d_eval.in);
    const float *o = pg_graph_data(t->d_eval.g, t->d_eval.out);
    for (int b = 0; b < n; b += e) {
        int m = n - b < e ? n - b : e;
        memcpy(in, xy + 2 * (size_t)b, 2 * (size_t)m * sizeof(float));
        PG_CHECK(pg_graph_forward(t->d_eval.g));
        for (int i = 0; i < m; i++) out[b + i] = (float)d_report(t, o[i]);
    }
    return PG_OK;
}

static pg_status mean_d(pg_toy *t, const float *xy, double *mean)
{
    int e = t->c.eval_samples;
    memcpy(pg_graph_data(t->d_eval.g, t->d_eval.in), xy,
           2 * (size_t)e * sizeof(float));
    PG_CHECK(pg_graph_forward(t->d_eval.g));
    const float *o = pg_graph_data(t->d_eval.g, t->d_eval.out);
    double s = 0;
    for (int i = 0; i < e; i++) s += d_report(t, o[i]);
    *mean = s / e;
    return PG_OK;
}

pg_status pg_toy_evaluate(pg_toy *t, pg_toy_metrics *m)
{
    int e = t->c.eval_samples;
    size_t nw = t->gnet->nw;
    if (t->ema) {
        memcpy(t->w_backup, t->gnet->w, nw * sizeof(float));
        memcpy(t->gnet->w, pg_ema_weights(t->ema), nw * sizeof(float));
    }
    memcpy(pg_graph_data(t->g_eval, t->g_eval_in), t->eval_noise,
           (size_t)e * t->c.noise_dim * sizeof(float));
    pg_status s = pg_graph_forward(t->g_eval);
    if (t->ema) memcpy(t->gnet->w, t->w_backup, nw * sizeof(float));
    if (s != PG_OK) return pg_error_trace(s, __FILE__, __LINE__, __func__);
    memcpy(t->eval_fake, pg_graph_data(t->g_eval, t->g_eval_out),
           2 * (size_t)e * sizeof(float));

    memset(m, 0, sizeof *m);
    m->step = t->step;
    pg_toy_coverage_compute(&t->data, t->eval_fake, e, &m->coverage);
    m->jsd = pg_toy_jsd(&t->data, t->eval_real, e, t->eval_fake, e,
                        t->jsd_work);
    PG_CHECK(mean_d(t, t->eval_real, &m->d_real));
    PG_CHECK(mean_d(t, t->eval_fake, &m->d_fake));
    double k = (double)t->n_sums;
    m->g_grad_norm = k > 0 ? t->sum_gnorm / k : NAN;
    m->loss_d = k > 0 ? t->sum_loss_d / k : NAN;
    m->loss_g = k > 0 ? t->sum_loss_g / k : NAN;
    t->sum_gnorm = t->sum_loss_d = t->sum_loss_g = 0;
    t->n_sums = 0;
    return PG_OK;
}

const float *pg_toy_real_points(const pg_toy *t) { return t->eval_real; }
const float *pg_toy_fake_points(const pg_toy *t) { return t->eval_fake; }
int pg_toy_eval_count(const pg_toy *t) { return t->c.eval_samples; }
const pg_toy2d *pg_toy_dataset(const pg_toy *t) { return &t->data; }

void pg_toy_param_counts(const pg_toy *t, long *g, long *d)
{
    *g = (long)t->gnet->nw;
    *d = (long)t->dnet->nw;
}
