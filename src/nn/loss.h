/* Losses on plain float arrays.
 *
 * The trainer applies these to graph outputs and feeds the gradient back
 * with pg_graph_gradv. Every function follows one convention:
 *   - it returns the loss value, accumulated in double and reduced by the
 *     mean over the n elements (or over the batch rows where stated);
 *   - when `grad` is not NULL it ADDS weight * d loss / d input into grad,
 *     so several losses and penalties can feed one gradient buffer (clear
 *     the buffer once per step, not per loss). The returned value is NOT
 *     multiplied by weight.
 * Empty input (n == 0, batch <= 0) has no mean: the result is NAN and grad
 * is left untouched. None of these allocate; none are parallel (the arrays
 * are discriminator outputs and samples, small next to the networks), so
 * the value does not depend on the thread count.
 */
#ifndef PG_NN_LOSS_H
#define PG_NN_LOSS_H

#include <stddef.h>

/* Binary cross-entropy of sigmoid(x) against targets t in [0, 1]:
 *   L = mean_i [ max(x_i, 0) - x_i t_i + log1p(exp(-|x_i|)) ]
 *   dL/dx_i = (sigmoid(x_i) - t_i) / n
 * Stable for any finite logit (no exp of a positive number). */
double pg_loss_bce_logits(const float *logits, const float *targets, size_t n,
                          float weight, float *grad);

/* The same with one target for every element (1 real, 0 fake, 0.9 for
 * one-sided label smoothing). */
double pg_loss_bce_logits_const(const float *logits, float target, size_t n,
                                float weight, float *grad);

/* Hinge (GAN hinge discriminator loss), sign +1 for real, -1 for fake:
 *   L = mean_i max(0, 1 - sign x_i)
 *   dL/dx_i = -sign / n where 1 - sign x_i > 0, else 0
 * (subgradient 0 at the kink). The generator's hinge loss is
 * pg_loss_mean with weight -1. */
double pg_loss_hinge(const float *x, float sign, size_t n, float weight,
                     float *grad);

/* Mean squared error:  L = mean_i (p_i - t_i)^2,  dL/dp_i = 2 (p_i - t_i) / n */
double pg_loss_mse(const float *pred, const float *target, size_t n,
                   float weight, float *grad);

/* Mean absolute error:  L = mean_i |p_i - t_i|,
 * dL/dp_i = sign(p_i - t_i) / n, with subgradient 0 where p_i == t_i. */
double pg_loss_l1(const float *pred, const float *target, size_t n,
                  float weight, float *grad);

/* Mean absolute error of the forward differences of images (n, h, w),
 * row-major: with D the x and y differences inside each image,
 *   L = mean over the n (h (w - 1) + (h - 1) w) differences |D p - D t|,
 * and dL/dp the transpose of D applied to sign(D p - D t) / count. It
 * matches slopes where the L1 loss matches values. */
double pg_loss_grad_l1(const float *pred, const float *target, int n, int h,
                       int w, float weight, float *grad);

/* Squared difference of each sample's mean from its target's mean, for n
 * samples of len values each (sample k at pred + k len):
 *   L = mean_k (mean(p_k) - mean(t_k))^2,
 *   dL/dp_ki = 2 (mean(p_k) - mean(t_k)) / (n len).
 * A global constraint where L1 is a local one: on a foam film field the
 * mean is the film content, i.e. the total film length, so it fixes how
 * many bubbles a step leaves (docs/foam.md, "The growth law as a loss"). */
double pg_loss_mean_match(const float *pred, const float *target, int n,
                          size_t len, float weight, float *grad);

/* Softmax cross-entropy over rows of logits (batch, classes), row-major:
 *   L = mean_b [ logsumexp_c x_bc - x_b,label_b ]
 *   dL/dx_bc = (softmax(x_b)_c - [c == label_b]) / batch
 * A label outside [0, classes) is a caller bug: the result is NAN and grad
 * is left untouched. */
double pg_loss_cross_entropy(const float *logits, const int *labels,
                             int batch, int classes, float weight,
                             float *grad);

/* KL(N(mu, exp(logvar)) || N(0, 1)), summed over dim, mean over batch:
 *   L = -0.5 / batch * sum_bd (1 + lv_bd - mu_bd^2 - exp(lv_bd))
 *   dL/dmu_bd = mu_bd / batch
 *   dL/dlv_bd = 0.5 (exp(lv_bd) - 1) / batch
 * grad_mu and grad_logvar may each be NULL. */
double pg_loss_gaussian_kl(const float *mu, const float *logvar, int batch,
                           int dim, float weight, float *grad_mu,
                           float *grad_logvar);

/* Mean of x (Wasserstein critic and generator losses, hinge generator):
 *   L = mean_i x_i,  dL/dx_i = 1 / n */
double pg_loss_mean(const float *x, size_t n, float weight, float *grad);

#endif
