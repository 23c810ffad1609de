/* Professor Forcing (Lamb et al. 2016) for the foam surrogate: a
 * sequence-level adversarial term that pushes G's free-running dynamics
 * toward its teacher-forced dynamics (docs/foam.md, "Professor Forcing").
 *
 * For a batch of true frames x_0 .. x_L (x_j = frame t + j k, L = [loss]
 * pf_horizon):
 *   teacher-forced trajectory  T = (G(x_0), G(x_1), ..., G(x_{L-1}))
 *   free-running trajectory    F = (y_1, ..., y_L), y_1 = G(x_0),
 *                                   y_{j+1} = G(y_j)
 * A PatchGAN D_pf (models/patchgan.h, the [model] width and d_layers of D)
 * sees concat(x_0, trajectory) with the L frames as channels and learns
 * T as real, F as fake (loss zoo D term). G gets pf_weight times the loss
 * zoo G term on D_pf(x_0, F): its gradient flows back through the whole
 * unroll, G applied L times with shared weights (one graph per unroll
 * step on G's net: docs/engine.md, "Nets"). T carries no gradient to G.
 * Nothing here allocates after create. */
#include <stdlib.h>
#include <string.h>

#include "dist/allreduce.h"
#include "models/patchgan.h"
#include "nn/loss.h"
#include "nn/ops.h"
#include "train/pix2pix_impl.h"

enum { PF_MAX_HORIZON = 16 };

struct pg_pix2pix_pf {
    int L;
    pg_net *dnet;
    pg_adam *opt;
    pg_graph *f[PF_MAX_HORIZON];      /* G unroll steps, batch N */
    int f_in[PF_MAX_HORIZON], f_out[PF_MAX_HORIZON];
    pg_graph *dr, *df;                /* D_pf on T, on F */
    int dr_c, dr_x, dr_out, df_c, df_x, df_out;
    size_t map_len;
    float *gr, *gf, *acc;
};

pg_net *pg_pix2pix_pf_net(const pg_pix2pix *p)
{
    return p->pf ? p->pf->dnet : NULL;
}

static pg_status build_d(pg_pix2pix *p, pg_pix2pix_pf *f, pg_graph **g,
                         int *c, int *x, int *out)
{
    int n = (int)p->o.batch;
    pg_patchgan_spec s = {p->arch.width, p->arch.d_layers};
    PG_CHECK(pg_graph_create(f->dnet, g));
    *c = pg_op_input(*g, 4, (int[]){n, 1, p->h, p->w});
    *x = pg_op_input(*g, 4, (int[]){n, f->L, p->h, p->w});
    *out = pg_patchgan_build(*g, *c, *x, &s, NULL);
    pg_graph_set_requires_grad(*g, *c, 0);
    pg_graph_set_requires_grad(*g, *x, 0);
    PG_CHECK(pg_graph_finalize(*g));
    return PG_OK;
}

pg_status pg_pix2pix_pf_create(pg_pix2pix *p)
{
    if (p->o.pf_horizon < 2 || p->o.pf_horizon > PF_MAX_HORIZON)
        return PG_FAIL(PG_ERR_CONFIG, "[loss] pf_horizon = %ld: Professor "
                       "Forcing needs 2 .. %d unroll steps", p->o.pf_horizon,
                       PF_MAX_HORIZON);
    pg_pix2pix_pf *f = calloc(1, sizeof *f);
    if (!f) return PG_FAIL(PG_ERR_NOMEM, "professor forcing");
    p->pf = f;
    f->L = (int)p->o.pf_horizon;
    int n = (int)p->o.batch;
    for (int j = 0; j < f->L; j++) {
        PG_CHECK(pg_graph_create(p->gnet, &f->f[j]));
        f->f_in[j] = pg_op_input(f->f[j], 4, (int[]){n, 1, p->h, p->w});
        f->f_out[j] = pg_pix2pix_generator(f->f[j], f->f_in[j], &p->arch);
        /* Step 0 starts from data; later steps pass gradients back. */
        pg_graph_set_requires_grad(f->f[j], f->f_in[j], j > 0);
        PG_CHECK(pg_graph_finalize(f->f[j]));
    }
    PG_CHECK(pg_net_create("Dpf", &f->dnet));
    PG_CHECK(build_d(p, f, &f->dr, &f->dr_c, &f->dr_x, &f->dr_out));
    PG_CHECK(build_d(p, f, &f->df, &f->df_c, &f->df_x, &f->df_out));
    f->map_len = pg_graph_out(f->dr, f->dr_out)->size;
    size_t len = (size_t)n * (size_t)p->h * (size_t)p->w;
    f->gr = malloc(f->map_len * sizeof *f->gr);
    f->gf = malloc(f->map_len * sizeof *f->gf);
    f->acc = malloc(len * sizeof *f->acc);
    if (!f->gr || !f->gf || !f->acc)
        return PG_FAIL(PG_ERR_NOMEM, "professor forcing buffers");
    PG_CHECK(pg_adam_create(f->dnet->nw, p->o.d_lr, p->o.beta1, p->o.beta2,
                            p->o.eps, 0, &f->opt));
    return PG_OK;
}

void pg_pix2pix_pf_destroy(pg_pix2pix *p)
{
    pg_pix2pix_pf *f = p->pf;
    if (!f) return;
    for (int j = 0; j < f->L; j++) pg_graph_destroy(&f->f[j]);
    pg_graph_destroy(&f->dr);
    pg_graph_destroy(&f->df);
    pg_adam_destroy(&f->opt);
    pg_net_destroy(&f->dnet);
    free(f->gr);
    free(f->gf);
    free(f->acc);
    free(f);
    p->pf = NULL;
}

/* Frame j of a batch (N H W, frame-major) into channel j of an (N, L, H,
 * W) stack, or back (to_stack = 0). */
static void stack_copy(float *stack, float *frame, int n, int L, int j,
                       size_t hw, int to_stack)
{
    for (int i = 0; i < n; i++) {
        float *s = stack + ((size_t)i * (size_t)L + (size_t)j) * hw;
        float *b = frame + (size_t)i * hw;
        if (to_stack) memcpy(s, b, hw * sizeof *s);
        else memcpy(b, s, hw * sizeof *s);
    }
}

/* Free-running unroll from the frames in f_in[0]'s... : F graph j's input
 * is step j-1's output; fills the stack x (N, L, H, W). Step 0's output
 * is y1 (given: G's output on x_0). */
static pg_status unroll(pg_pix2pix *p, const float *y1, float *x)
{
    pg_pix2pix_pf *f = p->pf;
    int n = (int)p->o.batch;
    size_t hw = (size_t)p->h * (size_t)p->w, len = (size_t)n * hw;
    const float *prev = y1;
    stack_copy(x, (float *)y1, n, f->L, 0, hw, 1);
    for (int j = 1; j < f->L; j++) {
        memcpy(pg_graph_data(f->f[j], f->f_in[j]), prev, len * sizeof *x);
        PG_CHECK(pg_graph_forward(f->f[j]));
        prev = pg_graph_data(f->f[j], f->f_out[j]);
        stack_copy(x, (float *)prev, n, f->L, j, hw, 1);
    }
    return PG_OK;
}

pg_status pg_pix2pix_pf_d_update(pg_pix2pix *p, pg_pix2pix_metrics *m)
{
    pg_pix2pix_pf *f = p->pf;
    int n = (int)p->o.batch;
    size_t hw = (size_t)p->h * (size_t)p->w, len = (size_t)n * hw;
    const float *traj = pg_pix2pix_pf_frames(p);
    float *xr = pg_graph_data(f->dr, f->dr_x), *xf = pg_graph_data(f->df,
                                                                    f->df_x);
    memcpy(pg_graph_data(f->dr, f->dr_c), traj, len * sizeof *xr);
    memcpy(pg_graph_data(f->df, f->df_c), traj, len * sizeof *xr);
    /* Teacher-forced: G on each true frame x_0 .. x_{L-1}. */
    for (int j = 0; j < f->L; j++) {
        memcpy(pg_graph_data(f->f[0], f->f_in[0]), traj + (size_t)j * len,
               len * sizeof *xr);
        PG_CHECK(pg_graph_forward(f->f[0]));
        stack_copy(xr, pg_graph_data(f->f[0], f->f_out[0]), n, f->L, j, hw,
                   1);
    }
    /* Free-running from x_0 (G(x_0) is p->g's output of this batch). */
    PG_CHECK(unroll(p, pg_graph_data(p->g, p->g_out), xf));
    PG_CHECK(pg_graph_forward(f->dr));
    PG_CHECK(pg_graph_forward(f->df));
    int bce = pg_gan_loss_is_bce(p->o.loss);
    float real_label = bce ? (float)(1.0 - p->o.label_smoothing) : 1.0f;
    memset(f->gr, 0, f->map_len * sizeof *f->gr);
    memset(f->gf, 0, f->map_len * sizeof *f->gf);
    m->loss_pf_d = pg_gan_loss_d(p->o.loss, pg_graph_data(f->dr, f->dr_out),
                                 pg_graph_data(f->df, f->df_out), f->map_len,
                                 real_label, 1.0f, f->gr, f->gf);
    pg_net_zero_grad(f->dnet);
    pg_graph_zero_grads(f->dr);
    memcpy(pg_graph_gradv(f->dr, f->dr_out), f->gr,
           f->map_len * sizeof *f->gr);
    PG_CHECK(pg_graph_backward(f->dr));
    pg_graph_zero_grads(f->df);
    memcpy(pg_graph_gradv(f->df, f->df_out), f->gf,
           f->map_len * sizeof *f->gf);
    PG_CHECK(pg_graph_backward(f->df));
    if (p->size > 1)
        PG_CHECK(pg_dist_allreduce_mean(f->dnet->g, f->dnet->nw, p->comm));
    pg_adam_step(f->opt, f->dnet->w, f->dnet->g);
    return PG_OK;
}

pg_status pg_pix2pix_pf_g_term(pg_pix2pix *p, pg_pix2pix_metrics *m,
                               float *gy)
{
    pg_pix2pix_pf *f = p->pf;
    int n = (int)p->o.batch;
    size_t hw = (size_t)p->h * (size_t)p->w, len = (size_t)n * hw;
    float *xf = pg_graph_data(f->df, f->df_x);
    /* G is unchanged since the D step: the unroll gives the same frames,
     * recomputed so every step graph holds its activations. */
    PG_CHECK(unroll(p, pg_graph_data(p->g, p->g_out), xf));
    pg_graph_set_param_grads(f->df, 0);
    pg_graph_set_requires_grad(f->df, f->df_x, 1);
    PG_CHECK(pg_graph_forward(f->df));
    if (p->o.loss == PG_GAN_RAGAN) PG_CHECK(pg_graph_forward(f->dr));
    pg_graph_zero_grads(f->df);
    m->pf = pg_gan_loss_g(p->o.loss, pg_graph_data(f->dr, f->dr_out),
                          pg_graph_data(f->df, f->df_out), f->map_len,
                          (float)p->o.pf_w, NULL,
                          pg_graph_gradv(f->df, f->df_out));
    PG_CHECK(pg_graph_backward(f->df));
    pg_graph_set_param_grads(f->df, 1);
    pg_graph_set_requires_grad(f->df, f->df_x, 0);
    /* The growth law on the free-running steps y_2 .. y_L (y_1 = G(x_0)
     * has its term in the G step): each one's film content against the
     * true frame's, added to D_pf's gradient on the stack. */
    float *gx = pg_graph_gradv(f->df, f->df_x);
    if (p->o.mean_w > 0) {
        const float *traj = pg_pix2pix_pf_frames(p);
        for (int j = 2; j <= f->L; j++)
            for (int i = 0; i < n; i++) {
                size_t at = ((size_t)i * (size_t)f->L + (size_t)(j - 1)) * hw;
                m->mean_match += pg_loss_mean_match(
                    xf + at, traj + (size_t)j * len + (size_t)i * hw, 1, hw,
                    (float)(p->o.mean_w / n), gx + at) / n;
            }
    }
    /* Back through the unroll: acc = dL/dy_j, j = L .. 1. */
    stack_copy((float *)gx, f->acc, n, f->L, f->L - 1, hw, 0);
    for (int j = f->L - 1; j >= 1; j--) {
        pg_graph_zero_grads(f->f[j]);
        memcpy(pg_graph_gradv(f->f[j], f->f_out[j]), f->acc,
               len * sizeof *f->acc);
        PG_CHECK(pg_graph_backward(f->f[j]));
        const float *gin = pg_graph_gradv(f->f[j], f->f_in[j]);
        /* dL/dy_j = through step j + D_pf's direct gradient on channel
         * j - 1 (y_j is channel j - 1 of the stack). */
        stack_copy((float *)gx, f->acc, n, f->L, j - 1, hw, 0);
        for (size_t k = 0; k < len; k++) f->acc[k] += gin[k];
    }
    for (size_t k = 0; k < len; k++) gy[k] += f->acc[k];
    return PG_OK;
}

pg_status pg_pix2pix_pf_ckpt_add(pg_pix2pix *p, pg_checkpoint *c)
{
    pg_pix2pix_pf *f = p->pf;
    if (!f) return PG_OK;
    size_t n = pg_adam_size(f->opt);
    PG_CHECK(pg_checkpoint_add_floats(c, "Dpf/params", f->dnet->w,
                                      f->dnet->nw));
    PG_CHECK(pg_checkpoint_add_floats(c, "opt/Dpf/m", pg_adam_m(f->opt), n));
    PG_CHECK(pg_checkpoint_add_floats(c, "opt/Dpf/v", pg_adam_v(f->opt), n));
    PG_CHECK(pg_checkpoint_add_int(c, "opt/Dpf/step", pg_adam_steps(f->opt)));
    return PG_OK;
}

pg_status pg_pix2pix_pf_ckpt_get(pg_pix2pix *p, const pg_checkpoint *c,
                                 const char *path)
{
    pg_pix2pix_pf *f = p->pf;
    if (!f) return PG_OK;
    if (!pg_checkpoint_has(c, "Dpf/params"))
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /Dpf/params: it "
                       "was written without Professor Forcing ([loss] "
                       "pf_weight = 0); resume with the same job", path);
    size_t n = pg_adam_size(f->opt);
    int64_t steps;
    PG_CHECK(pg_checkpoint_get_floats(c, "Dpf/params", f->dnet->w,
                                      f->dnet->nw));
    PG_CHECK(pg_checkpoint_get_floats(c, "opt/Dpf/m", pg_adam_m(f->opt), n));
    PG_CHECK(pg_checkpoint_get_floats(c, "opt/Dpf/v", pg_adam_v(f->opt), n));
    PG_CHECK(pg_checkpoint_get_int(c, "opt/Dpf/step", &steps));
    pg_adam_set_steps(f->opt, (long)steps);
    return PG_OK;
}
