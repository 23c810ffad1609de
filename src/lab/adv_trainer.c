#include "lab/adv_trainer.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "nn/optim.h"

/* Adam's usual constants (Kingma & Ba); only the rate is an option. */
static const double ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999, ADAM_EPS = 1e-8;

long pg_adv_train_steps(const pg_adv_train_opts *o, int n)
{
    return (long)o->epochs * ((n + o->batch - 1) / o->batch);
}

static pg_status check_data(const pg_image_batch *d)
{
    if (d->n < 1 || d->c < 1 || d->h < 1 || d->w < 1 || d->classes < 2)
        return PG_FAIL(PG_ERR_ARG, "image data: %d examples of (%d, %d, %d), "
                       "%d classes", d->n, d->c, d->h, d->w, d->classes);
    return PG_OK;
}

static pg_status check_opts(const pg_adv_train_opts *o)
{
    if (o->epochs < 1 || o->batch < 1 || o->width < 1 || !(o->lr > 0))
        return PG_FAIL(PG_ERR_ARG, "training: epochs %d, batch %d, width %d, "
                       "lr %g must all be positive", o->epochs, o->batch,
                       o->width, o->lr);
    if (!(o->adv_share >= 0 && o->adv_share <= 1))
        return PG_FAIL(PG_ERR_ARG, "adversarial share %g outside [0, 1]",
                       o->adv_share);
    return PG_OK;
}

typedef struct trainer {
    pg_rng *init, *data, *noise;
    pg_classifier *cl;
    pg_adam *adam;
    pg_adv_work *work;
    int *perm;
    float *xb, *xt;
    int32_t *yb;
} trainer;

static void trainer_free(trainer *t)
{
    pg_rng_destroy(&t->init);
    pg_rng_destroy(&t->data);
    pg_rng_destroy(&t->noise);
    pg_classifier_destroy(&t->cl);
    pg_adam_destroy(&t->adam);
    pg_adv_work_destroy(&t->work);
    free(t->perm);
    free(t->xb);
    free(t->xt);
    free(t->yb);
}

static pg_status trainer_init(trainer *t, const pg_image_batch *d,
                              const pg_adv_train_opts *o)
{
    PG_CHECK(pg_rng_create(o->seed, 0, PG_RNG_INIT, &t->init));
    PG_CHECK(pg_rng_create(o->seed, 0, PG_RNG_DATA, &t->data));
    PG_CHECK(pg_rng_create(o->seed, 0, PG_RNG_NOISE, &t->noise));
    PG_CHECK(pg_classifier_create(o->batch, d->c, d->h, d->w, d->classes,
                                  o->width, t->init, &t->cl));
    PG_CHECK(pg_adam_create(t->cl->net->nw, o->lr, ADAM_BETA1, ADAM_BETA2,
                            ADAM_EPS, 0.0, &t->adam));
    PG_CHECK(pg_adv_work_create(o->batch, t->cl->dim, &t->work));
    size_t len = (size_t)o->batch * (size_t)t->cl->dim;
    t->perm = malloc((size_t)d->n * sizeof *t->perm);
    t->xb = malloc(len * sizeof *t->xb);
    t->xt = malloc(len * sizeof *t->xt);
    t->yb = malloc((size_t)o->batch * sizeof *t->yb);
    if (!t->perm || !t->xb || !t->xt || !t->yb)
        return PG_FAIL(PG_ERR_NOMEM, "training buffers");
    for (int i = 0; i < d->n; i++) t->perm[i] = i;
    return PG_OK;
}

static void shuffle(pg_rng *r, int *perm, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = (int)pg_rng_uniform_int(r, (unsigned long)i + 1);
        int tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
    }
}

static pg_status train_epochs(trainer *t, const pg_image_batch *d,
                              const pg_adv_train_opts *o,
                              pg_adv_train_progress progress, void *ctx,
                              double *last_loss)
{
    size_t dim = (size_t)t->cl->dim;
    pg_adv_oracle oracle = {pg_classifier_input_grad, t->cl, t->cl->dim,
                            o->batch};
    long step = 0, total = pg_adv_train_steps(o, d->n);
    double epoch_loss = 0;
    for (int e = 0; e < o->epochs; e++) {
        shuffle(t->data, t->perm, d->n);
        epoch_loss = 0;
        for (int b0 = 0; b0 < d->n; b0 += o->batch) {
            int m = d->n - b0 < o->batch ? d->n - b0 : o->batch;
            for (int i = 0; i < m; i++) {
                int k = t->perm[b0 + i];
                memcpy(t->xb + i * dim, d->x + (size_t)k * dim,
                       dim * sizeof *t->xb);
                t->yb[i] = d->labels[k];
            }
            const float *xin = t->xb;
            if (o->adv_share > 0) {
                PG_CHECK(pg_adv_batch_make(&oracle, t->work, t->xb, t->yb, m,
                                           o->adv_share, &o->pgd, t->noise,
                                           t->xt));
                xin = t->xt;
            }
            double loss;
            pg_net_zero_grad(t->cl->net);
            PG_CHECK(pg_classifier_loss_backward(t->cl, xin, t->yb, m, &loss));
            if (!isfinite(loss))
                return PG_FAIL(PG_ERR_NUMERIC, "training loss is %g at step "
                               "%ld", loss, step + 1);
            pg_adam_step(t->adam, t->cl->net->w, t->cl->net->g);
            epoch_loss += loss * m;
            if (progress) progress(ctx, ++step, total, loss);
        }
    }
    if (last_loss) *last_loss = epoch_loss / d->n;
    return PG_OK;
}

pg_status pg_adv_train(const pg_image_batch *data, const pg_adv_train_opts *o,
                       pg_adv_train_progress progress, void *progress_ctx,
                       pg_classifier **out, double *last_loss)
{
    *out = NULL;
    PG_CHECK(check_data(data));
    PG_CHECK(check_opts(o));
    trainer t = {0};
    pg_status s;
    PG_CHECK_GOTO(s, trainer_init(&t, data, o), fail);
    PG_CHECK_GOTO(s, train_epochs(&t, data, o, progress, progress_ctx,
                                  last_loss), fail);
    *out = t.cl;
    t.cl = NULL;
    s = PG_OK;
fail:
    trainer_free(&t);
    return s;
}

pg_status pg_adv_accuracy(pg_classifier *cl, const pg_image_batch *data,
                          pg_adv_attack attack, const pg_pgd_opts *p,
                          uint64_t seed, double *accuracy)
{
    PG_CHECK(check_data(data));
    if (data->c * data->h * data->w != cl->dim)
        return PG_FAIL(PG_ERR_SHAPE, "images of (%d, %d, %d) for a classifier "
                       "of %d inputs", data->c, data->h, data->w, cl->dim);
    size_t dim = (size_t)cl->dim;
    pg_adv_oracle oracle = {pg_classifier_input_grad, cl, cl->dim, cl->batch};
    pg_adv_work *work = NULL;
    pg_rng *rng = NULL;
    float *xa = malloc((size_t)cl->batch * dim * sizeof *xa);
    pg_status s = PG_OK;
    if (!xa) return PG_FAIL(PG_ERR_NOMEM, "attack buffer");
    PG_CHECK_GOTO(s, pg_adv_work_create(cl->batch, cl->dim, &work), done);
    PG_CHECK_GOTO(s, pg_rng_create(seed, 0, PG_RNG_NOISE, &rng), done);
    long right = 0;
    for (int b0 = 0; b0 < data->n; b0 += cl->batch) {
        int m = data->n - b0 < cl->batch ? data->n - b0 : cl->batch;
        const float *x = data->x + (size_t)b0 * dim;
        const int32_t *y = data->labels + b0;
        const float *xin = x;
        if (attack == PG_ADV_FGSM) {
            PG_CHECK_GOTO(s, pg_adv_fgsm(&oracle, work, x, y, m, p->eps, xa),
                          done);
            xin = xa;
        } else if (attack == PG_ADV_PGD) {
            PG_CHECK_GOTO(s, pg_adv_pgd(&oracle, work, x, y, m, p, rng, xa,
                                        NULL), done);
            xin = xa;
        }
        int c;
        PG_CHECK_GOTO(s, pg_classifier_count_correct(cl, xin, y, m, &c), done);
        right += c;
    }
    *accuracy = (double)right / data->n;
done:
    free(xa);
    pg_adv_work_destroy(&work);
    pg_rng_destroy(&rng);
    return s;
}

pg_status pg_adv_split(const pg_images *im, uint64_t seed, int n_test,
                       float *x_tr, int32_t *y_tr, float *x_te,
                       int32_t *y_te)
{
    pg_rng *r;
    PG_CHECK(pg_rng_create(seed, 0, PG_RNG_DATA, &r));
    int *perm = malloc((size_t)im->n * sizeof *perm);
    if (!perm) {
        pg_rng_destroy(&r);
        return PG_FAIL(PG_ERR_NOMEM, "split");
    }
    for (int i = 0; i < im->n; i++) perm[i] = i;
    for (int i = im->n - 1; i > 0; i--) {
        int j = (int)pg_rng_uniform_int(r, (unsigned long)i + 1);
        int t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    size_t dim = (size_t)im->c * (size_t)im->h * (size_t)im->w;
    for (int i = 0; i < im->n; i++) {
        int k = perm[i], test = i < n_test, j = test ? i : i - n_test;
        memcpy((test ? x_te : x_tr) + (size_t)j * dim, im->x + (size_t)k * dim,
               dim * sizeof *im->x);
        (test ? y_te : y_tr)[j] = im->labels[k];
    }
    free(perm);
    pg_rng_destroy(&r);
    return PG_OK;
}

pg_status pg_adv_robustness(pg_classifier *cl, const pg_image_batch *data,
                            const double *eps, int n, int steps,
                            uint64_t seed, double *clean, double *fgsm,
                            double *pgd)
{
    pg_pgd_opts p = {0, 0, steps, 1};
    PG_CHECK(pg_adv_accuracy(cl, data, PG_ADV_NONE, &p, 0, clean));
    for (int i = 0; i < n; i++) {
        p.eps = eps[i];
        p.alpha = PG_PGD_ALPHA_RATIO * p.eps / p.steps;
        if (p.eps == 0) { /* no perturbation: both attacks are the identity */
            fgsm[i] = pgd[i] = *clean;
            continue;
        }
        /* The same attack seed for every model: the same random starts. */
        PG_CHECK(pg_adv_accuracy(cl, data, PG_ADV_FGSM, &p, seed, &fgsm[i]));
        PG_CHECK(pg_adv_accuracy(cl, data, PG_ADV_PGD, &p, seed, &pgd[i]));
    }
    return PG_OK;
}
