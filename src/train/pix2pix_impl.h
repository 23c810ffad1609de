/* Internals shared by the pix2pix*.c files (not a public header). */
#ifndef PG_TRAIN_PIX2PIX_IMPL_H
#define PG_TRAIN_PIX2PIX_IMPL_H

#include <stdint.h>
#include <stdio.h>

#include "base/rng.h"
#include "io/shard.h"
#include "nn/graph.h"
#include "nn/optim.h"
#include "physics/penalty.h"
#include "train/gan_loss.h"
#include "train/pix2pix.h"
#include "train/pix2pix_model.h"

typedef struct pg_pix2pix_opts {
    const char *data_path;
    pg_gan_loss loss;
    double label_smoothing, l1_w, fm_w, slope_w, max_slope_deg;
    long d_steps;
    double g_lr, d_lr, beta1, beta2, eps;
    long steps, batch, seed, log_every, ckpt_every, keep;
    double ckpt_minutes;
} pg_pix2pix_opts;

/* One step's numbers (this rank's, before averaging). */
typedef struct pg_pix2pix_metrics {
    double loss_d, loss_g, l1, fm, slope, d_real, d_fake;
    double grad_norm_g, grad_norm_d;
} pg_pix2pix_metrics;

struct pg_pix2pix {
    MPI_Comm comm;
    int rank, size;
    const pg_config *cfg;
    char *config_text;
    pg_pix2pix_opts o;
    pg_trainer_hooks hooks;
    char *run_dir, *ckpt_dir;

    pg_pix2pix_arch arch;
    int h, w, ch, cw;            /* fine and coarse patch sides */
    double dx_m, dy_m;           /* cell sizes of the fine grid */
    pg_net *gnet, *dnet;
    pg_graph *g, *dr, *df;       /* G; D on (c, t); D on (c, G(c)) */
    int g_c, g_out;
    int dr_c, dr_x, dr_out, dr_feat, df_c, df_x, df_out, df_feat;
    size_t map_len, feat_len;    /* D logits / features per batch */
    pg_adam *g_opt, *d_opt;
    /* This rank's stream for stochastic layers; no unet_sr layer draws
     * from it yet, but checkpoint/1 holds every rank's RNG state and a
     * resumed run must continue any stream bit-identically. */
    pg_rng *noise;

    pg_shard_reader *reader;
    int64_t epoch, index, batches_per_epoch;

    /* Step buffers, sized at create. */
    float *fine, *coarse;        /* batch targets and conditions */
    double *mid, *half;          /* per-pair normalisation (metres) */
    float *gr, *gf;              /* loss gradients w.r.t. D's maps */
    pg_tensor pen_z, pen_grad;   /* G(c) in metres and its penalty grad */
    pg_penalty *slope;           /* NULL when the weight is 0 */

    int64_t step;
    double wall_before_s, t_start, t_last_ckpt;
    FILE *metrics, *log;
};

/* pix2pix_step.c (collective) */
pg_status pg_pix2pix_step_run(pg_pix2pix *p, pg_pix2pix_metrics *m);
/* pix2pix_data.c (collective open; next is local) */
pg_status pg_pix2pix_data_open(pg_pix2pix *p);
pg_status pg_pix2pix_data_seek(pg_pix2pix *p);
/* The next batch of normalised pairs into p->coarse / p->fine. */
pg_status pg_pix2pix_data_next(pg_pix2pix *p);
/* pix2pix_ckpt.c (collective) */
pg_status pg_pix2pix_ckpt_save(pg_pix2pix *p);
pg_status pg_pix2pix_ckpt_restore(pg_pix2pix *p, const char *path);

#endif
