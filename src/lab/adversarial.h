/* Adversarial examples under an l-infinity budget (docs/adversarial.md).
 *
 * FGSM (Goodfellow et al. 2015), one step:
 *   x' = clip(x + eps * sign(grad_x L(x, y)), 0, 1)
 * PGD (Madry et al. 2018), K steps of size alpha from a random start:
 *   x_0 = P(x + u),  u ~ U[-eps, eps]^d
 *   x_{k+1} = P(x_k + alpha * sign(grad_x L(x_k, y)))
 * where P projects onto the eps-ball around x intersected with the pixel
 * box [0, 1] (both are boxes, so P is a per-pixel clamp). Per example, PGD
 * returns the iterate with the highest loss it evaluated (x_0 .. x_K):
 * never weaker than returning the last one, at one extra evaluation.
 *
 * The attacks know no network: they ask an oracle for each example's loss
 * and its gradient with respect to the example (a classifier's graph with
 * its parameter gradients off provides one: pg_classifier_input_grad).
 * Adversarial training replaces a share of every training minibatch by
 * PGD examples against the current model (pg_adv_batch_make).
 */
#ifndef PG_PHYSICS_ADVERSARIAL_H
#define PG_PHYSICS_ADVERSARIAL_H

#include <stddef.h>
#include <stdint.h>

#include "base/rng.h"
#include "base/status.h"

/* Pixel range of images/1 data: the box adversarial examples stay in. */
#define PG_ADV_PIXEL_MIN 0.0f
#define PG_ADV_PIXEL_MAX 1.0f

/* Loss of each of n examples (loss may be NULL) and d loss_i / d x_i into
 * grad (n * dim floats). n is at most the oracle's max_n. */
typedef pg_status (*pg_adv_oracle_fn)(void *ctx, const float *x,
                                      const int32_t *labels, int n,
                                      double *loss, float *grad);

typedef struct pg_adv_oracle {
    pg_adv_oracle_fn eval;
    void *ctx;
    int dim;    /* floats per example */
    int max_n;  /* examples per call */
} pg_adv_oracle;

typedef struct pg_pgd_opts {
    double eps;       /* l-infinity radius */
    double alpha;     /* step size */
    int steps;        /* K >= 1 */
    int random_start; /* start uniformly in the eps-ball (else at x) */
} pg_pgd_opts;

/* Step size alpha = PG_PGD_ALPHA_RATIO * eps / steps, Madry et al.'s rule:
 * the walk can cross the ball and still take steps along its faces. */
#define PG_PGD_ALPHA_RATIO 2.5

/* Buffers for attacks of up to max_n examples of dim floats. */
typedef struct pg_adv_work pg_adv_work;
pg_status pg_adv_work_create(int max_n, int dim, pg_adv_work **out);
void pg_adv_work_destroy(pg_adv_work **w);

/* Clamp x_adv (len floats) onto {|x_adv - x|_inf <= eps} and [0, 1]. */
void pg_adv_project(const float *x, float *x_adv, size_t len, double eps);

/* FGSM examples of the n examples x into x_adv (n * dim floats; may not
 * alias x). eps >= 0. */
pg_status pg_adv_fgsm(const pg_adv_oracle *o, pg_adv_work *w, const float *x,
                      const int32_t *labels, int n, double eps, float *x_adv);

/* PGD examples into x_adv (may not alias x); rng draws the random start
 * (may be NULL without random_start). When best_loss is not NULL it
 * receives each example's loss at the returned point. */
pg_status pg_adv_pgd(const pg_adv_oracle *o, pg_adv_work *w, const float *x,
                     const int32_t *labels, int n, const pg_pgd_opts *p,
                     pg_rng *rng, float *x_adv, double *best_loss);

/* An adversarial-training minibatch: out = x, with the first
 * round(share * n) examples replaced by their PGD examples against the
 * oracle's current model (share 1: Madry et al.'s replacement; 0.5: half
 * clean, half adversarial; 0: standard training). Callers shuffle, so
 * "the first" is a random subset. */
pg_status pg_adv_batch_make(const pg_adv_oracle *o, pg_adv_work *w,
                            const float *x, const int32_t *labels, int n,
                            double share, const pg_pgd_opts *p, pg_rng *rng,
                            float *out);

#endif
