/* The classifier two-sample test (train/c2st.h). */
#include "train/c2st.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "models/classifier.h"
#include "nn/optim.h"

static const double ADAM_BETA1 = 0.9, ADAM_BETA2 = 0.999, ADAM_EPS = 1e-8;

pg_c2st_params pg_c2st_defaults(void)
{
    return (pg_c2st_params){.seeds = 3, .seed = 1, .train_frac = 0.7,
                            .epochs = 30, .batch = 32, .lr = 1e-3,
                            .width = 8, .max_per_class = 1000};
}

/* One seed's data: the chosen patches, mean-removed and scaled, training
 * rows first (A then B), then the test rows. */
typedef struct c2st_data {
    int h, w;
    size_t hw, ntr, nte;       /* per class */
    float *x;                  /* 2 (ntr + nte) rows of hw */
    int32_t *y;
    size_t *order;             /* training rows, shuffled per epoch */
    float *xb;                 /* one batch */
    int32_t *yb;
} c2st_data;

static void data_free(c2st_data *d)
{
    free(d->x);
    free(d->y);
    free(d->order);
    free(d->xb);
    free(d->yb);
    memset(d, 0, sizeof *d);
}

static void shuffle(pg_rng *r, size_t *idx, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = pg_rng_uniform_int(r, i);
        size_t t = idx[i - 1];
        idx[i - 1] = idx[j];
        idx[j] = t;
    }
}

/* Copy patch src into row dst minus its mean. */
static void centred(float *dst, const float *src, size_t hw)
{
    double m = 0;
    for (size_t i = 0; i < hw; i++) m += src[i];
    m /= (double)hw;
    for (size_t i = 0; i < hw; i++) dst[i] = (float)(src[i] - m);
}

static pg_status data_make(const float *a, size_t na, const float *b,
                           size_t nb, size_t n, const pg_c2st_params *p,
                           pg_rng *r, c2st_data *d)
{
    size_t hw = d->hw, ntr = d->ntr, nte = d->nte, rows = 2 * n;
    size_t *ia = malloc(na * sizeof *ia), *ib = malloc(nb * sizeof *ib);
    d->x = malloc(rows * hw * sizeof *d->x);
    d->y = malloc(rows * sizeof *d->y);
    d->order = malloc(2 * ntr * sizeof *d->order);
    d->xb = malloc((size_t)p->batch * hw * sizeof *d->xb);
    d->yb = malloc((size_t)p->batch * sizeof *d->yb);
    if (!ia || !ib || !d->x || !d->y || !d->order || !d->xb || !d->yb) {
        free(ia);
        free(ib);
        return PG_FAIL(PG_ERR_NOMEM, "two-sample test: %zu patches of %zu "
                       "cells", rows, hw);
    }
    for (size_t i = 0; i < na; i++) ia[i] = i;
    for (size_t i = 0; i < nb; i++) ib[i] = i;
    shuffle(r, ia, na);
    shuffle(r, ib, nb);
    /* One set against itself: two disjoint random halves (the
     * calibration "real vs real"), B's patches after A's in one shuffle. */
    if (a == b) memcpy(ib, ia + n, n * sizeof *ib);
    /* Rows: A train, B train, A test, B test. */
    for (size_t i = 0; i < n; i++) {
        size_t ra = i < ntr ? i : 2 * ntr + (i - ntr);
        size_t rb = i < ntr ? ntr + i : 2 * ntr + nte + (i - ntr);
        centred(d->x + ra * hw, a + ia[i] * hw, hw);
        centred(d->x + rb * hw, b + ib[i] * hw, hw);
        d->y[ra] = 0;
        d->y[rb] = 1;
    }
    free(ia);
    free(ib);
    double ss = 0;
    for (size_t i = 0; i < 2 * ntr * hw; i++) ss += (double)d->x[i] * d->x[i];
    double sd = sqrt(ss / (double)(2 * ntr * hw));
    float inv = sd > 0 ? (float)(1 / sd) : 1.0f;
    for (size_t i = 0; i < rows * hw; i++) d->x[i] *= inv;
    for (size_t i = 0; i < 2 * ntr; i++) d->order[i] = i;
    return PG_OK;
}

/* Row src into the batch slot, mirrored along x and/or y. */
static void flipped(float *dst, const float *src, int h, int w, int fx,
                    int fy)
{
    for (int i = 0; i < h; i++) {
        const float *s = src + (size_t)(fy ? h - 1 - i : i) * w;
        float *o = dst + (size_t)i * w;
        if (fx)
            for (int j = 0; j < w; j++) o[j] = s[w - 1 - j];
        else
            memcpy(o, s, (size_t)w * sizeof *o);
    }
}

static pg_status train_epoch(pg_classifier *cl, pg_adam *adam, c2st_data *d,
                             const pg_c2st_params *p, pg_rng *r)
{
    size_t n = 2 * d->ntr;
    shuffle(r, d->order, n);
    for (size_t i0 = 0; i0 < n; i0 += (size_t)p->batch) {
        int m = (int)(n - i0 < (size_t)p->batch ? n - i0 : (size_t)p->batch);
        for (int k = 0; k < m; k++) {
            size_t row = d->order[i0 + (size_t)k];
            int fx = pg_rng_uniform(r) < 0.5, fy = pg_rng_uniform(r) < 0.5;
            flipped(d->xb + (size_t)k * d->hw, d->x + row * d->hw, d->h, d->w,
                    fx, fy);
            d->yb[k] = d->y[row];
        }
        double loss;
        pg_net_zero_grad(cl->net);
        PG_CHECK(pg_classifier_loss_backward(cl, d->xb, d->yb, m, &loss));
        if (!isfinite(loss))
            return PG_FAIL(PG_ERR_NUMERIC, "two-sample test: the classifier's "
                           "loss is %g", loss);
        pg_adam_step(adam, cl->net->w, cl->net->g);
    }
    return PG_OK;
}

static pg_status test_accuracy(pg_classifier *cl, const c2st_data *d,
                               const pg_c2st_params *p, double *acc)
{
    size_t first = 2 * d->ntr, n = 2 * d->nte, right = 0;
    for (size_t i0 = 0; i0 < n; i0 += (size_t)p->batch) {
        int m = (int)(n - i0 < (size_t)p->batch ? n - i0 : (size_t)p->batch);
        int c;
        PG_CHECK(pg_classifier_count_correct(cl, d->x + (first + i0) * d->hw,
                                             d->y + first + i0, m, &c));
        right += (size_t)c;
    }
    *acc = (double)right / (double)n;
    return PG_OK;
}

static pg_status one_seed(const float *a, size_t na, const float *b,
                          size_t nb, size_t n, const pg_c2st_params *p,
                          uint64_t seed, c2st_data *d, double *acc)
{
    pg_rng *r = NULL, *init = NULL;
    pg_classifier *cl = NULL;
    pg_adam *adam = NULL;
    pg_status s;
    PG_CHECK_GOTO(s, pg_rng_create(seed, 0, PG_RNG_DATA, &r), done);
    PG_CHECK_GOTO(s, pg_rng_create(seed, 0, PG_RNG_INIT, &init), done);
    PG_CHECK_GOTO(s, data_make(a, na, b, nb, n, p, r, d), done);
    PG_CHECK_GOTO(s, pg_classifier_create_with(p->batch, 1, d->h, d->w, 2,
                                               p->width,
                                               pg_classifier_build_pyramid,
                                               init, &cl), done);
    PG_CHECK_GOTO(s, pg_adam_create(cl->net->nw, p->lr, ADAM_BETA1,
                                    ADAM_BETA2, ADAM_EPS, 0.0, &adam), done);
    for (int e = 0; e < p->epochs; e++)
        PG_CHECK_GOTO(s, train_epoch(cl, adam, d, p, r), done);
    PG_CHECK_GOTO(s, test_accuracy(cl, d, p, acc), done);
done:
    pg_adam_destroy(&adam);
    pg_classifier_destroy(&cl);
    pg_rng_destroy(&init);
    pg_rng_destroy(&r);
    return s;
}

static pg_status check(const float *x, size_t n, size_t hw, const char *set)
{
    for (size_t i = 0; i < n * hw; i++)
        if (!isfinite(x[i]))
            return PG_FAIL(PG_ERR_NUMERIC, "two-sample test: patch %zu of set "
                           "%s has a non-finite value", i / hw, set);
    return PG_OK;
}

pg_status pg_c2st_run(const float *a, size_t na, const float *b, size_t nb,
                      int h, int w, const pg_c2st_params *p,
                      pg_c2st_result *out)
{
    memset(out, 0, sizeof *out);
    if (p->seeds < 1 || p->seeds > PG_C2ST_MAX_SEEDS || p->epochs < 1 ||
        p->batch < 1 || p->width < 1 || !(p->train_frac > 0) ||
        !(p->train_frac < 1) || !(p->lr > 0) || h < 1 || w < 1)
        return PG_FAIL(PG_ERR_ARG, "two-sample test: seeds %d (1..%d), "
                       "epochs %d, batch %d, width %d, train fraction %g, "
                       "lr %g, patches %d x %d: out of range", p->seeds,
                       PG_C2ST_MAX_SEEDS, p->epochs, p->batch, p->width,
                       p->train_frac, p->lr, h, w);
    size_t hw = (size_t)h * (size_t)w;
    size_t n = na < nb ? na : nb;
    if (a == b) n = na / 2;   /* two disjoint halves */
    if (p->max_per_class && n > p->max_per_class) n = p->max_per_class;
    size_t ntr = (size_t)lround(p->train_frac * (double)n);
    if (ntr < 1 || ntr >= n)
        return PG_FAIL(PG_ERR_ARG, "two-sample test: %zu and %zu patches "
                       "leave no training or no test patch (split %g)", na,
                       nb, p->train_frac);
    PG_CHECK(check(a, na, hw, "A"));
    PG_CHECK(check(b, nb, hw, "B"));
    double sum = 0, sum2 = 0;
    for (int k = 0; k < p->seeds; k++) {
        c2st_data d = {.h = h, .w = w, .hw = hw, .ntr = ntr, .nte = n - ntr};
        double acc = 0;
        pg_status s = one_seed(a, na, b, nb, n, p, p->seed + (uint64_t)k, &d,
                               &acc);
        data_free(&d);
        PG_CHECK(s);
        out->per_seed[k] = acc;
        sum += acc;
        sum2 += acc * acc;
    }
    out->seeds = p->seeds;
    out->accuracy = sum / p->seeds;
    double var = p->seeds > 1 ? (sum2 - sum * sum / p->seeds) / (p->seeds - 1)
                              : 0;
    out->accuracy_std = var > 0 ? sqrt(var) : 0;
    out->per_class = n;
    out->train_per_class = ntr;
    out->test_per_class = n - ntr;
    return PG_OK;
}
