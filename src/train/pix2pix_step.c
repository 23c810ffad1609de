/* One paired step: d_steps discriminator updates on (c, t) vs (c, G(c))
 * (and of the Professor Forcing discriminator when on), then one
 * generator update with the adversarial, L1, feature-matching, physics
 * penalty and PF terms (pix2pix.h). Gradients are averaged over the ranks
 * before Adam. The G step reuses the last D step's batch, as pix2pix
 * does. Nothing here allocates. */
#include <math.h>
#include <string.h>

#include "dist/allreduce.h"
#include "nn/loss.h"
#include "train/pix2pix_impl.h"

static pg_status average_grads(pg_pix2pix *p, pg_net *net)
{
    if (p->size > 1)
        PG_CHECK(pg_dist_allreduce_mean(net->g, net->nw, p->comm));
    return PG_OK;
}

static pg_status d_update(pg_pix2pix *p, pg_pix2pix_metrics *m, int poison)
{
    size_t n = (size_t)p->o.batch, clen = n * (size_t)p->ch * (size_t)p->cw;
    size_t flen = n * (size_t)p->h * (size_t)p->w;
    int bce = pg_gan_loss_is_bce(p->o.loss);
    float real_label = bce ? (float)(1.0 - p->o.label_smoothing) : 1.0f;
    PG_CHECK(p->kind->data_next(p));
    memcpy(pg_graph_data(p->g, p->g_c), p->cond, clen * sizeof(float));
    memcpy(pg_graph_data(p->dr, p->dr_c), p->cond, clen * sizeof(float));
    memcpy(pg_graph_data(p->df, p->df_c), p->cond, clen * sizeof(float));
    memcpy(pg_graph_data(p->dr, p->dr_x), p->target, flen * sizeof(float));
    PG_CHECK(pg_graph_forward(p->g));
    float *fake = pg_graph_data(p->g, p->g_out);
    if (poison) fake[0] = NAN;
    memcpy(pg_graph_data(p->df, p->df_x), fake, flen * sizeof(float));
    PG_CHECK(pg_graph_forward(p->dr));
    PG_CHECK(pg_graph_forward(p->df));
    const float *r = pg_graph_data(p->dr, p->dr_out);
    const float *f = pg_graph_data(p->df, p->df_out);
    memset(p->gr, 0, p->map_len * sizeof *p->gr);
    memset(p->gf, 0, p->map_len * sizeof *p->gf);
    /* Every patch verdict is one element of the loss. */
    m->loss_d = pg_gan_loss_d(p->o.loss, r, f, p->map_len, real_label, 1.0f,
                              p->gr, p->gf);
    m->d_real = pg_gan_loss_d_mean(p->o.loss, r, p->map_len);
    m->d_fake = pg_gan_loss_d_mean(p->o.loss, f, p->map_len);
    pg_net_zero_grad(p->dnet);
    pg_graph_zero_grads(p->dr);
    memcpy(pg_graph_gradv(p->dr, p->dr_out), p->gr,
           p->map_len * sizeof *p->gr);
    PG_CHECK(pg_graph_backward(p->dr));
    pg_graph_zero_grads(p->df);
    memcpy(pg_graph_gradv(p->df, p->df_out), p->gf,
           p->map_len * sizeof *p->gf);
    PG_CHECK(pg_graph_backward(p->df));
    PG_CHECK(average_grads(p, p->dnet));
    m->grad_norm_d = pg_net_grad_norm(p->dnet);
    pg_adam_step(p->d_opt, p->dnet->w, p->dnet->g);
    if (p->pf) PG_CHECK(pg_pix2pix_pf_d_update(p, m));
    return PG_OK;
}

static pg_status g_update(pg_pix2pix *p, pg_pix2pix_metrics *m)
{
    int n = (int)p->o.batch;
    size_t flen = (size_t)n * (size_t)p->h * (size_t)p->w;
    int need_real = p->o.loss == PG_GAN_RAGAN || p->o.fm_w > 0;
    pg_graph_set_param_grads(p->df, 0);
    pg_graph_set_requires_grad(p->df, p->df_x, 1);
    PG_CHECK(pg_graph_forward(p->df));
    /* RaGAN and feature matching compare with the real pass under the
     * updated D. */
    if (need_real) PG_CHECK(pg_graph_forward(p->dr));
    pg_graph_zero_grads(p->df);
    float *gf = pg_graph_gradv(p->df, p->df_out);
    m->loss_g = pg_gan_loss_g(p->o.loss, pg_graph_data(p->dr, p->dr_out),
                              pg_graph_data(p->df, p->df_out), p->map_len,
                              1.0f, NULL, gf);
    if (p->o.fm_w > 0) {
        int dim = (int)(p->feat_len / (size_t)n);
        m->fm = pg_gan_feature_matching(
            pg_graph_data(p->dr, p->dr_feat), n,
            pg_graph_data(p->df, p->df_feat), n, dim, (float)p->o.fm_w,
            pg_graph_gradv(p->df, p->df_feat));
    }
    PG_CHECK(pg_graph_backward(p->df));
    pg_graph_set_param_grads(p->df, 1);
    pg_graph_set_requires_grad(p->df, p->df_x, 0);

    pg_graph_zero_grads(p->g);
    float *gx = pg_graph_gradv(p->g, p->g_out);
    memcpy(gx, pg_graph_gradv(p->df, p->df_x), flen * sizeof *gx);
    m->l1 = pg_loss_l1(pg_graph_data(p->g, p->g_out), p->target, flen,
                       (float)p->o.l1_w, gx);
    if (p->o.grad_l1_w > 0)
        m->grad_l1 = pg_loss_grad_l1(pg_graph_data(p->g, p->g_out),
                                     p->target, n, p->h, p->w,
                                     (float)p->o.grad_l1_w, gx);
    if (p->o.mean_w > 0)
        m->mean_match = pg_loss_mean_match(
            pg_graph_data(p->g, p->g_out), p->target, n,
            (size_t)p->h * (size_t)p->w, (float)p->o.mean_w, gx);
    PG_CHECK(p->kind->penalties(p, pg_graph_data(p->g, p->g_out), m, gx));
    pg_net_zero_grad(p->gnet);
    /* The PF unroll's steps 2.. put their parameter gradients into
     * gnet->g and their gradient w.r.t. G(x_t) into gx. */
    if (p->pf) PG_CHECK(pg_pix2pix_pf_g_term(p, m, gx));
    PG_CHECK(pg_graph_backward(p->g));
    PG_CHECK(average_grads(p, p->gnet));
    m->grad_norm_g = pg_net_grad_norm(p->gnet);
    pg_adam_step(p->g_opt, p->gnet->w, p->gnet->g);
    return PG_OK;
}

pg_status pg_pix2pix_step_run(pg_pix2pix *p, pg_pix2pix_metrics *m)
{
    memset(m, 0, sizeof *m);
    long next = (long)p->step + 1;
    for (long k = 0; k < p->o.d_steps; k++)
        PG_CHECK(d_update(p, m, k == 0 && p->rank == 0 &&
                                    p->hooks.poison_step == next));
    PG_CHECK(g_update(p, m));
    p->step = next;
    return PG_OK;
}
