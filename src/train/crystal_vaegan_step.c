/* One crystal VAE-GAN step (crystal_vaegan.h): reals, fakes and draws from
 * this rank's stream; one property-head update, d_steps discriminator
 * updates, one encoder and one generator update. Gradients pass between
 * the graphs by hand (G's output gradient from D, P and the penalties;
 * E's z gradient from G's reconstruction). One gradient allreduce per net
 * update. Nothing allocates. */
#include <math.h>
#include <string.h>

#include "base/assignment.h"
#include "dist/allreduce.h"
#include "nn/loss.h"
#include "train/crystal_vaegan_impl.h"

static pg_status update(pg_crystal_vaegan *t, pg_net *net, pg_adam *opt,
                        double *norm)
{
    if (t->size > 1)
        PG_CHECK(pg_dist_allreduce_mean(net->g, net->nw, t->comm));
    double n = pg_net_grad_norm(net);
    if (norm) *norm = n;
    pg_adam_step(opt, net->w, net->g);
    return PG_OK;
}

static int draw(pg_crystal_vaegan *t, int n)
{
    return (int)pg_rng_uniform_int(t->noise, (unsigned long)n);
}

static float *data(pg_graph *g, int node) { return pg_graph_data(g, node); }
static float *grad(pg_graph *g, int node) { return pg_graph_gradv(g, node); }

/* B reals into D's real graph and E. */
static void draw_real(pg_crystal_vaegan *t)
{
    for (int k = 0; k < (int)t->o.batch; k++) {
        int i = draw(t, t->set.n);
        pg_crystal_set_put(&t->set, t->atoms_len, i, &t->dr, k);
        pg_crystal_set_put(&t->set, t->atoms_len, i, &t->e, k);
    }
}

/* P: mean squared error to the standardised PROXY level on B training
 * structures that have one. */
static pg_status p_update(pg_crystal_vaegan *t, pg_crystal_vaegan_metrics *m)
{
    int b = (int)t->o.batch;
    if (t->set.n_train == 0) return PG_OK;   /* no Li/Na: P stays untrained */
    for (int k = 0; k < b; k++) {
        int i = t->set.train_idx[draw(t, t->set.n_train)];
        pg_crystal_set_put(&t->set, t->atoms_len, i, &t->pr, k);
        t->prop_y[k] = t->set.target[i];
    }
    PG_CHECK(pg_graph_forward(t->pr.g));
    pg_graph_zero_grads(t->pr.g);
    pg_net_zero_grad(t->pnet);
    m->prop_mse = pg_loss_mse(data(t->pr.g, t->pr.out), t->prop_y, (size_t)b,
                              1.0f, grad(t->pr.g, t->pr.out));
    PG_CHECK(pg_graph_backward(t->pr.g));
    return update(t, t->pnet, t->p_opt, NULL);
}

/* The conditional G's prior samples take the compositions of B training
 * structures drawn at random (their share of the slots per species). */
static void draw_compositions(pg_crystal_vaegan *t)
{
    int K = t->dims.species, A = t->dims.atoms;
    float *c = data(t->gp, t->gp_c);
    for (int k = 0; k < (int)t->o.batch; k++) {
        t->fake_src[k] = draw(t, t->set.n);
        pg_crystal_atoms_composition(
            t->set.atoms + (size_t)t->fake_src[k] * t->atoms_len, K, A,
            c + (size_t)k * K);
    }
}

static pg_status draw_fake(pg_crystal_vaegan *t, int poison)
{
    if (t->dims.cond) draw_compositions(t);
    pg_rng_fill_gaussian(t->noise, data(t->gp, t->gp_z),
                         (size_t)t->o.batch * (size_t)t->dims.z_dim, 1.0);
    PG_CHECK(pg_graph_forward(t->gp));
    if (poison) data(t->gp, t->gpn.atoms)[0] = NAN;
    return PG_OK;
}

/* G's prior samples into judge j's inputs, then j's forward. */
static pg_status judge_fakes(pg_crystal_vaegan *t, pg_crystal_judge *j)
{
    size_t b = (size_t)t->o.batch;
    memcpy(data(j->g, j->lat), data(t->gp, t->gpn.lattice),
           b * PG_CRYSTAL_LATTICE_DIM * sizeof(float));
    memcpy(data(j->g, j->atoms), data(t->gp, t->gpn.atoms),
           b * t->atoms_len * sizeof(float));
    return pg_graph_forward(j->g);
}

static pg_status d_update(pg_crystal_vaegan *t, pg_crystal_vaegan_metrics *m)
{
    size_t b = (size_t)t->o.batch;
    int bce = pg_gan_loss_is_bce(t->o.loss);
    float real_label = bce ? (float)(1.0 - t->o.label_smoothing) : 1.0f;
    PG_CHECK(judge_fakes(t, &t->df));
    PG_CHECK(pg_graph_forward(t->dr.g));
    memset(t->gr_d, 0, b * sizeof *t->gr_d);
    memset(t->gf_d, 0, b * sizeof *t->gf_d);
    const float *yr = data(t->dr.g, t->dr.out), *yf = data(t->df.g, t->df.out);
    m->loss_d = pg_gan_loss_d(t->o.loss, yr, yf, b, real_label, 1.0f, t->gr_d,
                              t->gf_d);
    m->d_real = pg_gan_loss_d_mean(t->o.loss, yr, b);
    m->d_fake = pg_gan_loss_d_mean(t->o.loss, yf, b);
    pg_net_zero_grad(t->dnet);
    pg_graph_zero_grads(t->dr.g);
    memcpy(grad(t->dr.g, t->dr.out), t->gr_d, b * sizeof *t->gr_d);
    PG_CHECK(pg_graph_backward(t->dr.g));
    pg_graph_zero_grads(t->df.g);
    memcpy(grad(t->df.g, t->df.out), t->gf_d, b * sizeof *t->gf_d);
    PG_CHECK(pg_graph_backward(t->df.g));
    return update(t, t->dnet, t->d_opt, &m->grad_norm_d);
}

/* Backward of a frozen judge from its output gradient (already in place),
 * delivering d loss / d lattice and d loss / d atoms, which are ADDED
 * into G's prior output gradients. */
static pg_status judge_into_g(pg_crystal_vaegan *t, pg_crystal_judge *j)
{
    pg_graph *g = j->g;
    pg_graph_set_param_grads(g, 0);
    pg_graph_set_requires_grad(g, j->lat, 1);
    pg_graph_set_requires_grad(g, j->atoms, 1);
    pg_status st = pg_graph_backward(g);
    pg_graph_set_param_grads(g, 1);
    pg_graph_set_requires_grad(g, j->lat, 0);
    pg_graph_set_requires_grad(g, j->atoms, 0);
    PG_CHECK(st);
    size_t nl = (size_t)t->o.batch * PG_CRYSTAL_LATTICE_DIM,
           na = (size_t)t->o.batch * t->atoms_len;
    float *gl = grad(t->gp, t->gpn.lattice), *ga = grad(t->gp, t->gpn.atoms);
    const float *jl = grad(g, j->lat), *ja = grad(g, j->atoms);
    for (size_t i = 0; i < nl; i++) gl[i] += jl[i];
    for (size_t i = 0; i < na; i++) ga[i] += ja[i];
    return PG_OK;
}

/* Slot labels of a real encoded structure: the species whose channel is 1. */
static int label_of(const float *atoms, int K, int A, int a)
{
    for (int k = 0; k < K; k++)
        if (atoms[(3 + k) * A + a] > 0.5f) return k;
    return 0;
}

/* The periodic difference of decoded slot a's coordinate q (c, 3 x A) to
 * target slot s's (x, (3 + K) x A), to the nearest image. */
static double coord_diff(const float *c, const float *x, int A, int a, int s,
                         int q)
{
    double d = c[q * A + a] - x[q * A + s];
    return d - round(d);
}

/* Which decoded slot reconstructs each target slot s (col[s]): the
 * canonical order (col[s] = s), or with [loss] recon_matching the
 * minimum-cost assignment on the reconstruction's own cost (the
 * cross-entropy of s's species under slot a's logits + the squared
 * periodic coordinate distance when s is occupied). The assignment is
 * piecewise constant in G's outputs: the loss's gradient is that of the
 * matched costs. */
static void match_slots(pg_crystal_vaegan *t, const float *x, const float *c,
                        const float *z)
{
    int A = t->dims.atoms;
    const int *lab = t->match_lab;
    const double *mx = t->match_lse, *se = t->match_lse + A;
    if (!t->o.recon_matching) {
        for (int s = 0; s < A; s++) t->match_col[s] = s;
        return;
    }
    double *cost = t->match_cost;
    for (int s = 0; s < A; s++)
        for (int a = 0; a < A; a++) {
            double v = mx[a] + log(se[a]) - z[lab[s] * A + a];
            for (int q = 0; q < 3 && lab[s]; q++) {
                double d = coord_diff(c, x, A, a, s, q);
                v += d * d;
            }
            cost[s * A + a] = v;
        }
    pg_assign_min_cost(cost, A, t->match_col, t->match_work,
                       t->match_iwork);
}

/* One structure's reconstruction terms (x target, c and z decoded
 * coordinates and logits), their gradients (weight w, batch b) into dc
 * and dz. */
static void recon_one(pg_crystal_vaegan *t, const float *x, const float *c,
                      const float *z, float w, int b, float *dc, float *dz,
                      double *ss, double *sc)
{
    int K = t->dims.species, A = t->dims.atoms;
    double *mx = t->match_lse, *se = t->match_lse + A;
    for (int a = 0; a < A; a++) {
        t->match_lab[a] = label_of(x, K, A, a);
        mx[a] = z[a];
        for (int k = 1; k < K; k++) mx[a] = fmax(mx[a], z[k * A + a]);
        se[a] = 0;
        for (int k = 0; k < K; k++) se[a] += exp(z[k * A + a] - mx[a]);
    }
    match_slots(t, x, c, z);
    for (int s = 0; s < A; s++) {
        int a = t->match_col[s], lab = t->match_lab[s];
        *ss += mx[a] + log(se[a]) - z[lab * A + a];
        for (int k = 0; k < K; k++)
            dz[k * A + a] += (float)(w * (exp(z[k * A + a] - mx[a]) / se[a] -
                                          (k == lab)) / b);
        if (lab == 0) continue;   /* padding has no position */
        for (int q = 0; q < 3; q++) {
            double d = coord_diff(c, x, A, a, s, q);
            *sc += d * d;
            dc[q * A + a] += (float)(w * 2 * d / b);
        }
    }
}

/* Reconstruction terms of G(E(x)) against x (E's inputs), their
 * gradients into gr's lattice, coordinate and logit nodes. Per structure
 * sums (6 lattice values, A slots), means over the batch. */
static void recon(pg_crystal_vaegan *t, pg_crystal_vaegan_metrics *m)
{
    int b = (int)t->o.batch, K = t->dims.species, A = t->dims.atoms;
    float w = (float)t->o.recon_w;
    const float *lx = data(t->e.g, t->e.lat), *ax = data(t->e.g, t->e.atoms);
    const float *ly = data(t->gr, t->grn.lattice);
    const float *cy = data(t->gr, t->grn.coords);
    const float *zy = data(t->gr, t->grn.logits);
    float *gl = grad(t->gr, t->grn.lattice), *gc = grad(t->gr, t->grn.coords);
    float *gz = grad(t->gr, t->grn.logits);
    double sl = 0, ss = 0, sc = 0;
    for (int i = 0; i < b * PG_CRYSTAL_LATTICE_DIM; i++) {
        double d = ly[i] - lx[i];
        sl += d * d;
        gl[i] += (float)(w * 2 * d / b);
    }
    for (int k = 0; k < b; k++)
        recon_one(t, ax + (size_t)k * t->atoms_len, cy + (size_t)k * 3 * A,
                  zy + (size_t)k * K * A, w, b,
                  gc + (size_t)k * 3 * A, gz + (size_t)k * K * A, &ss, &sc);
    m->rec_lat = sl / b;
    m->rec_species = ss / b;
    m->rec_coords = sc / b;
}

/* E forward, G(E(x)) forward and backward with the reconstruction, then
 * E's backward from G's z gradient plus the KL term, and E's update. */
static pg_status vae_part(pg_crystal_vaegan *t, pg_crystal_vaegan_metrics *m)
{
    int b = (int)t->o.batch, zd = t->dims.z_dim;
    PG_CHECK(pg_graph_forward(t->e.g));
    memcpy(data(t->gr, t->gr_z), data(t->e.g, t->en.z),
           (size_t)b * zd * sizeof(float));
    if (t->dims.cond)   /* G(E(x)) gets x's own composition */
        for (int k = 0; k < b; k++)
            pg_crystal_atoms_composition(
                data(t->e.g, t->e.atoms) + (size_t)k * t->atoms_len,
                t->dims.species, t->dims.atoms,
                data(t->gr, t->gr_c) + (size_t)k * t->dims.species);
    PG_CHECK(pg_graph_forward(t->gr));
    pg_graph_zero_grads(t->gr);
    recon(t, m);
    pg_graph_set_requires_grad(t->gr, t->gr_z, 1);
    pg_status st = pg_graph_backward(t->gr);
    pg_graph_set_requires_grad(t->gr, t->gr_z, 0);
    PG_CHECK(st);
    pg_graph_zero_grads(t->e.g);
    memcpy(grad(t->e.g, t->en.z), grad(t->gr, t->gr_z),
           (size_t)b * zd * sizeof(float));
    m->kl = pg_loss_gaussian_kl(data(t->e.g, t->en.mu),
                                data(t->e.g, t->en.logvar), b, zd,
                                (float)t->o.kl_w, grad(t->e.g, t->en.mu),
                                grad(t->e.g, t->en.logvar));
    pg_net_zero_grad(t->enet);
    PG_CHECK(pg_graph_backward(t->e.g));
    return update(t, t->enet, t->e_opt, NULL);
}

/* The [physics] penalties on G's prior samples, gradients into G's
 * outputs. The pair penalties read 0 on a cell too thin or long to
 * enumerate (crystal_cell.h); crystal.cell, when on, pulls it back. */
static pg_status penalties(pg_crystal_vaegan *t, pg_crystal_vaegan_metrics *m)
{
    int np = pg_penalty_list_size(t->pens), b = (int)t->o.batch;
    if (!np) return PG_OK;
    size_t tl = (size_t)(3 + t->dims.atoms) *
                (size_t)(3 + pg_crystal_codec_table_species(&t->codec));
    const float *lat = data(t->gp, t->gpn.lattice),
                *atoms = data(t->gp, t->gpn.atoms);
    for (int k = 0; k < b; k++)
        pg_crystal_codec_table(&t->codec, lat + (size_t)k * 6,
                               atoms + (size_t)k * t->atoms_len,
                               t->table + (size_t)k * tl);
    memset(t->table_grad, 0, (size_t)b * tl * sizeof *t->table_grad);
    pg_penalty_units u = {NULL, NULL, 1.0f, 0.0f};
    PG_CHECK(pg_penalty_list_eval(t->pens, t->table, NULL, &u, 1.0, m->pen,
                                  t->table_grad));
    float *gl = grad(t->gp, t->gpn.lattice), *ga = grad(t->gp, t->gpn.atoms);
    for (int k = 0; k < b; k++)
        pg_crystal_codec_table_grad(&t->codec, lat + (size_t)k * 6,
                                    t->table_grad + (size_t)k * tl,
                                    gl + (size_t)k * 6,
                                    ga + (size_t)k * t->atoms_len);
    return PG_OK;
}

/* G on prior samples: D's verdict, P's PROXY prediction, the penalties;
 * then G's update with the reconstruction gradient already in G's net. */
static pg_status gan_part(pg_crystal_vaegan *t, pg_crystal_vaegan_metrics *m)
{
    size_t b = (size_t)t->o.batch;
    pg_graph_zero_grads(t->gp);
    PG_CHECK(judge_fakes(t, &t->df));
    if (t->o.loss == PG_GAN_RAGAN) PG_CHECK(pg_graph_forward(t->dr.g));
    pg_graph_zero_grads(t->df.g);
    m->adv_g = pg_gan_loss_g(t->o.loss, data(t->dr.g, t->dr.out),
                             data(t->df.g, t->df.out), b, (float)t->o.adv_w,
                             NULL, grad(t->df.g, t->df.out));
    PG_CHECK(judge_into_g(t, &t->df));
    PG_CHECK(judge_fakes(t, &t->pf));
    const float *py = data(t->pf.g, t->pf.out);
    double mean = 0;
    for (size_t k = 0; k < b; k++) mean += py[k] / (double)b;
    m->prop_fake = pg_crystal_codec_prop_value(&t->codec, mean);
    if (t->o.prop_w > 0) {
        pg_graph_zero_grads(t->pf.g);
        float *gp = grad(t->pf.g, t->pf.out);
        for (size_t k = 0; k < b; k++) gp[k] = (float)(t->o.prop_w / b);
        PG_CHECK(judge_into_g(t, &t->pf));
    }
    PG_CHECK(penalties(t, m));
    if (t->o.volume_w > 0 && t->dims.cond) {
        /* G's volume for the composition it was given: the prior's
         * samples, not only the reconstructions, learn it */
        const float *lat = data(t->gp, t->gpn.lattice);
        float *gl = grad(t->gp, t->gpn.lattice);
        for (size_t k = 0; k < b; k++)
            m->volume += pg_crystal_codec_volume_loss(
                &t->codec, lat + k * 6,
                t->set.lat + (size_t)t->fake_src[k] * 6,
                t->o.volume_w / (double)b, gl + k * 6);
    }
    PG_CHECK(pg_graph_backward(t->gp));
    return update(t, t->gnet, t->g_opt, &m->grad_norm_g);
}

pg_status pg_crystal_vaegan_step_run(pg_crystal_vaegan *t,
                                     pg_crystal_vaegan_metrics *m)
{
    memset(m, 0, sizeof *m);
    long next = (long)t->step + 1;
    draw_real(t);
    PG_CHECK(p_update(t, m));
    PG_CHECK(draw_fake(t, t->rank == 0 && t->hooks.poison_step == next));
    for (long k = 0; k < t->o.d_steps; k++) PG_CHECK(d_update(t, m));
    pg_net_zero_grad(t->gnet);
    PG_CHECK(vae_part(t, m));
    PG_CHECK(gan_part(t, m));
    t->step = next;
    return PG_OK;
}
