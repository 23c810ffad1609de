/* Standard and adversarial training of the image classifier, and its
 * clean and robust accuracy (physgan advtrain, docs/adversarial.md).
 *
 * Adversarial training solves min_theta E[ max_{|d|_inf <= eps} L(x + d,
 * y; theta) ]: every minibatch, the inner maximum is approximated by PGD
 * against the current weights (parameter gradients off), then Adam takes
 * a step on the loss at those points.
 */
#ifndef PG_TRAIN_ADV_TRAINER_H
#define PG_TRAIN_ADV_TRAINER_H

#include <stdint.h>

#include "io/images_h5.h"
#include "lab/adversarial.h"
#include "models/classifier.h"

/* Labelled images in images/1 layout (borrowed arrays). */
typedef struct pg_image_batch {
    const float *x;        /* n * c * h * w, in [0, 1] */
    const int32_t *labels; /* n, in [0, classes) */
    int n, c, h, w, classes;
} pg_image_batch;

typedef struct pg_adv_train_opts {
    int epochs, batch, width;
    double lr;              /* Adam */
    uint64_t seed;          /* weights, shuffling, attack starts */
    double adv_share;       /* share of each minibatch replaced by PGD
                               examples: 0 = standard training */
    pg_pgd_opts pgd;        /* the training attack */
} pg_adv_train_opts;

/* Called after every optimiser step (may be NULL). */
typedef void (*pg_adv_train_progress)(void *ctx, long step, long total,
                                      double loss);

/* Optimiser steps the run will take: epochs * ceil(n / batch). */
long pg_adv_train_steps(const pg_adv_train_opts *o, int n);

/* Train a new classifier on data; *out is the trained model. The mean
 * training loss of the last epoch goes to *last_loss (may be NULL). */
pg_status pg_adv_train(const pg_image_batch *data, const pg_adv_train_opts *o,
                       pg_adv_train_progress progress, void *progress_ctx,
                       pg_classifier **out, double *last_loss);

typedef enum pg_adv_attack {
    PG_ADV_NONE, /* clean accuracy */
    PG_ADV_FGSM,
    PG_ADV_PGD,
} pg_adv_attack;

/* Share of data classified correctly after the attack (each example
 * attacked once; p->eps is the radius, used by FGSM too). PGD's random
 * starts come from a fresh stream of `seed`, so two models are attacked
 * from the same starts. */
pg_status pg_adv_accuracy(pg_classifier *cl, const pg_image_batch *data,
                          pg_adv_attack attack, const pg_pgd_opts *p,
                          uint64_t seed, double *accuracy);

/* Split im into a test set (its first n_test images after a permutation
 * drawn from the PG_RNG_DATA stream of seed) and a training set (the
 * rest), copied into x_te/y_te and x_tr/y_tr. */
pg_status pg_adv_split(const pg_images *im, uint64_t seed, int n_test,
                       float *x_tr, int32_t *y_tr, float *x_te,
                       int32_t *y_te);

/* Clean accuracy, and accuracy under FGSM and under PGD (`steps` steps of
 * PG_PGD_ALPHA_RATIO eps / steps) at each radius eps[0..n) into fgsm[i]
 * and pgd[i] (radius 0: the clean accuracy), attack starts from `seed`. */
pg_status pg_adv_robustness(pg_classifier *cl, const pg_image_batch *data,
                            const double *eps, int n, int steps,
                            uint64_t seed, double *clean, double *fgsm,
                            double *pgd);

#endif
