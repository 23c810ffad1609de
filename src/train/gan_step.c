#include "train/gan_step.h"

#include <string.h>

#include "base/clock.h"
#include "nn/loss.h"

static size_t batch_of(const pg_graph *g, int node)
{
    return (size_t)g->nodes[node].out.shape[0];
}

pg_status pg_gan_step_check(const pg_gan_step *s)
{
    if (!s->g || !s->d || !s->g_opt || !s->d_opt || !s->noise)
        return PG_FAIL(PG_ERR_ARG, "gan step: graphs, optimisers and noise "
                                   "RNG are required");
    if (!s->g->finalized || !s->d->finalized || !s->g->net || !s->d->net)
        return PG_FAIL(PG_ERR_STATE, "gan step: both graphs must be "
                                     "finalised and have a net");
    const pg_tensor *fake = &s->g->nodes[s->g_out].out;
    const pg_tensor *x = &s->d->nodes[s->d_x].out;
    const pg_tensor *logit = &s->d->nodes[s->d_out].out;
    if (s->d->nodes[s->d_x].op != PG_OP_INPUT ||
        s->g->nodes[s->g_z].op != PG_OP_INPUT)
        return PG_FAIL(PG_ERR_ARG, "gan step: g_z and d_x must be inputs");
    if (fake->size != x->size || fake->shape[0] != x->shape[0])
        return PG_FAIL(PG_ERR_SHAPE, "gan step: G's output has %zu values "
                       "for batch %d, D's input %zu for batch %d",
                       fake->size, fake->shape[0], x->size, x->shape[0]);
    if (logit->size != (size_t)logit->shape[0] ||
        logit->shape[0] != x->shape[0])
        return PG_FAIL(PG_ERR_SHAPE, "gan step: D must give one logit per "
                       "sample (got %zu values for batch %d)", logit->size,
                       x->shape[0]);
    if (pg_adam_size(s->g_opt) != s->g->net->nw ||
        pg_adam_size(s->d_opt) != s->d->net->nw)
        return PG_FAIL(PG_ERR_SHAPE, "gan step: optimiser sizes (%zu, %zu) "
                       "differ from the nets' (%zu, %zu)",
                       pg_adam_size(s->g_opt), pg_adam_size(s->d_opt),
                       s->g->net->nw, s->d->net->nw);
    return PG_OK;
}

/* pg_graph_forward/backward, or the same walk timing each kernel. */
static pg_status forward(pg_gan_step *s, pg_graph *g)
{
    if (!s->prof) return pg_graph_forward(g);
    for (int i = 0; i < g->n_nodes; i++) {
        pg_node *n = &g->nodes[i];
        if (n->op == PG_OP_INPUT) continue;
        double t0 = pg_clock_now_s();
        pg_op_defs[n->op].forward(g, n);
        s->prof->sec[n->op] += pg_clock_now_s() - t0;
    }
    return PG_OK;
}

static pg_status backward(pg_gan_step *s, pg_graph *g)
{
    if (!s->prof) return pg_graph_backward(g);
    for (int i = g->n_nodes - 1; i >= 0; i--) {
        pg_node *n = &g->nodes[i];
        if (n->op == PG_OP_INPUT || !n->need_grad) continue;
        double t0 = pg_clock_now_s();
        pg_op_defs[n->op].backward(g, n);
        s->prof->sec[n->op] += pg_clock_now_s() - t0;
    }
    return PG_OK;
}

/* One D pass on `input` with target t: forward, loss, backward. The
 * gradient switches are set by the caller. */
static pg_status d_pass(pg_gan_step *s, const float *input, float target,
                        double *loss)
{
    pg_graph *d = s->d;
    size_t n = batch_of(d, s->d_out);
    if (input)
        memcpy(pg_graph_data(d, s->d_x), input,
               d->nodes[s->d_x].out.size * sizeof(float));
    PG_CHECK(forward(s, d));
    pg_graph_zero_grads(d);
    *loss = pg_loss_bce_logits_const(pg_graph_data(d, s->d_out), target, n,
                                     1.0f, pg_graph_gradv(d, s->d_out));
    PG_CHECK(backward(s, d));
    return PG_OK;
}

pg_status pg_gan_step_run(pg_gan_step *s, const float *real,
                          pg_gan_step_losses *losses)
{
    pg_gan_step_losses l;
    pg_graph *g = s->g, *d = s->d;
    pg_tensor *z = pg_graph_out(g, s->g_z);
    pg_rng_fill_gaussian(s->noise, z->data, z->size, 1.0);
    PG_CHECK(forward(s, g));
    const float *fake = pg_graph_data(g, s->g_out);

    /* D step: no gradient for D's input (real data, detached fake). */
    pg_graph_set_param_grads(d, 1);
    pg_graph_set_requires_grad(d, s->d_x, 0);
    pg_net_zero_grad(d->net);
    PG_CHECK(d_pass(s, real, 1.0f, &l.d_real));
    PG_CHECK(d_pass(s, fake, 0.0f, &l.d_fake));
    if (s->hook) PG_CHECK(s->hook(s->hook_ctx, d->net));
    pg_adam_step(s->d_opt, d->net->w, d->net->g);

    /* G step: D frozen, its input (still the fake batch) gets a gradient. */
    pg_graph_set_param_grads(d, 0);
    pg_graph_set_requires_grad(d, s->d_x, 1);
    PG_CHECK(d_pass(s, NULL, 1.0f, &l.g));
    pg_graph_zero_grads(g);
    pg_net_zero_grad(g->net);
    float *dfake = pg_graph_gradv(g, s->g_out);
    const float *dx = pg_graph_gradv(d, s->d_x);
    size_t len = g->nodes[s->g_out].grad.size;
    for (size_t i = 0; i < len; i++) dfake[i] += dx[i];
    PG_CHECK(backward(s, g));
    if (s->hook) PG_CHECK(s->hook(s->hook_ctx, g->net));
    pg_adam_step(s->g_opt, g->net->w, g->net->g);
    if (losses) *losses = l;
    return PG_OK;
}

/* Multiply-adds of one forward of a dense/conv node (0 for other ops). */
static double node_macs(const pg_graph *g, const pg_node *n)
{
    const pg_tensor *x = &g->nodes[n->in[0]].out, *y = &n->out;
    double batch = x->shape[0];
    double in = (double)x->size / batch, out = (double)y->size / batch;
    switch (n->op) {
    case PG_OP_DENSE: /* in features x out features */
        return batch * in * out;
    case PG_OP_CONV2D: /* every output value reads IC*KH*KW inputs */
        return batch * out * x->shape[1] * n->a.kh * n->a.kw;
    case PG_OP_CONVT2D: /* every input value writes OC*KH*KW outputs */
        return batch * in * n->a.out_ch * n->a.kh * n->a.kw;
    default:
        return 0;
    }
}

/* FLOPs of one forward + backward of graph g with its current switches,
 * added into by_op by op kind. */
static void pass_flops(const pg_graph *g, double *by_op)
{
    for (int i = 0; i < g->n_nodes; i++) {
        const pg_node *n = &g->nodes[i];
        if (n->op == PG_OP_INPUT) continue;
        double m = node_macs(g, n), f = 2 * m;
        if (n->need_grad && g->param_grads && n->w_len) f += 2 * m;
        if (n->need_grad && g->nodes[n->in[0]].need_grad) f += 2 * m;
        by_op[n->op] += f;
    }
}

void pg_gan_step_flops_by_op(pg_gan_step *s, double by_op[PG_OP_COUNT])
{
    pg_graph *d = s->d;
    /* G: forward once, backward once (the step's switches on g). */
    pass_flops(s->g, by_op);
    pg_graph_set_param_grads(d, 1);
    pg_graph_set_requires_grad(d, s->d_x, 0);
    pass_flops(d, by_op); /* real */
    pass_flops(d, by_op); /* fake */
    pg_graph_set_param_grads(d, 0);
    pg_graph_set_requires_grad(d, s->d_x, 1);
    pass_flops(d, by_op); /* G step through the frozen D */
}

double pg_gan_step_flops(pg_gan_step *s)
{
    double by_op[PG_OP_COUNT] = {0}, f = 0;
    pg_gan_step_flops_by_op(s, by_op);
    for (int k = 0; k < PG_OP_COUNT; k++) f += by_op[k];
    return f;
}
