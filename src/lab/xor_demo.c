/* The XOR demo's data, MLP and training loop (xor_demo.h). */
#include "lab/xor_demo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "models/mlp.h"
#include "nn/loss.h"
#include "nn/ops.h"
#include "nn/optim.h"

pg_status pg_xor_demo_opts_read(const pg_config *c, pg_xor_demo_opts *o)
{
    memset(o, 0, sizeof *o);
    PG_CHECK(pg_config_get_int(c, "train", "steps", &o->steps));
    PG_CHECK(pg_config_get_int(c, "train", "batch", &o->batch));
    PG_CHECK(pg_config_get_int(c, "train", "seed", &o->seed));
    PG_CHECK(pg_config_get_int(c, "train", "eval_every", &o->eval_every));
    PG_CHECK(pg_config_get_int(c, "train", "threads", &o->threads));
    PG_CHECK(pg_config_get_int(c, "model", "hidden", &o->hidden));
    PG_CHECK(pg_config_get_int(c, "model", "layers", &o->layers));
    PG_CHECK(pg_config_get_string(c, "optim", "optimizer", &o->optimizer));
    PG_CHECK(pg_config_get_double(c, "optim", "lr", &o->lr));
    PG_CHECK(pg_config_get_double(c, "optim", "beta1", &o->beta1));
    PG_CHECK(pg_config_get_double(c, "optim", "beta2", &o->beta2));
    PG_CHECK(pg_config_get_double(c, "optim", "eps", &o->eps));
    PG_CHECK(pg_config_get_double(c, "optim", "weight_decay", &o->weight_decay));
    PG_CHECK(pg_config_get_double(c, "optim", "momentum", &o->momentum));
    return PG_OK;
}

static void make_points(pg_rng *r, float *x, float *y, int n)
{
    for (int i = 0; i < n; i++) {
        float a = (float)(2 * pg_rng_uniform(r) - 1);
        float b = (float)(2 * pg_rng_uniform(r) - 1);
        x[2 * i] = a;
        x[2 * i + 1] = b;
        y[i] = a * b > 0 ? 1.0f : 0.0f;
    }
}

typedef struct demo_state {
    pg_net *net;
    pg_graph *train, *test;
    int train_x, train_y, test_x, test_y;
    pg_rng *data_rng, *init_rng;
    pg_adam *adam;
    pg_sgd *sgd;
    float xs[2 * PG_XOR_DEMO_TRAIN], ys[PG_XOR_DEMO_TRAIN], xt[2 * PG_XOR_DEMO_TEST], yt[PG_XOR_DEMO_TEST];
    float *targets;
} demo_state;

static pg_status build(demo_state *d, const pg_xor_demo_opts *o)
{
    PG_CHECK(pg_rng_create((uint64_t)o->seed, 0, PG_RNG_DATA, &d->data_rng));
    PG_CHECK(pg_rng_create((uint64_t)o->seed, 0, PG_RNG_INIT, &d->init_rng));
    make_points(d->data_rng, d->xs, d->ys, PG_XOR_DEMO_TRAIN);
    make_points(d->data_rng, d->xt, d->yt, PG_XOR_DEMO_TEST);
    PG_CHECK(pg_net_create("mlp", &d->net));
    PG_CHECK(pg_graph_create(d->net, &d->train));
    d->train_x = pg_op_input(d->train, 2, (int[]){(int)o->batch, 2});
    d->train_y = pg_mlp_build(d->train, d->train_x, (int)o->hidden,
                              (int)o->layers, 1, PG_MLP_TANH);
    pg_graph_set_requires_grad(d->train, d->train_x, 0);
    PG_CHECK(pg_graph_finalize(d->train));
    /* A second graph on the same weights scores the whole test set. */
    PG_CHECK(pg_graph_create(d->net, &d->test));
    d->test_x = pg_op_input(d->test, 2, (int[]){PG_XOR_DEMO_TEST, 2});
    d->test_y = pg_mlp_build(d->test, d->test_x, (int)o->hidden,
                             (int)o->layers, 1, PG_MLP_TANH);
    PG_CHECK(pg_graph_finalize(d->test));
    pg_graph_set_training(d->test, 0, 0);
    PG_CHECK(pg_net_init(d->net, d->init_rng));
    if (!strcmp(o->optimizer, "adam"))
        PG_CHECK(pg_adam_create(d->net->nw, o->lr, o->beta1, o->beta2, o->eps,
                                o->weight_decay, &d->adam));
    else
        PG_CHECK(pg_sgd_create(d->net->nw, o->lr, o->momentum,
                               o->weight_decay, &d->sgd));
    return PG_OK;
}

static double test_accuracy(demo_state *d)
{
    memcpy(pg_graph_data(d->test, d->test_x), d->xt, sizeof d->xt);
    pg_graph_forward(d->test);
    const float *logit = pg_graph_data(d->test, d->test_y);
    int right = 0;
    for (int i = 0; i < PG_XOR_DEMO_TEST; i++)
        right += (logit[i] > 0) == (d->yt[i] > 0.5f);
    return (double)right / PG_XOR_DEMO_TEST;
}

static double train_step(demo_state *d, int batch)
{
    float *x = pg_graph_data(d->train, d->train_x);
    for (int i = 0; i < batch; i++) {
        unsigned long k = pg_rng_uniform_int(d->data_rng, PG_XOR_DEMO_TRAIN);
        x[2 * i] = d->xs[2 * k];
        x[2 * i + 1] = d->xs[2 * k + 1];
        d->targets[i] = d->ys[k];
    }
    pg_graph_forward(d->train);
    pg_graph_zero_grads(d->train);
    pg_net_zero_grad(d->net);
    double loss = pg_loss_bce_logits(pg_graph_data(d->train, d->train_y),
                                     d->targets, (size_t)batch, 1.0f,
                                     pg_graph_gradv(d->train, d->train_y));
    pg_graph_backward(d->train);
    if (d->adam) pg_adam_step(d->adam, d->net->w, d->net->g);
    else pg_sgd_step(d->sgd, d->net->w, d->net->g);
    return loss;
}

static void destroy(demo_state *d)
{
    pg_adam_destroy(&d->adam);
    pg_sgd_destroy(&d->sgd);
    pg_graph_destroy(&d->train);
    pg_graph_destroy(&d->test);
    pg_net_destroy(&d->net);
    pg_rng_destroy(&d->data_rng);
    pg_rng_destroy(&d->init_rng);
    free(d->targets);
}

static pg_status train(demo_state *d, const pg_xor_demo_opts *o,
                       pg_progress *prog, pg_xor_demo_result *out)
{
    d->targets = calloc((size_t)o->batch, sizeof *d->targets);
    if (!d->targets) return PG_FAIL(PG_ERR_NOMEM, "targets");
    PG_CHECK(build(d, o));
    double loss = 0, acc = test_accuracy(d);
    long reached = acc >= PG_XOR_DEMO_TARGET ? 0 : -1;
    char metrics[96];
    for (long step = 1; step <= o->steps; step++) {
        loss = train_step(d, (int)o->batch);
        if (step % o->eval_every == 0 || step == o->steps) {
            acc = test_accuracy(d);
            if (reached < 0 && acc >= PG_XOR_DEMO_TARGET) reached = step;
        }
        snprintf(metrics, sizeof metrics, "loss=%.4f acc=%.3f", loss, acc);
        if (prog) pg_progress_update(prog, step, metrics);
    }
    if (prog) pg_progress_finish(prog, metrics);
    out->loss = loss;
    out->accuracy = acc;
    out->reached = reached;
    out->parameters = d->net->nw;
    out->passed = acc >= PG_XOR_DEMO_TARGET;
    return PG_OK;
}

pg_status pg_xor_demo_run(const pg_xor_demo_opts *o, pg_progress *prog,
                          pg_xor_demo_result *out)
{
    memset(out, 0, sizeof *out);
    demo_state *d = calloc(1, sizeof *d);
    if (!d) return PG_FAIL(PG_ERR_NOMEM, "demo state");
    pg_status st = train(d, o, prog, out);
    destroy(d);
    free(d);
    PG_CHECK(st);
    return PG_OK;
}
