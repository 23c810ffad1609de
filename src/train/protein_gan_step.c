/* One sequence-GAN step (protein_gan.h): draw reals, decoys and fakes
 * from this rank's stream; one critic update, d_steps discriminator
 * updates, one generator update. Gradients pass from D and C to G's
 * output by hand (their input gradients, summed). One gradient allreduce
 * per net update. Nothing allocates. */
#include <math.h>
#include <string.h>

#include "dist/allreduce.h"
#include "nn/loss.h"
#include "physics/protein/protein_onehot.h"
#include "physics/protein/protein_pssm_penalty.h"
#include "train/protein_gan_impl.h"

static float *out(pg_protein_gan_graph *q) { return pg_graph_data(q->g, q->out); }
static float *in(pg_protein_gan_graph *q) { return pg_graph_data(q->g, q->in); }

static pg_status update(pg_protein_gan *t, pg_net *net, pg_adam *opt,
                        double *norm)
{
    if (t->size > 1)
        PG_CHECK(pg_dist_allreduce_mean(net->g, net->nw, t->comm));
    *norm = pg_net_grad_norm(net);
    pg_adam_step(opt, net->w, net->g);
    return PG_OK;
}

/* Sequence i of the training split, one-hot, into x. */
static pg_status encode(pg_protein_gan *t, int i, float *x)
{
    return pg_protein_onehot_encode(pg_protein_seqs_at(t->data, i),
                                    t->data->length[i], t->dims.length, x);
}

static int draw(pg_protein_gan *t)
{
    return (int)pg_rng_uniform_int(t->noise, (unsigned long)t->data->n);
}

/* B reals into D's real graph and the first half of C's batch; B decoys
 * (reversed for even b, shuffled for odd b) into its second half. */
static pg_status draw_real(pg_protein_gan *t)
{
    int b = (int)t->o.batch, decoy = t->dims.families;
    for (int k = 0; k < b; k++) {
        int i = draw(t);
        t->real_fam[k] = t->data->family[i];
        t->c_labels[k] = t->data->family[i];
        PG_CHECK(encode(t, i, in(&t->dr) + (size_t)k * t->seq_len));
    }
    memcpy(in(&t->ct), in(&t->dr), (size_t)b * t->seq_len * sizeof(float));
    for (int k = 0; k < b; k++) {
        int i = draw(t), n = t->data->length[i];
        const uint8_t *s = pg_protein_seqs_at(t->data, i);
        if (k % 2 == 0) pg_protein_decoy_reverse(s, n, t->decoy);
        else pg_protein_decoy_shuffle(s, n, t->noise, t->decoy);
        t->c_labels[b + k] = decoy;
        PG_CHECK(pg_protein_onehot_encode(t->decoy, n, t->dims.length,
                                          in(&t->ct) +
                                              (size_t)(b + k) * t->seq_len));
    }
    return PG_OK;
}

/* Latents and families of B fakes, then G's forward. */
static pg_status draw_fake(pg_protein_gan *t, int poison)
{
    int b = (int)t->o.batch, f = t->dims.families;
    float *z = pg_graph_data(t->gg, t->g_z), *fam = pg_graph_data(t->gg, t->g_f);
    pg_rng_fill_gaussian(t->noise, z, (size_t)b * (size_t)t->dims.z_dim, 1.0);
    memset(fam, 0, (size_t)b * (size_t)f * sizeof *fam);
    for (int k = 0; k < b; k++) {
        t->fake_fam[k] = (int)pg_rng_uniform_int(t->noise, (unsigned long)f);
        fam[k * f + t->fake_fam[k]] = 1.0f;
    }
    PG_CHECK(pg_graph_forward(t->gg));
    if (poison) pg_graph_data(t->gg, t->g_out)[0] = NAN;
    return PG_OK;
}

/* Fraction of rows of logits (n, classes) whose largest entry is label. */
static double accuracy(const float *logits, const int *labels, int n,
                       int classes)
{
    int right = 0;
    for (int r = 0; r < n; r++) {
        const float *x = logits + (size_t)r * (size_t)classes;
        int best = 0;
        for (int c = 1; c < classes; c++)
            if (x[c] > x[best]) best = c;
        right += best == labels[r];
    }
    return (double)right / n;
}

static pg_status critic_update(pg_protein_gan *t, pg_protein_gan_metrics *m)
{
    int n = 2 * (int)t->o.batch, classes = t->dims.families + 1;
    PG_CHECK(pg_graph_forward(t->ct.g));
    pg_graph_zero_grads(t->ct.g);
    pg_net_zero_grad(t->cnet);
    m->critic_loss = pg_loss_cross_entropy(out(&t->ct), t->c_labels, n,
                                           classes, 1.0f,
                                           pg_graph_gradv(t->ct.g, t->ct.out));
    m->critic_acc = accuracy(out(&t->ct), t->c_labels, n, classes);
    PG_CHECK(pg_graph_backward(t->ct.g));
    return update(t, t->cnet, t->c_opt, &m->grad_norm_c);
}

static pg_status d_update(pg_protein_gan *t, pg_protein_gan_metrics *m)
{
    size_t b = (size_t)t->o.batch;
    int bce = pg_gan_loss_is_bce(t->o.loss);
    float real_label = bce ? (float)(1.0 - t->o.label_smoothing) : 1.0f;
    memcpy(in(&t->df), pg_graph_data(t->gg, t->g_out),
           b * t->seq_len * sizeof(float));
    PG_CHECK(pg_graph_forward(t->df.g));
    PG_CHECK(pg_graph_forward(t->dr.g));
    memset(t->gr, 0, b * sizeof *t->gr);
    memset(t->gf, 0, b * sizeof *t->gf);
    m->loss_d = pg_gan_loss_d(t->o.loss, out(&t->dr), out(&t->df), b,
                              real_label, 1.0f, t->gr, t->gf);
    m->d_real = pg_gan_loss_d_mean(t->o.loss, out(&t->dr), b);
    m->d_fake = pg_gan_loss_d_mean(t->o.loss, out(&t->df), b);
    pg_net_zero_grad(t->dnet);
    pg_graph_zero_grads(t->dr.g);
    memcpy(pg_graph_gradv(t->dr.g, t->dr.out), t->gr, b * sizeof *t->gr);
    PG_CHECK(pg_graph_backward(t->dr.g));
    pg_graph_zero_grads(t->df.g);
    memcpy(pg_graph_gradv(t->df.g, t->df.out), t->gf, b * sizeof *t->gf);
    PG_CHECK(pg_graph_backward(t->df.g));
    return update(t, t->dnet, t->d_opt, &m->grad_norm_d);
}

/* Backward of a frozen judge q from its output gradient (already in
 * place), delivering d loss / d input. */
static pg_status judge_backward(pg_protein_gan_graph *q)
{
    pg_graph_set_param_grads(q->g, 0);
    pg_graph_set_requires_grad(q->g, q->in, 1);
    pg_status st = pg_graph_backward(q->g);
    pg_graph_set_param_grads(q->g, 1);
    pg_graph_set_requires_grad(q->g, q->in, 0);
    return st;
}

/* protein.profile on G's residue distributions toward the families asked
 * for: its weighted gradient into the softmax node's. */
static pg_status profile_term(pg_protein_gan *t, pg_protein_gan_metrics *m)
{
    pg_tensor grad = *pg_graph_out(t->gg, t->g_soft);
    grad.data = pg_graph_gradv(t->gg, t->g_soft);
    grad.owned = 0;
    pg_penalty_input in = {pg_graph_out(t->gg, t->g_soft), NULL,
                           t->fake_fam};
    double value;
    PG_CHECK(pg_penalty_eval(t->profile, &in, &value, &grad));
    pg_protein_profile_stats s = pg_protein_profile_penalty_stats(t->profile);
    m->profile_kl = s.kl;
    m->profile_score = s.score;
    return PG_OK;
}

/* During [loss] profile_pretrain_steps G's loss is the profile term
 * alone: D's and C's verdicts on the fakes are still computed (metrics)
 * but not backpropagated into G. */
static pg_status g_update(pg_protein_gan *t, pg_protein_gan_metrics *m)
{
    size_t b = (size_t)t->o.batch, len = b * t->seq_len;
    int classes = t->dims.families + 1;
    int judged = (long)t->step + 1 > t->o.pretrain;
    const float *x = pg_graph_data(t->gg, t->g_out);
    /* Adversarial term through the updated D (RaGAN reads D on reals). */
    memcpy(in(&t->df), x, len * sizeof *x);
    PG_CHECK(pg_graph_forward(t->df.g));
    if (t->o.loss == PG_GAN_RAGAN) PG_CHECK(pg_graph_forward(t->dr.g));
    pg_graph_zero_grads(t->df.g);
    m->adv_g = pg_gan_loss_g(t->o.loss, out(&t->dr), out(&t->df), b, 1.0f,
                             NULL, pg_graph_gradv(t->df.g, t->df.out));
    if (judged) PG_CHECK(judge_backward(&t->df));
    /* The critic's reward: cross-entropy of C(x) toward the family G was
     * asked for. */
    memcpy(in(&t->cf), x, len * sizeof *x);
    PG_CHECK(pg_graph_forward(t->cf.g));
    pg_graph_zero_grads(t->cf.g);
    m->reward_ce = pg_loss_cross_entropy(out(&t->cf), t->fake_fam, (int)b,
                                         classes, (float)t->o.critic_w,
                                         pg_graph_gradv(t->cf.g, t->cf.out));
    m->fake_acc = accuracy(out(&t->cf), t->fake_fam, (int)b, classes);
    if (judged) PG_CHECK(judge_backward(&t->cf));
    /* Both into G's output gradient, then G's backward. */
    pg_graph_zero_grads(t->gg);
    float *gx = pg_graph_gradv(t->gg, t->g_out);
    const float *ga = pg_graph_gradv(t->df.g, t->df.in);
    const float *gc = pg_graph_gradv(t->cf.g, t->cf.in);
    for (size_t i = 0; i < len; i++) gx[i] = judged ? ga[i] + gc[i] : 0.0f;
    if (t->profile) PG_CHECK(profile_term(t, m));
    pg_net_zero_grad(t->gnet);
    PG_CHECK(pg_graph_backward(t->gg));
    /* Set every step, so a resume anywhere continues with the same rate. */
    pg_adam_set_lr(t->g_opt, !judged && t->o.pretrain_lr > 0
                                 ? t->o.pretrain_lr : t->o.g_lr);
    return update(t, t->gnet, t->g_opt, &m->grad_norm_g);
}

pg_status pg_protein_gan_step_run(pg_protein_gan *t,
                                  pg_protein_gan_metrics *m)
{
    memset(m, 0, sizeof *m);
    long next = (long)t->step + 1;
    PG_CHECK(draw_real(t));
    PG_CHECK(critic_update(t, m));
    PG_CHECK(draw_fake(t, t->rank == 0 && t->hooks.poison_step == next));
    for (long k = 0; k < t->o.d_steps; k++) PG_CHECK(d_update(t, m));
    PG_CHECK(g_update(t, m));
    t->step = next;
    return PG_OK;
}
