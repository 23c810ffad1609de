/* One GAN training step with the non-saturating BCE loss, exactly as the
 * classic DCGAN recipe (and the PyTorch reference of `physgan bench
 * dcgan64`) does it:
 *
 *   z ~ N(0, 1);  fake = G(z)                       (G in training mode)
 *   D step: L_D = BCE(D(real), 1) + BCE(D(fake), 0), D's parameter
 *           gradients only (no gradient flows into G), optimiser on D;
 *   G step: L_G = BCE(D(fake), 1) with the UPDATED D, D frozen; the
 *           gradient w.r.t. D's input is G's output gradient; G backward,
 *           optimiser on G.
 *
 * BCE is the mean over the batch (PyTorch's BCEWithLogitsLoss). One
 * discriminator graph serves all three D passes: its gradients accumulate
 * over the real and the fake pass, which keeps one set of D activations in
 * memory instead of three. A hook between backward and the optimiser lets
 * data-parallel training average the gradients over ranks.
 *
 * All objects are borrowed; a step never allocates. */
#ifndef PG_TRAIN_GAN_STEP_H
#define PG_TRAIN_GAN_STEP_H

#include "base/rng.h"
#include "base/status.h"
#include "nn/graph.h"
#include "nn/optim.h"

/* Called with each net after its backward, before its optimiser step
 * (e.g. an MPI gradient average). Returns PG_OK or an error. */
typedef pg_status (*pg_gan_grad_hook)(void *ctx, pg_net *net);

/* Optional timing by op kind (--profile): seconds spent in forward and
 * backward kernels, accumulated over steps. */
typedef struct pg_gan_prof {
    double sec[PG_OP_COUNT];
} pg_gan_prof;

typedef struct pg_gan_step {
    pg_graph *g;      /* generator graph: input g_z (N, Z), output g_out */
    int g_z, g_out;
    pg_graph *d;      /* discriminator graph: input d_x, shaped like
                         g_out; output d_out, one logit per sample */
    int d_x, d_out;
    pg_adam *g_opt, *d_opt; /* over g->net and d->net */
    pg_rng *noise;    /* latent noise */
    pg_gan_grad_hook hook; /* may be NULL */
    void *hook_ctx;
    pg_gan_prof *prof;     /* NULL: no timing (the graphs run as usual) */
} pg_gan_step;

typedef struct pg_gan_step_losses {
    double d_real, d_fake; /* the two terms of L_D (before the D update) */
    double g;              /* L_G (after the D update) */
} pg_gan_step_losses;

/* Check that the graphs fit together (finalised, batch and sample shapes,
 * one logit per sample, optimisers sized for their nets). */
pg_status pg_gan_step_check(const pg_gan_step *s);

/* One step on a batch of real samples (the size of d_x). losses may be
 * NULL. */
pg_status pg_gan_step_run(pg_gan_step *s, const float *real,
                          pg_gan_step_losses *losses);

/* Floating-point operations of one step, counted analytically: 2 per
 * multiply-add of the dense, conv and transposed-conv layers in each
 * forward, and the same again for each of the input gradient and the
 * weight gradient that backward computes (which depends on the pass: the
 * D step computes no gradient for D's input image, the G step none for
 * D's weights, G's backward none for z). Elementwise ops (bias, batch
 * norm, activations, loss, Adam) are not counted. The graphs' gradient
 * switches are left as a step leaves them. */
double pg_gan_step_flops(pg_gan_step *s);
/* The same split by op kind: by_op[k] += FLOPs of op kind k. */
void pg_gan_step_flops_by_op(pg_gan_step *s, double by_op[PG_OP_COUNT]);

#endif
