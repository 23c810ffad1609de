/* Internals shared by the crystal_vaegan*.c files (not a public header). */
#ifndef PG_TRAIN_CRYSTAL_VAEGAN_IMPL_H
#define PG_TRAIN_CRYSTAL_VAEGAN_IMPL_H

#include "models/crystal_vaegan.h"
#include "nn/gan_loss.h"
#include "nn/graph.h"
#include "nn/optim.h"
#include "physics/crystal/crystal_cell.h"
#include "physics/penalty_list.h"
#include "train/crystal_vaegan.h"
#include "train/run.h"
#include "train/train_opts.h"

enum { PG_CRYSTAL_MAX_PENALTIES = 8 };

/* The PROXY level (v.u.) a structure whose mobile ion percolates in no
 * direction is trained toward: above every percolating level of the
 * shipped training set. */
#define PG_CRYSTAL_PROP_CAP 3.0

typedef struct pg_crystal_vaegan_opts {
    const char *path;            /* [data] path: crystal/1 training set */
    pg_gan_loss loss;
    double label_smoothing;
    long d_steps, atoms;
    double recon_w, kl_w, adv_w, prop_w;
    double volume_w;             /* [loss] volume_weight (conditional G) */
    int recon_matching;          /* [loss] recon_matching */
    PG_TRAIN_OPTS_MEMBERS;       /* [optim] and [train] (train_opts.h) */
} pg_crystal_vaegan_opts;

/* The training set, encoded once (every rank holds all of it). */
typedef struct pg_crystal_set {
    int n;
    float *lat;          /* n x 6 */
    float *atoms;        /* n x atoms_len */
    float *target;       /* n: standardised PROXY level (has[i]) */
    int *has;            /* n: 1 with a PROXY value */
    int *train_idx, n_train;  /* with a value, for P's training */
    int *held_idx, n_held;    /* with a value, held out */
    pg_crystal_cell_bounds cell;  /* smallest plane spacing, volume per
                                     atom range (crystal.cell's default) */
} pg_crystal_set;

typedef struct pg_crystal_vaegan_metrics {
    double loss_d, adv_g, d_real, d_fake;
    double rec_lat, rec_species, rec_coords, kl;
    double prop_mse, prop_fake;   /* P's loss; P on fakes (v.u.) */
    double volume;                /* [loss] volume_weight's term */
    double pen[PG_CRYSTAL_MAX_PENALTIES];
    double grad_norm_g, grad_norm_d;
} pg_crystal_vaegan_metrics;

/* A judge (E, D or P) on one batch. */
typedef struct pg_crystal_judge {
    pg_graph *g;
    int lat, atoms, out;
} pg_crystal_judge;

struct pg_crystal_vaegan {
    PG_RUN_MEMBERS;              /* its noise stream draws everything */
    pg_crystal_vaegan_opts o;
    pg_crystal_codec codec;
    pg_crystal_set set;
    pg_crystal_vaegan_dims dims;
    size_t atoms_len;            /* (3 + K) A floats a structure */

    pg_net *gnet, *enet, *dnet, *pnet;
    pg_adam *g_opt, *e_opt, *d_opt, *p_opt;
    pg_graph *gp;                /* G on prior z */
    int gp_z, gp_c;              /* z and, conditional, the composition */
    pg_crystal_gen_nodes gpn;
    pg_graph *gr;                /* G on E's z (reconstruction) */
    int gr_z, gr_c;
    pg_crystal_gen_nodes grn;
    pg_crystal_judge e;          /* E on the reals */
    pg_crystal_enc_nodes en;
    pg_crystal_judge dr, df;     /* D on reals, on fakes */
    pg_crystal_judge pr, pf;     /* P on reals with a value, on fakes */

    pg_penalty_list *pens;
    float *table, *table_grad;   /* B penalty tables */
    float *gr_d, *gf_d;          /* B: D loss gradients */
    float *prop_y;               /* B: P's targets */
    int *fake_src;               /* B: the training structure whose
                                    composition each prior sample got */
    /* the reconstruction's slot matching: A x A costs; per slot the
     * logits' max and log-sum (2A), the target label and matched slot */
    double *match_cost, *match_lse, *match_work;
    int *match_iwork, *match_col, *match_lab;
    float ck_vocab[PG_CRYSTAL_CODEC_VOCAB], ck_scales[15]; /* codec, saved */
    double prop_rho;             /* held-out Spearman at the last metrics row */
    pg_crystal_vaegan_metrics last;
};

/* crystal_vaegan_data.c */
pg_status pg_crystal_set_load(const char *path, long atoms,
                              pg_crystal_codec *codec, pg_crystal_set *s);
void pg_crystal_set_release(pg_crystal_set *s);
/* Structure i of the set into a judge's batch slot k. */
void pg_crystal_set_put(const pg_crystal_set *s, size_t atoms_len, int i,
                        pg_crystal_judge *j, int k);
/* The composition of an encoded atoms table ((3 + K) x A) as each
 * species' share of the A slots (K; species 0 the empty slots): the
 * conditional generator's input. */
void pg_crystal_atoms_composition(const float *atoms, int K, int A,
                                  float *share);
/* P's Spearman correlation on the held-out structures (local). */
pg_status pg_crystal_vaegan_heldout_rho(pg_crystal_vaegan *t, double *rho);

/* crystal_vaegan_step.c (collective) */
pg_status pg_crystal_vaegan_step_run(pg_crystal_vaegan *t,
                                     pg_crystal_vaegan_metrics *m);
/* crystal_vaegan_ckpt.c (collective) */
pg_status pg_crystal_vaegan_ckpt_save(pg_crystal_vaegan *t);
pg_status pg_crystal_vaegan_ckpt_restore(pg_crystal_vaegan *t,
                                         const char *path);

#endif
