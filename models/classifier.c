#include "models/classifier.h"

#include <stdlib.h>
#include <string.h>

#include "nn/loss.h"
#include "nn/ops.h"

int pg_classifier_build(pg_graph *g, int x, int classes, int width)
{
    int h = pg_op_relu(g, pg_op_conv2d(g, x, width, 3, 1, 1, 0));
    h = pg_op_relu(g, pg_op_conv2d(g, h, 2 * width, 3, 2, 1, 0));
    return pg_op_dense(g, h, classes, 0);
}

/* Leaky ReLU slope of the pyramid: no dead units on small data. */
static const float PYRAMID_SLOPE = 0.2f;
/* The pyramid stops halving at this side. */
enum { PYRAMID_MIN_SIDE = 8 };

int pg_classifier_build_pyramid(pg_graph *g, int x, int classes, int width)
{
    if (!pg_graph_valid(g, x, "classifier pyramid")) return -1;
    const pg_tensor *in = pg_graph_out(g, x);
    int side = in->ndim == 4 ? (in->shape[2] < in->shape[3] ? in->shape[2]
                                                            : in->shape[3])
                             : 0;
    int ch = width;
    int h = pg_op_leaky_relu(g, pg_op_conv2d(g, x, ch, 3, 1, 1, 0),
                             PYRAMID_SLOPE);
    while (side > PYRAMID_MIN_SIDE) {
        if (ch < 8 * width) ch *= 2;
        h = pg_op_leaky_relu(g, pg_op_conv2d(g, h, ch, 3, 2, 1, 0),
                             PYRAMID_SLOPE);
        side = (side + 1) / 2;
    }
    /* Average over positions: texture statistics, not where they sit. */
    h = pg_op_avgpool(g, h, side, side);
    return pg_op_dense(g, h, classes, 0);
}

pg_status pg_classifier_create(int batch, int c, int h, int w, int classes,
                               int width, pg_rng *rng, pg_classifier **out)
{
    return pg_classifier_create_with(batch, c, h, w, classes, width,
                                     pg_classifier_build, rng, out);
}

pg_status pg_classifier_create_with(int batch, int c, int h, int w,
                                    int classes, int width,
                                    pg_classifier_builder build, pg_rng *rng,
                                    pg_classifier **out)
{
    *out = NULL;
    if (batch < 1 || c < 1 || h < 1 || w < 1 || classes < 2 || width < 1)
        return PG_FAIL(PG_ERR_ARG, "classifier: batch %d, input (%d, %d, %d), "
                       "%d classes, width %d: all must be positive and "
                       "classes >= 2", batch, c, h, w, classes, width);
    pg_classifier *cl = calloc(1, sizeof *cl);
    if (!cl) return PG_FAIL(PG_ERR_NOMEM, "classifier");
    cl->batch = batch;
    cl->classes = classes;
    cl->c = c;
    cl->h = h;
    cl->w = w;
    cl->dim = c * h * w;
    pg_status s;
    cl->labels = calloc((size_t)batch, sizeof *cl->labels);
    if (!cl->labels) {
        s = PG_FAIL(PG_ERR_NOMEM, "classifier labels");
        goto fail;
    }
    PG_CHECK_GOTO(s, pg_net_create("classifier", &cl->net), fail);
    PG_CHECK_GOTO(s, pg_graph_create(cl->net, &cl->g), fail);
    cl->in = pg_op_input(cl->g, 4, (int[]){batch, c, h, w});
    cl->out = build(cl->g, cl->in, classes, width);
    PG_CHECK_GOTO(s, pg_graph_finalize(cl->g), fail);
    /* No batch statistics or dropout: training and eval are the same. */
    pg_graph_set_training(cl->g, 0, 0);
    PG_CHECK_GOTO(s, pg_net_init(cl->net, rng), fail);
    *out = cl;
    return PG_OK;
fail:
    pg_classifier_destroy(&cl);
    return s;
}

void pg_classifier_destroy(pg_classifier **cl)
{
    if (!cl || !*cl) return;
    pg_graph_destroy(&(*cl)->g);
    pg_net_destroy(&(*cl)->net);
    free((*cl)->labels);
    free(*cl);
    *cl = NULL;
}

/* Copy n examples into the input (rest zero) and run forward. */
static pg_status forward(pg_classifier *cl, const float *x,
                         const int32_t *labels, int n)
{
    if (n < 1 || n > cl->batch)
        return PG_FAIL(PG_ERR_ARG, "classifier: %d examples for a graph of "
                       "batch %d", n, cl->batch);
    if (labels)
        for (int i = 0; i < n; i++)
            if (labels[i] < 0 || labels[i] >= cl->classes)
                return PG_FAIL(PG_ERR_ARG, "classifier: label %d of example "
                               "%d outside [0, %d)", (int)labels[i], i,
                               cl->classes);
    float *in = pg_graph_data(cl->g, cl->in);
    size_t used = (size_t)n * (size_t)cl->dim;
    memcpy(in, x, used * sizeof *in);
    memset(in + used, 0,
           ((size_t)cl->batch * (size_t)cl->dim - used) * sizeof *in);
    PG_CHECK(pg_graph_forward(cl->g));
    return PG_OK;
}

pg_status pg_classifier_input_grad(void *ctx, const float *x,
                                   const int32_t *labels, int n,
                                   double *loss, float *grad)
{
    pg_classifier *cl = ctx;
    pg_graph_set_param_grads(cl->g, 0);
    pg_graph_set_requires_grad(cl->g, cl->in, 1);
    PG_CHECK(forward(cl, x, labels, n));
    pg_graph_zero_grads(cl->g);
    const float *logits = pg_graph_data(cl->g, cl->out);
    float *dlogits = pg_graph_gradv(cl->g, cl->out);
    int k = cl->classes;
    /* Per-example losses (batch 1 each): d loss_i / d x_i, not the mean's
     * gradient, so the attack's step does not shrink with n. */
    for (int i = 0; i < n; i++) {
        double li = pg_loss_cross_entropy(logits + (size_t)i * k, labels + i,
                                          1, k, 1.0f, dlogits + (size_t)i * k);
        if (loss) loss[i] = li;
    }
    PG_CHECK(pg_graph_backward(cl->g));
    memcpy(grad, pg_graph_gradv(cl->g, cl->in),
           (size_t)n * (size_t)cl->dim * sizeof *grad);
    return PG_OK;
}

pg_status pg_classifier_loss_backward(pg_classifier *cl, const float *x,
                                      const int32_t *labels, int n,
                                      double *loss)
{
    pg_graph_set_param_grads(cl->g, 1);
    pg_graph_set_requires_grad(cl->g, cl->in, 0);
    PG_CHECK(forward(cl, x, labels, n));
    pg_graph_zero_grads(cl->g);
    double l = pg_loss_cross_entropy(pg_graph_data(cl->g, cl->out), labels, n,
                                     cl->classes, 1.0f,
                                     pg_graph_gradv(cl->g, cl->out));
    PG_CHECK(pg_graph_backward(cl->g));
    if (loss) *loss = l;
    return PG_OK;
}

pg_status pg_classifier_count_correct(pg_classifier *cl, const float *x,
                                      const int32_t *labels, int n,
                                      int *correct)
{
    PG_CHECK(forward(cl, x, labels, n));
    const float *logits = pg_graph_data(cl->g, cl->out);
    int k = cl->classes, right = 0;
    for (int i = 0; i < n; i++) {
        const float *row = logits + (size_t)i * k;
        int best = 0;
        for (int c = 1; c < k; c++)
            if (row[c] > row[best]) best = c;
        right += best == labels[i];
    }
    *correct = right;
    return PG_OK;
}
