/* Optimisers over a network's flat parameter buffer (nn/net.h).
 *
 * One optimiser per network: a step is one tight loop over all n weights,
 * so it follows PyTorch's formulas element for element, computed in float
 * with the per-step scalars (bias corrections, step size) in double.
 * Steps never allocate. State (moments, step count) is exposed so that a
 * checkpoint can save it and a resumed run continue bit-identically.
 */
#ifndef PG_NN_OPTIM_H
#define PG_NN_OPTIM_H

#include <stddef.h>

#include "base/status.h"

/* Adam / AdamW, as torch.optim.Adam and torch.optim.AdamW. At step t
 * (counted from 1), with gradient g:
 *   w <- w (1 - lr wd)                        (only when wd > 0: AdamW)
 *   m <- beta1 m + (1 - beta1) g
 *   v <- beta2 v + (1 - beta2) g^2
 *   w <- w - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * Weight decay is always decoupled (AdamW); coupled L2 is not offered. */
typedef struct pg_adam pg_adam;

/* n > 0 weights; lr > 0; 0 <= beta1, beta2 < 1; eps > 0; wd >= 0.
 * Moments start at zero, step count at 0. */
pg_status pg_adam_create(size_t n, double lr, double beta1, double beta2,
                         double eps, double weight_decay, pg_adam **out);
void pg_adam_destroy(pg_adam **a);
/* One update of w (n floats) with gradient g (n floats). */
void pg_adam_step(pg_adam *a, float *w, const float *g);
/* Learning rate for the following steps (schedules, warm-up). */
void pg_adam_set_lr(pg_adam *a, double lr);

/* Checkpoint state: n, the first and second moments (n floats each,
 * writable for restore) and the number of steps taken. */
size_t pg_adam_size(const pg_adam *a);
float *pg_adam_m(pg_adam *a);
float *pg_adam_v(pg_adam *a);
long pg_adam_steps(const pg_adam *a);
void pg_adam_set_steps(pg_adam *a, long t);

/* SGD with momentum and coupled L2 weight decay, as torch.optim.SGD
 * (dampening 0, no Nesterov):
 *   d <- g + wd w
 *   b <- d on the first step, else momentum b + d    (when momentum > 0)
 *   w <- w - lr b                                     (w - lr d without momentum) */
typedef struct pg_sgd pg_sgd;

/* n > 0 weights; lr > 0; 0 <= momentum < 1; wd >= 0. */
pg_status pg_sgd_create(size_t n, double lr, double momentum,
                        double weight_decay, pg_sgd **out);
void pg_sgd_destroy(pg_sgd **s);
void pg_sgd_step(pg_sgd *s, float *w, const float *g);
void pg_sgd_set_lr(pg_sgd *s, double lr);

/* Checkpoint state: n, the momentum buffer (n floats; starts at zero, so
 * the first step gives b = d; unused without momentum) and the number of
 * steps taken. */
size_t pg_sgd_size(const pg_sgd *s);
float *pg_sgd_velocity(pg_sgd *s);
long pg_sgd_steps(const pg_sgd *s);
void pg_sgd_set_steps(pg_sgd *s, long t);

#endif
