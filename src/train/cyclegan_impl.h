/* Internals shared by the cyclegan*.c files (not a public header). */
#ifndef PG_TRAIN_CYCLEGAN_IMPL_H
#define PG_TRAIN_CYCLEGAN_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "base/rng.h"
#include "io/shard.h"
#include "nn/graph.h"
#include "nn/optim.h"
#include "physics/penalty_list.h"
#include "train/cyclegan.h"
#include "train/cyclegan_model.h"
#include "nn/gan_loss.h"
#include "train/run.h"
#include "train/train_opts.h"

typedef struct pg_cyclegan_opts {
    const char *path_a, *path_b;  /* [data] path_synthetic, [data] path */
    pg_gan_loss loss;
    double label_smoothing, cycle_w, identity_w;
    long d_steps;
    PG_TRAIN_OPTS_MEMBERS; /* [optim] and [train] (train_opts.h) */
} pg_cyclegan_opts;

/* One step's numbers (this rank's, before averaging). */
typedef struct pg_cyclegan_metrics {
    double loss_d_a, loss_d_b, adv_ab, adv_ba, cycle_a, cycle_b, identity;
    double slope;      /* terrain.slope (0 when off) */
    double pen_total;  /* sum of weight x value of the terrain penalties */
    double d_real_b, d_fake_b, grad_norm_g, grad_norm_d;
} pg_cyclegan_metrics;

/* One domain's data: this rank's shard in full batches, each patch
 * normalised by its own midpoint and half range. */
typedef struct pg_cyclegan_domain {
    const char *path;
    uint64_t seed;               /* shuffling stream of this domain */
    pg_shard_reader *reader;
    int64_t epoch, index, batches_per_epoch;
    int h, w;
    double dx_m, dy_m;
    float *x;                    /* batch, normalised */
    double *mid, *half;          /* per patch, metres */
} pg_cyclegan_domain;

/* A network applied to one input node. */
typedef struct pg_cyclegan_graph {
    pg_graph *g;
    int in, out;
} pg_cyclegan_graph;

struct pg_cyclegan {
    /* comm, rank, step, clocks, train.log (run.h); checkpoint/1 holds
     * every rank's RNG state: no cyclegan layer draws from the run's
     * noise stream yet, but a resumed run must continue any stream. */
    PG_RUN_MEMBERS;
    pg_cyclegan_opts o;

    pg_cyclegan_arch arch;
    pg_cyclegan_domain a, b;
    pg_net *g_ab, *g_ba, *d_a, *d_b;
    pg_adam *o_g_ab, *o_g_ba, *o_d_a, *o_d_b;
    pg_cyclegan_graph ab_a;      /* G_AB(a): fake B */
    pg_cyclegan_graph ba_fb;     /* G_BA(G_AB(a)): A reconstructed */
    pg_cyclegan_graph ba_b;      /* G_BA(b): fake A */
    pg_cyclegan_graph ab_fa;     /* G_AB(G_BA(b)): B reconstructed */
    pg_cyclegan_graph ab_b, ba_a; /* identity terms (identity_w > 0) */
    pg_cyclegan_graph da_r, da_f, db_r, db_f; /* D on real and on fake */
    size_t map_len;              /* D logits per batch */

    float *gr, *gf;              /* loss gradients w.r.t. D's maps */
    pg_penalty_list *pens;       /* [physics] terrain penalties on G_AB */

    pg_cyclegan_metrics last;
};

/* cyclegan_data.c: open both files (collective; checks that the patch
 * sizes agree), position the readers (local), the next batch of each. */
pg_status pg_cyclegan_data_open(pg_cyclegan *c);
pg_status pg_cyclegan_data_seek(pg_cyclegan *c);
pg_status pg_cyclegan_data_next(pg_cyclegan *c, pg_cyclegan_domain *d);
/* cyclegan_step.c (collective) */
pg_status pg_cyclegan_step_run(pg_cyclegan *c, pg_cyclegan_metrics *m);
/* Local: the generators' objective on the current batches a.x, b.x into
 * *total (cyclegan.h's L_G, the terms into m) and its gradient w.r.t.
 * G_AB's and G_BA's parameters into their g buffers (zeroed first; not
 * averaged over ranks). tests/gradcheck_cyclegan.c checks it. */
pg_status pg_cyclegan_g_grads(pg_cyclegan *c, pg_cyclegan_metrics *m,
                              int poison, double *total);
/* cyclegan_ckpt.c (collective) */
pg_status pg_cyclegan_ckpt_save(pg_cyclegan *c);
pg_status pg_cyclegan_ckpt_restore(pg_cyclegan *c, const char *path);

#endif
