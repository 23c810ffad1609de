/* Internals shared by the trainer*.c files (not a public header). */
#ifndef PG_TRAIN_TRAINER_IMPL_H
#define PG_TRAIN_TRAINER_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "base/rng.h"
#include "io/checkpoint.h"
#include "io/shard.h"
#include "nn/diffaug.h"
#include "nn/ema.h"
#include "nn/graph.h"
#include "nn/optim.h"
#include "physics/penalty_list.h"
#include "train/data_reference.h"
#include "nn/gan_loss.h"
#include "train/model_registry.h"
#include "train/run.h"
#include "train/train_opts.h"
#include "train/trainer.h"

enum { PG_TRAINER_MAX_PENALTIES = 4 };

typedef struct pg_trainer_opts {
    const char *data_path, *dataset, *arch;
    pg_normalize normalize;        /* [data] normalize (data_reference.h) */
    int augment_flips;             /* [data] augment = flips */
    pg_gan_loss loss;
    double label_smoothing;
    long d_steps;
    long pen_warmup;               /* [physics] warmup_steps */
    double inst_noise;             /* [loss] instance_noise, start std */
    pg_diffaug_opts diffaug;       /* [loss] diffaug, diffaug_* */
    PG_TRAIN_OPTS_MEMBERS;         /* [optim] and [train] (train_opts.h) */
    double g_ema;                  /* [optim] g_ema */
    long threads, sample_every, samples;
} pg_trainer_opts;

/* One step's numbers (this rank's, before averaging). */
typedef struct pg_step_metrics {
    double loss_d, loss_g, d_real, d_fake;
    double pen[PG_TRAINER_MAX_PENALTIES];
    double grad_norm_g, grad_norm_d;
    /* L2 norms of the two parts of the gradient on G's output batch (in
     * normalised units, before G's backward): the adversarial one and the
     * penalties' (with the warm-up ramp), to see which one shapes G. */
    double grad_x_adv, grad_x_pen;
} pg_step_metrics;

struct pg_trainer {
    /* comm, rank, step, clocks, train.log (run.h); its noise stream is
     * G's latent noise. */
    PG_RUN_MEMBERS;
    pg_trainer_opts o;
    char *samples_dir;

    const pg_gan_model *model;
    pg_gan_dims dims;
    size_t sample_len;          /* C*H*W floats per sample */
    pg_net *gnet, *dnet, *snet; /* snet: copy of G for sample files */
    pg_graph *g, *dr, *df, *sg; /* G; D on real; D on fake; sample G */
    int g_z, g_out, dr_x, dr_out, df_x, df_out, sg_z, sg_out;
    pg_adam *g_opt, *d_opt;
    pg_ema *ema;
    float *fixed_z;             /* samples x z_dim (rank 0) */

    /* Data: this rank's shard, full batches only, d_steps per step. */
    pg_shard_reader *reader;
    int64_t epoch, index;       /* loader position: batches used in epoch */
    int64_t batches_per_epoch;
    double ref_scale, ref_offset; /* mean per-sample half range / midpoint */
    double cell_size_m;           /* terrain only, else 0 */
    double cell_size_y_m;         /* north-south cell size (= x when square) */
    int terrain;

    /* Step buffers, all sized at create. */
    float *gr, *gf;             /* loss gradients w.r.t. D outputs */
    size_t n_logits;            /* D outputs a batch: batch x logits per
                                   sample (a PatchGAN D gives several) */
    float *scratch;             /* batch x sample_len: instance noise,
                                   reference reads */
    pg_diffaug *aug;            /* [loss] diffaug; NULL when off */
    float *aug_real;            /* batch x sample_len: the real batch
                                   before its augmentation */
    pg_penalty_list *pens;      /* [physics] terrain penalties */

    pg_step_metrics last;       /* the last step's numbers (this rank) */
};

/* trainer_data.c (collective) */
pg_status pg_trainer_data_open(pg_trainer *t, int *c, int *h, int *w);
pg_status pg_trainer_data_reference(pg_trainer *t);
/* Position the reader at (epoch, index). */
pg_status pg_trainer_data_seek(pg_trainer *t);
/* The next real batch, normalised, into x (batch x sample_len floats). */
pg_status pg_trainer_data_next(pg_trainer *t, float *x);

/* trainer_step.c (collective): one G step with its D steps. */
pg_status pg_trainer_step_run(pg_trainer *t, pg_step_metrics *m);
/* Index+1 of the first non-finite term (0: all finite) and its name. */
int pg_trainer_bad_term(const pg_trainer *t, const pg_step_metrics *m);
const char *pg_trainer_term_name(const pg_trainer *t, int term);

/* trainer_ckpt.c (collective) */
pg_status pg_trainer_ckpt_save(pg_trainer *t);
pg_status pg_trainer_ckpt_restore(pg_trainer *t, const char *path);
/* Named networks with their Adam states in a checkpoint (shared by every
 * trainer): NAME/params of each, NAME/state of each whose state is not
 * empty, and opt/NAME/{m,v,step}. get_nets names `path` in errors. */
typedef struct pg_ckpt_net {
    const char *name;   /* "G", "D", "G_AB", ... */
    pg_net *net;
    pg_adam *opt;
} pg_ckpt_net;
pg_status pg_trainer_ckpt_add_nets(pg_checkpoint *c,
                                   const pg_ckpt_net *nets, int n);
pg_status pg_trainer_ckpt_get_nets(const pg_checkpoint *c, const char *path,
                                   const pg_ckpt_net *nets, int n);
/* The two nets of a GAN: G and D. */
pg_status pg_trainer_ckpt_add_gan(pg_checkpoint *c, pg_net *g, pg_net *d,
                                  pg_adam *g_opt, pg_adam *d_opt);
pg_status pg_trainer_ckpt_get_gan(const pg_checkpoint *c, const char *path,
                                  pg_net *g, pg_net *d, pg_adam *g_opt,
                                  pg_adam *d_opt);

/* trainer_samples.c (collective; rank 0 writes) */
pg_status pg_trainer_samples_write(pg_trainer *t);

#endif
