/* Internals shared by the protein_gan*.c files (not a public header). */
#ifndef PG_TRAIN_PROTEIN_GAN_IMPL_H
#define PG_TRAIN_PROTEIN_GAN_IMPL_H

#include <stdint.h>

#include "models/protein_seqgan.h"
#include "nn/gan_loss.h"
#include "nn/graph.h"
#include "nn/optim.h"
#include "physics/penalty.h"
#include "physics/protein/protein_seqs.h"
#include "train/protein_gan.h"
#include "train/run.h"
#include "train/train_opts.h"

typedef struct pg_protein_gan_opts {
    const char *path;            /* [data] path: protein/1 training split */
    pg_gan_loss loss;
    double label_smoothing, critic_w;
    /* [physics] protein_profile_*: weight, then the kind's parameters in
     * key order (pseudocount, score_weight, score_target, end_weight) */
    double profile_w, profile_param[4];
    long d_steps;
    long pretrain;               /* [loss] profile_pretrain_steps */
    double pretrain_lr;          /* [loss] profile_pretrain_g_lr (0: g_lr) */
    PG_TRAIN_OPTS_MEMBERS;       /* [optim] and [train] (train_opts.h) */
} pg_protein_gan_opts;

/* One step's numbers (this rank's, before averaging). */
typedef struct pg_protein_gan_metrics {
    double loss_d, adv_g, d_real, d_fake;
    double critic_loss, critic_acc;   /* C on reals and decoys */
    double reward_ce, fake_acc;       /* C on the fakes vs their family */
    double profile_kl;                /* protein.profile's KL, unweighted */
    double profile_score;             /* its mean s_n (nats per column) */
    double grad_norm_g, grad_norm_d, grad_norm_c;
} pg_protein_gan_metrics;

/* A network applied to one input. */
typedef struct pg_protein_gan_graph {
    pg_graph *g;
    int in, out;
} pg_protein_gan_graph;

struct pg_protein_gan {
    PG_RUN_MEMBERS;              /* its noise stream draws everything */
    pg_protein_gan_opts o;
    pg_protein_seqs *data;       /* the training split, whole, every rank */
    pg_seqgan_dims dims;
    size_t seq_len;              /* 21 x L floats a sequence */

    pg_net *gnet, *dnet, *cnet;
    pg_adam *g_opt, *d_opt, *c_opt;
    pg_graph *gg;                /* G: inputs z and family one-hot */
    int g_z, g_f, g_out;
    int g_soft;                  /* softmax of G's logits: the residue
                                    distributions the Gumbel-softmax
                                    draws from (-1 without the profile) */
    pg_penalty *profile;         /* protein.profile, or NULL (weight 0) */
    pg_protein_gan_graph dr, df; /* D on reals, D on fakes */
    pg_protein_gan_graph ct;     /* C on reals + decoys (2B) */
    pg_protein_gan_graph cf;     /* C on fakes (B) */

    int *real_fam, *fake_fam;    /* B; fake labels for C */
    int *c_labels;               /* 2B */
    float *gr, *gf;              /* B: D loss gradients */
    uint8_t *decoy;              /* L residues */
    pg_protein_gan_metrics last;
};

/* protein_gan_step.c (collective) */
pg_status pg_protein_gan_step_run(pg_protein_gan *t,
                                  pg_protein_gan_metrics *m);
/* protein_gan_ckpt.c (collective) */
pg_status pg_protein_gan_ckpt_save(pg_protein_gan *t);
pg_status pg_protein_gan_ckpt_restore(pg_protein_gan *t, const char *path);

#endif
