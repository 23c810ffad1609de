/* The 2D GAN lab's trainer: an MLP generator (noise -> 2D point) against an
 * MLP discriminator (2D point -> one output) on a toy2d distribution.
 *
 * The object owns everything a run needs (nets, graphs, optimisers, RNG
 * streams, a fixed evaluation set), so a front end drives it with
 *   pg_toy_create, [pg_toy_pretrain_d], pg_toy_step ... pg_toy_evaluate,
 *   pg_toy_destroy
 * and reads a snapshot of the last evaluation (real and generated points,
 * D's output anywhere on the plane) for plots. Collective over nothing;
 * steps never allocate.
 *
 * One pg_toy_step is d_steps discriminator updates followed by one
 * generator update. The generator update runs G, copies G's output into
 * the input node of D's fake-batch graph, runs D frozen
 * (pg_graph_set_param_grads(d, 0)), and adds D's input gradient into G's
 * output gradient before G's backward pass.
 */
#ifndef PG_TRAIN_TOY_H
#define PG_TRAIN_TOY_H

#include <stdint.h>

#include "lab/toy2d.h"
#include "nn/gan_loss.h"
#include "lab/toy_metrics.h"

typedef struct pg_toy_config {
    pg_toy2d_kind dataset;
    pg_gan_loss loss;
    int noise_dim;        /* Gaussian latent dimension */
    int g_hidden, g_layers; /* G: noise -> [dense(g_hidden), ReLU] x g_layers -> 2 */
    int d_hidden, d_layers; /* D: 2 -> [dense(d_hidden), leaky ReLU 0.2] x d_layers -> 1 */
    int batch;            /* real and fake batch size */
    int d_steps;          /* D updates per G update */
    double g_lr, d_lr;    /* Adam learning rates */
    double beta1, beta2;  /* Adam moments, shared by both nets */
    double real_label;    /* BCE target of real samples: 1, or < 1 for
                             one-sided label smoothing (BCE losses only) */
    double fm_weight;     /* > 0: add feature matching on D's last hidden
                             layer to the G loss with this weight */
    double ema_decay;     /* > 0: evaluate an EMA of G's weights */
    int spectral_norm;    /* 1: spectral norm on D's dense layers;
                             -1: on for wgan only */
    uint64_t seed;
    int eval_samples;     /* size of the fixed evaluation set */
} pg_toy_config;

/* The defaults of `physgan toy` (docs/toy.md). */
void pg_toy_config_default(pg_toy_config *c);

typedef struct pg_toy_step_stats {
    double loss_d;      /* last D update's loss */
    double loss_g;      /* the G update's loss (with feature matching) */
    double g_grad_norm; /* norm of G's parameter gradient in the G update */
} pg_toy_step_stats;

typedef struct pg_toy_metrics {
    long step;                /* G updates so far */
    pg_toy_coverage coverage; /* of the generated evaluation points */
    double jsd;               /* bits, real vs generated evaluation points */
    double d_real, d_fake;    /* mean D output on them: sigmoid(D) for the
                                 BCE losses, the raw output otherwise */
    double g_grad_norm;       /* mean over G updates since the previous
                                 evaluation (NAN before the first update) */
    double loss_d, loss_g;    /* means over the same updates */
} pg_toy_metrics;

typedef struct pg_toy pg_toy;

/* Checks the configuration (PG_ERR_ARG naming the field), builds the nets
 * and draws the fixed evaluation set: eval_samples real points and the
 * latent vectors the generated evaluation points come from. */
pg_status pg_toy_create(const pg_toy_config *c, pg_toy **out);
void pg_toy_destroy(pg_toy **t);

/* Train D alone for n updates against the current G (a strong-D start). */
pg_status pg_toy_pretrain_d(pg_toy *t, long n);
/* d_steps D updates, then one G update. stats may be NULL. */
pg_status pg_toy_step(pg_toy *t, pg_toy_step_stats *stats);
/* Generate the evaluation points (EMA weights when configured) and compute
 * the metrics; resets the running means. */
pg_status pg_toy_evaluate(pg_toy *t, pg_toy_metrics *m);

/* Snapshot of the last evaluation: eval_samples points each (x, y rows). */
const float *pg_toy_real_points(const pg_toy *t);
const float *pg_toy_fake_points(const pg_toy *t);
int pg_toy_eval_count(const pg_toy *t);
const pg_toy2d *pg_toy_dataset(const pg_toy *t);
/* D's output (as in pg_toy_metrics) at n arbitrary points: heatmaps. */
pg_status pg_toy_discriminate(pg_toy *t, const float *xy, int n, float *out);
/* Parameter counts of G and D. */
void pg_toy_param_counts(const pg_toy *t, long *g, long *d);

#endif
