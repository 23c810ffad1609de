/* Internals shared by the pix2pix*.c files (not a public header). */
#ifndef PG_TRAIN_PIX2PIX_IMPL_H
#define PG_TRAIN_PIX2PIX_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "base/rng.h"
#include "physics/foam/io/foam_frames.h"
#include "io/checkpoint.h"
#include "io/shard.h"
#include "nn/graph.h"
#include "nn/optim.h"
#include "physics/penalty_list.h"
#include "nn/gan_loss.h"
#include "train/pix2pix.h"
#include "train/pix2pix_model.h"
#include "train/run.h"
#include "train/train_opts.h"

/* Penalties one kind can add to L_G (terrain: 1, foam: 3; the list's
 * slots). */
enum { PG_PIX2PIX_MAX_PENALTIES = 4 };

typedef struct pg_pix2pix_opts {
    const char *data_path, *dataset;
    pg_gan_loss loss;
    double label_smoothing, l1_w, grad_l1_w, mean_w, fm_w;
    long d_steps;
    PG_TRAIN_OPTS_MEMBERS; /* [optim] and [train] (train_opts.h) */
    /* unet_foam */
    long frame_step, pf_horizon;
    double pf_w;
    double film_sigma; /* [data] film_sigma, sites */
    long coarsen;      /* [data] coarsen: block-mode stride of the frames */
} pg_pix2pix_opts;

/* One step's numbers (this rank's, before averaging). pen[s] is the
 * penalty list's slot s (value, unweighted; 0 when off). */
typedef struct pg_pix2pix_metrics {
    double loss_d, loss_g, l1, grad_l1, mean_match, fm, pen[PG_PIX2PIX_MAX_PENALTIES], d_real,
        d_fake, loss_pf_d, pf;
    double grad_norm_g, grad_norm_d;
} pg_pix2pix_metrics;

/* What differs between the paired models: the data turned into (condition,
 * target) pairs, the keys they read, and the physics penalties on G's
 * output. G and D come from pix2pix_model.h (by [model] arch). */
typedef struct pg_pix2pix_kind {
    const char *arch;                 /* [model] arch */
    const char *what;                 /* for the log */
    int professor_forcing;            /* has the pf columns and keys */
    /* Kind-specific keys into p->o; PG_ERR_CONFIG naming the key. */
    pg_status (*read_opts)(const pg_config *c, pg_pix2pix_opts *o);
    /* Open the data (collective): sets h, w, ch, cw, batches_per_epoch. */
    pg_status (*data_open)(pg_pix2pix *p);
    /* Allocate the kind's buffers and penalties (after the model):
     * pg_pix2pix_penalties_create with the kind's domain and geometry. */
    pg_status (*setup)(pg_pix2pix *p);
    pg_status (*data_seek)(pg_pix2pix *p);
    /* The next batch: p->cond (N,1,ch,cw) and p->target (N,1,h,w). */
    pg_status (*data_next)(pg_pix2pix *p);
    /* Penalties on G's output y (network units) of the current batch:
     * pg_pix2pix_penalties_eval with the kind's units. */
    pg_status (*penalties)(pg_pix2pix *p, const float *y,
                           pg_pix2pix_metrics *m, float *gy);
    /* Extra checkpoint arrays the kind's users need (may be NULL). */
    pg_status (*ckpt_add)(pg_pix2pix *p, pg_checkpoint *c);
    void (*destroy)(pg_pix2pix *p);
} pg_pix2pix_kind;

/* The kind of [model] arch, or NULL. */
const pg_pix2pix_kind *pg_pix2pix_kind_find(const char *arch);
extern const pg_pix2pix_kind pg_pix2pix_kind_sr, pg_pix2pix_kind_foam;

typedef struct pg_pix2pix_sr pg_pix2pix_sr;       /* pix2pix_sr.c */
typedef struct pg_pix2pix_foam pg_pix2pix_foam;   /* pix2pix_foam.c */
typedef struct pg_pix2pix_pf pg_pix2pix_pf;       /* pix2pix_pf.c */

struct pg_pix2pix {
    /* comm, rank, step, clocks, train.log (run.h); its noise stream is
     * for stochastic layers: no paired model's layer draws from it yet,
     * but checkpoint/1 holds every rank's RNG state and a resumed run
     * must continue any stream bit-identically. */
    PG_RUN_MEMBERS;
    const pg_pix2pix_kind *kind;
    pg_pix2pix_opts o;

    pg_pix2pix_arch arch;
    int h, w, ch, cw;            /* target and condition sides */
    pg_net *gnet, *dnet;
    pg_graph *g, *dr, *df;       /* G; D on (c, t); D on (c, G(c)) */
    int g_c, g_out;
    int dr_c, dr_x, dr_out, dr_feat, df_c, df_x, df_out, df_feat;
    size_t map_len, feat_len;    /* D logits / features per batch */
    pg_adam *g_opt, *d_opt;

    int64_t epoch, index, batches_per_epoch;

    /* Step buffers, sized at create. */
    float *target, *cond;        /* batch targets and conditions */
    float *gr, *gf;              /* loss gradients w.r.t. D's maps */
    pg_penalty_list *pens;       /* [physics], by the kind's setup */

    pg_pix2pix_sr *sr;           /* unet_sr's data */
    pg_pix2pix_foam *foam;       /* unet_foam's data */
    pg_pix2pix_pf *pf;           /* NULL unless [loss] pf_weight > 0 */

    pg_pix2pix_metrics last;     /* the last step's numbers */
};

/* pix2pix_step.c (collective) */
pg_status pg_pix2pix_step_run(pg_pix2pix *p, pg_pix2pix_metrics *m);

/* pix2pix.c: p->pens, the [physics] penalties of domain on samples of
 * geom (pg_penalty_list_create; who: the kind's arch). */
pg_status pg_pix2pix_penalties_create(pg_pix2pix *p, const char *domain,
                                      unsigned flags,
                                      const pg_penalty_geom *geom);
/* Evaluate p->pens on G's output y and the conditions cond (or NULL),
 * mapped to physical units by u: values into m->pen by slot, ADDS
 * d(sum_i w_i P_i)/dy into gy. */
pg_status pg_pix2pix_penalties_eval(pg_pix2pix *p, const float *y,
                                    const float *cond,
                                    const pg_penalty_units *u,
                                    pg_pix2pix_metrics *m, float *gy);
/* pix2pix_ckpt.c (collective) */
pg_status pg_pix2pix_ckpt_save(pg_pix2pix *p);
pg_status pg_pix2pix_ckpt_restore(pg_pix2pix *p, const char *path);

/* pix2pix_pf.c: Professor Forcing (unet_foam with pf_weight > 0). */
pg_status pg_pix2pix_pf_create(pg_pix2pix *p);
/* The PF discriminator's net (NULL without PF). */
pg_net *pg_pix2pix_pf_net(const pg_pix2pix *p);
void pg_pix2pix_pf_destroy(pg_pix2pix *p);
/* Frames t + j k of the batch, j = 0 .. horizon, network units
 * ((horizon + 1) * N * H * W, frame-major); filled by the foam data. */
float *pg_pix2pix_pf_frames(pg_pix2pix *p);
/* One update of the trajectory discriminator on teacher-forced (real)
 * against free-running (fake) trajectories of the current batch. */
pg_status pg_pix2pix_pf_d_update(pg_pix2pix *p, pg_pix2pix_metrics *m);
/* G's PF term: unrolls G freely from the batch's first frames, scores the
 * trajectory with the PF discriminator (target: teacher-forced) and
 * backpropagates through the unroll; ADDS the gradient w.r.t. the first
 * output G(x_t) into gy and G's parameter gradients of steps 2.. into
 * gnet->g (call after pg_net_zero_grad, before G's own backward). */
pg_status pg_pix2pix_pf_g_term(pg_pix2pix *p, pg_pix2pix_metrics *m,
                               float *gy);
/* The PF discriminator and its Adam state: Dpf/params, opt/Dpf/m|v|step. */
pg_status pg_pix2pix_pf_ckpt_add(pg_pix2pix *p, pg_checkpoint *c);
pg_status pg_pix2pix_pf_ckpt_get(pg_pix2pix *p, const pg_checkpoint *c,
                                 const char *path);

#endif
