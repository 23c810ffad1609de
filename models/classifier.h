/* A small convolutional image classifier, sized for 8x8 digits:
 *
 *   conv 3x3, W channels, pad 1 -> ReLU
 *   conv 3x3, 2W channels, stride 2, pad 1 -> ReLU
 *   dense -> classes (logits)
 *
 * The object holds the net and one graph of a fixed batch size whose input
 * node delivers its gradient, so the same graph both trains the weights
 * and, with parameter gradients off, gives an attacker d loss / d input.
 * Calls take n <= batch examples; the unused rows of the graph are zero
 * and take no part in the loss (there is no batch norm, so rows do not
 * interact).
 */
#ifndef PG_MODELS_CLASSIFIER_H
#define PG_MODELS_CLASSIFIER_H

#include <stdint.h>

#include "base/rng.h"
#include "nn/graph.h"

/* The layer list: input node x (N, C, H, W) -> logits (N, classes).
 * Returns the output node id (or -1, see graph.h). */
int pg_classifier_build(pg_graph *g, int x, int classes, int width);

/* A deeper builder for larger images (the two-sample test on terrain
 * patches, train/c2st.h): conv 3x3 W -> leaky ReLU, then conv 3x3 stride 2
 * (channels doubled up to 8W) -> leaky ReLU while the smaller side is
 * over 8, then the average over positions (pooled by that side) and
 * dense -> classes. */
int pg_classifier_build_pyramid(pg_graph *g, int x, int classes, int width);

/* Either builder. */
typedef int (*pg_classifier_builder)(pg_graph *g, int x, int classes,
                                     int width);

typedef struct pg_classifier {
    pg_net *net;
    pg_graph *g;
    int in, out;           /* node ids */
    int batch, classes;
    int c, h, w;
    int dim;               /* c * h * w */
    int32_t *labels;       /* batch labels, scratch */
} pg_classifier;

/* batch >= 1; width = channels of the first convolution. Weights are
 * initialised from rng (He for the ReLU layers). */
pg_status pg_classifier_create(int batch, int c, int h, int w, int classes,
                               int width, pg_rng *rng, pg_classifier **out);
/* The same with another layer list (pg_classifier_create uses
 * pg_classifier_build). */
pg_status pg_classifier_create_with(int batch, int c, int h, int w,
                                    int classes, int width,
                                    pg_classifier_builder build, pg_rng *rng,
                                    pg_classifier **out);
void pg_classifier_destroy(pg_classifier **cl);

/* Cross-entropy of each example and its gradient with respect to the
 * example, with parameter gradients off (the weights are the attacker's
 * fixed target). x: n * dim floats; loss (n, may be NULL); grad (n * dim)
 * receives d loss_i / d x_i. The signature is pg_adv_oracle's. */
pg_status pg_classifier_input_grad(void *cl, const float *x,
                                   const int32_t *labels, int n,
                                   double *loss, float *grad);

/* Mean cross-entropy over n examples; its gradient with respect to the
 * weights is ADDED to net->g (zero it before the first batch of a step). */
pg_status pg_classifier_loss_backward(pg_classifier *cl, const float *x,
                                      const int32_t *labels, int n,
                                      double *loss);

/* Number of the n examples whose arg-max logit is their label. */
pg_status pg_classifier_count_correct(pg_classifier *cl, const float *x,
                                      const int32_t *labels, int n,
                                      int *correct);

#endif
