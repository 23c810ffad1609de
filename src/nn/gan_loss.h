/* The GAN loss zoo, shared by every model.
 *
 * The functions work on the discriminator's raw outputs (logits for the
 * BCE-based losses, critic values otherwise) for a real batch and a fake
 * batch of the same size n. They follow nn/loss.h: the returned value is
 * the loss (accumulated in double, NOT multiplied by weight) and
 * weight * d loss / d input is ADDED into every gradient buffer that is not
 * NULL, so a caller may leave out gradients it does not need (the real
 * batch's gradient in the generator step, where D is frozen). n == 0 gives
 * NAN and leaves the buffers alone. Nothing allocates. docs/losses.md gives
 * each formula, its gradient's behaviour and when to use it.
 */
#ifndef PG_TRAIN_GAN_LOSS_H
#define PG_TRAIN_GAN_LOSS_H

#include <stddef.h>

#include "base/status.h"

typedef enum pg_gan_loss {
    PG_GAN_MINIMAX, /* D: BCE(r,1)+BCE(f,0); G: mean log(1-sigmoid(f)) */
    PG_GAN_NONSAT,  /* D as minimax; G: BCE(f,1) */
    PG_GAN_HINGE,   /* D: mean relu(1-r) + mean relu(1+f); G: -mean f */
    PG_GAN_LSGAN,   /* D: 1/2 mean (r-1)^2 + 1/2 mean f^2; G: 1/2 mean (f-1)^2 */
    PG_GAN_WGAN,    /* D: mean f - mean r; G: -mean f (spectral-norm critic) */
    PG_GAN_RAGAN,   /* relativistic average with BCE */
    PG_GAN_LOSS_COUNT
} pg_gan_loss;

/* "minimax", "nonsat", ...; NULL for a value out of range. */
const char *pg_gan_loss_name(pg_gan_loss l);
/* All names joined by '|', for usage messages. */
const char *pg_gan_loss_choices(void);
/* Parse a name; an unknown one is PG_ERR_ARG with a message listing the
 * choices. */
pg_status pg_gan_loss_parse(const char *s, pg_gan_loss *out);
/* Whether D's output is a logit (minimax, nonsat, ragan): reports then
 * show sigmoid(D), and one-sided label smoothing applies. */
int pg_gan_loss_is_bce(pg_gan_loss l);
/* The mean of D's n outputs d as metrics show it (d_real, d_fake): of
 * sigmoid(d) for the BCE-based losses, of d itself otherwise. */
double pg_gan_loss_d_mean(pg_gan_loss l, const float *d, size_t n);

/* Discriminator loss. real_label is the BCE target of real samples (1, or
 * e.g. 0.9 for one-sided label smoothing); it is used by the BCE-based
 * losses only and ignored by hinge, lsgan and wgan. */
double pg_gan_loss_d(pg_gan_loss l, const float *d_real, const float *d_fake,
                     size_t n, float real_label, float weight,
                     float *grad_real, float *grad_fake);

/* Generator loss. d_real is read by RaGAN only (others accept NULL);
 * grad_real receives RaGAN's gradient w.r.t. d_real (zero for the others,
 * which leave it untouched). */
double pg_gan_loss_g(pg_gan_loss l, const float *d_real, const float *d_fake,
                     size_t n, float weight, float *grad_real,
                     float *grad_fake);

/* Feature matching (Salimans et al. 2016): with f_real (batch_real, dim)
 * and f_fake (batch_fake, dim) row-major features of an intermediate D
 * node,
 *   L = sum_k (mean_b f_real[b,k] - mean_b f_fake[b,k])^2
 *   dL/df_fake[b,k] = -2 (mean_real_k - mean_fake_k) / batch_fake
 * grad_fake may be NULL. */
double pg_gan_feature_matching(const float *f_real, int batch_real,
                               const float *f_fake, int batch_fake, int dim,
                               float weight, float *grad_fake);

#endif
