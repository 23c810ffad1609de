/* One CycleGAN step (cyclegan.h): the generators' update with the
 * adversarial, cycle, identity and slope terms, then d_steps updates of
 * each discriminator on this step's fakes. Gradients flow between graphs
 * by hand: a reconstruction's loss gradient is backpropagated through the
 * second generator to its input (the first generator's output) and added
 * there. One gradient allreduce per net update. Nothing allocates. */
#include <math.h>
#include <string.h>

#include "dist/allreduce.h"
#include "nn/loss.h"
#include "train/cyclegan_impl.h"

static size_t batch_len(const pg_cyclegan *c)
{
    return (size_t)c->o.batch * (size_t)c->b.h * (size_t)c->b.w;
}

static float *out(const pg_cyclegan_graph *q) { return pg_graph_data(q->g, q->out); }
static float *in(const pg_cyclegan_graph *q) { return pg_graph_data(q->g, q->in); }

/* Forward q on x (copied into its input). */
static pg_status run_on(pg_cyclegan_graph *q, const float *x, size_t len)
{
    memcpy(in(q), x, len * sizeof *x);
    return pg_graph_forward(q->g);
}

/* Backward of q from output gradient dy (len values). */
static pg_status backward(pg_cyclegan_graph *q, const float *dy, size_t len)
{
    pg_graph_zero_grads(q->g);
    memcpy(pg_graph_gradv(q->g, q->out), dy, len * sizeof *dy);
    return pg_graph_backward(q->g);
}

static pg_status update(pg_cyclegan *c, pg_net *net, pg_adam *opt,
                        double *norm2)
{
    if (c->size > 1) PG_CHECK(pg_dist_allreduce_mean(net->g, net->nw, c->comm));
    double n = pg_net_grad_norm(net);
    *norm2 += n * n;
    pg_adam_step(opt, net->w, net->g);
    return PG_OK;
}

/* The G term of a frozen D on fake x: the loss, and its gradient w.r.t.
 * x into gx (overwritten). d_real is D on the real batch (RaGAN). */
static double adversarial(pg_cyclegan *c, pg_cyclegan_graph *dr,
                          pg_cyclegan_graph *df, const float *x, float *gx,
                          pg_status *st)
{
    size_t len = batch_len(c);
    pg_graph_set_param_grads(df->g, 0);
    pg_graph_set_requires_grad(df->g, df->in, 1);
    *st = run_on(df, x, len);
    if (*st == PG_OK && c->o.loss == PG_GAN_RAGAN)
        *st = pg_graph_forward(dr->g);
    double loss = NAN;
    if (*st == PG_OK) {
        memset(c->gf, 0, c->map_len * sizeof *c->gf);
        loss = pg_gan_loss_g(c->o.loss, out(dr), out(df), c->map_len, 1.0f,
                             NULL, c->gf);
        *st = backward(df, c->gf, c->map_len);
    }
    pg_graph_set_param_grads(df->g, 1);
    pg_graph_set_requires_grad(df->g, df->in, 0);
    if (*st == PG_OK)
        memcpy(gx, pg_graph_gradv(df->g, df->in), len * sizeof *gx);
    return loss;
}

/* The terrain penalties on G_AB(a) in metres, z = half_i x + mid_i with
 * a's own midpoint and half range; adds half_i * dP/dz into gx. The
 * metrics keep terrain.slope's value (their column) and the weighted sum
 * of all. */
static pg_status penalty_term(pg_cyclegan *c, pg_cyclegan_metrics *m,
                              float *gx)
{
    enum { MAX = 16 };
    double v[MAX];
    int n = pg_penalty_list_size(c->pens);
    if (n > MAX)
        return PG_FAIL(PG_ERR_INTERNAL, "cyclegan: %d penalties", n);
    pg_penalty_units u = {.scale = c->a.half, .offset = c->a.mid};
    PG_CHECK(pg_penalty_list_eval(c->pens, out(&c->ab_a), NULL, &u, 1.0, v,
                                  gx));
    for (int i = 0; i < n; i++) {
        if (!strcmp(pg_penalty_list_name(c->pens, i), "terrain.slope"))
            m->slope = v[i];
        m->pen_total += pg_penalty_list_weight(c->pens, i) * v[i];
    }
    return PG_OK;
}

/* The identity term: |G(x) - x| through q, backpropagated. */
static pg_status identity(pg_cyclegan *c, pg_cyclegan_graph *q, const float *x,
                          pg_cyclegan_metrics *m)
{
    size_t len = batch_len(c);
    PG_CHECK(run_on(q, x, len));
    pg_graph_zero_grads(q->g);
    m->identity += pg_loss_l1(out(q), x, len, (float)c->o.identity_w,
                              pg_graph_gradv(q->g, q->out));
    return pg_graph_backward(q->g);
}

pg_status pg_cyclegan_g_grads(pg_cyclegan *c, pg_cyclegan_metrics *m,
                              int poison, double *total)
{
    memset(m, 0, sizeof *m);
    size_t len = batch_len(c);
    float cw = (float)c->o.cycle_w;
    pg_status st;
    /* Forward both cycles. */
    PG_CHECK(run_on(&c->ab_a, c->a.x, len));
    if (poison) out(&c->ab_a)[0] = NAN;
    PG_CHECK(run_on(&c->ba_fb, out(&c->ab_a), len));
    PG_CHECK(run_on(&c->ba_b, c->b.x, len));
    PG_CHECK(run_on(&c->ab_fa, out(&c->ba_b), len));
    /* Real batches through the current D's (RaGAN's reference). */
    memcpy(in(&c->db_r), c->b.x, len * sizeof(float));
    memcpy(in(&c->da_r), c->a.x, len * sizeof(float));
    pg_net_zero_grad(c->g_ab);
    pg_net_zero_grad(c->g_ba);
    /* Adversarial gradients w.r.t. the fakes, into the fake graphs'
     * output gradients (the D graphs' input gradients are scratch). */
    float *g_fb = pg_graph_gradv(c->ab_a.g, c->ab_a.out);
    float *g_fa = pg_graph_gradv(c->ba_b.g, c->ba_b.out);
    pg_graph_zero_grads(c->ab_a.g);
    pg_graph_zero_grads(c->ba_b.g);
    m->adv_ab = adversarial(c, &c->db_r, &c->db_f, out(&c->ab_a), g_fb, &st);
    PG_CHECK(st);
    m->adv_ba = adversarial(c, &c->da_r, &c->da_f, out(&c->ba_b), g_fa, &st);
    PG_CHECK(st);
    /* Cycle A -> B -> A: its gradient w.r.t. G_AB(a) joins g_fb. */
    pg_graph_zero_grads(c->ba_fb.g);
    m->cycle_a = pg_loss_l1(out(&c->ba_fb), c->a.x, len, cw,
                            pg_graph_gradv(c->ba_fb.g, c->ba_fb.out));
    PG_CHECK(pg_graph_backward(c->ba_fb.g));
    const float *dfb = pg_graph_gradv(c->ba_fb.g, c->ba_fb.in);
    pg_graph_zero_grads(c->ab_fa.g);
    m->cycle_b = pg_loss_l1(out(&c->ab_fa), c->b.x, len, cw,
                            pg_graph_gradv(c->ab_fa.g, c->ab_fa.out));
    PG_CHECK(pg_graph_backward(c->ab_fa.g));
    const float *dfa = pg_graph_gradv(c->ab_fa.g, c->ab_fa.in);
    for (size_t i = 0; i < len; i++) {
        g_fb[i] += dfb[i];
        g_fa[i] += dfa[i];
    }
    PG_CHECK(penalty_term(c, m, g_fb));
    /* Backward of the first generators without zeroing the output
     * gradients just assembled. */
    PG_CHECK(pg_graph_backward(c->ab_a.g));
    PG_CHECK(pg_graph_backward(c->ba_b.g));
    if (c->o.identity_w > 0) {
        PG_CHECK(identity(c, &c->ab_b, c->b.x, m));
        PG_CHECK(identity(c, &c->ba_a, c->a.x, m));
    }
    *total = m->adv_ab + m->adv_ba + c->o.cycle_w * (m->cycle_a + m->cycle_b) +
             c->o.identity_w * m->identity + m->pen_total;
    return PG_OK;
}

static pg_status g_update(pg_cyclegan *c, pg_cyclegan_metrics *m, int poison)
{
    double total;
    PG_CHECK(pg_cyclegan_g_grads(c, m, poison, &total));
    double norm2 = 0;
    PG_CHECK(update(c, c->g_ab, c->o_g_ab, &norm2));
    PG_CHECK(update(c, c->g_ba, c->o_g_ba, &norm2));
    m->grad_norm_g = sqrt(norm2);
    return PG_OK;
}

/* One D update on its real batch (already in dr's input) against the
 * fakes of this step. */
static pg_status d_update(pg_cyclegan *c, pg_net *net, pg_adam *opt,
                          pg_cyclegan_graph *dr, pg_cyclegan_graph *df,
                          const float *fake, double *loss, double *d_real,
                          double *d_fake, double *norm2)
{
    int bce = pg_gan_loss_is_bce(c->o.loss);
    float real_label = bce ? (float)(1.0 - c->o.label_smoothing) : 1.0f;
    PG_CHECK(run_on(df, fake, batch_len(c)));
    PG_CHECK(pg_graph_forward(dr->g));
    memset(c->gr, 0, c->map_len * sizeof *c->gr);
    memset(c->gf, 0, c->map_len * sizeof *c->gf);
    /* Every patch verdict is one element of the loss. */
    *loss = pg_gan_loss_d(c->o.loss, out(dr), out(df), c->map_len,
                          real_label, 1.0f, c->gr, c->gf);
    if (d_real) *d_real = pg_gan_loss_d_mean(c->o.loss, out(dr), c->map_len);
    if (d_fake) *d_fake = pg_gan_loss_d_mean(c->o.loss, out(df), c->map_len);
    pg_net_zero_grad(net);
    PG_CHECK(backward(dr, c->gr, c->map_len));
    PG_CHECK(backward(df, c->gf, c->map_len));
    return update(c, net, opt, norm2);
}

pg_status pg_cyclegan_step_run(pg_cyclegan *c, pg_cyclegan_metrics *m)
{
    memset(m, 0, sizeof *m);
    long next = (long)c->step + 1;
    PG_CHECK(pg_cyclegan_data_next(c, &c->a));
    PG_CHECK(pg_cyclegan_data_next(c, &c->b));
    PG_CHECK(g_update(c, m, c->rank == 0 && c->hooks.poison_step == next));
    double norm2 = 0;
    for (long k = 0; k < c->o.d_steps; k++) {
        norm2 = 0;
        PG_CHECK(d_update(c, c->d_a, c->o_d_a, &c->da_r, &c->da_f,
                          out(&c->ba_b), &m->loss_d_a, NULL, NULL, &norm2));
        PG_CHECK(d_update(c, c->d_b, c->o_d_b, &c->db_r, &c->db_f,
                          out(&c->ab_a), &m->loss_d_b, &m->d_real_b,
                          &m->d_fake_b, &norm2));
    }
    m->grad_norm_d = sqrt(norm2);
    c->step = next;
    return PG_OK;
}
