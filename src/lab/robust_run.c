/* One run of `physgan robust` (robust_run.h). */
#include "lab/robust_run.h"

#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"

/* Seeded split: shuffle the row order with the data stream, the first
 * n_test rows of the permutation are held out. */
pg_status pg_robust_run_split(pg_robust_run *run)
{
    const pg_csv *c = run->csv;
    size_t n = c->rows, d = c->cols - 1;
    if (c->cols < 2)
        return PG_FAIL(PG_ERR_FORMAT, "%s: only the target column; need at "
                       "least one feature column", run->path);
    size_t nt = (size_t)lround(run->test_fraction * (double)n);
    if (nt < 1 || nt >= n || n - nt < d + 2)
        return PG_FAIL(PG_ERR_ARG,
                       "%s: %zu rows with test fraction %g leave %zu test and "
                       "%zu training rows; need >= 1 test and >= %zu "
                       "training rows for %zu features", run->path, n,
                       run->test_fraction, nt, n - nt, d + 2, d);
    run->d = d;
    run->n_test = nt;
    run->n_train = n - nt;
    size_t *perm = malloc(n * sizeof *perm);
    run->xtr = malloc(run->n_train * d * sizeof(double));
    run->ytr = malloc(run->n_train * sizeof(double));
    run->xte = malloc(nt * d * sizeof(double));
    run->yte = malloc(nt * sizeof(double));
    if (!perm || !run->xtr || !run->ytr || !run->xte || !run->yte) {
        free(perm);
        return PG_FAIL(PG_ERR_NOMEM, "split");
    }
    pg_rng *rng;
    pg_status s = pg_rng_create((uint64_t)run->seed, 0, PG_RNG_DATA, &rng);
    if (s != PG_OK) {
        free(perm);
        return pg_error_trace(s, __FILE__, __LINE__, __func__);
    }
    for (size_t i = 0; i < n; i++) perm[i] = i;
    gsl_ran_shuffle(pg_rng_gsl(rng), perm, n, sizeof *perm);
    pg_rng_destroy(&rng);
    for (size_t k = 0; k < n; k++) {
        const double *row = c->data + perm[k] * c->cols;
        int test = k < nt;
        size_t i = test ? k : k - nt;
        double *x = (test ? run->xte : run->xtr) + i * d;
        (test ? run->yte : run->ytr)[i] = row[run->target_col];
        for (size_t j = 0, f = 0; j < c->cols; j++)
            if (j != run->target_col) x[f++] = row[j];
    }
    free(perm);
    return PG_OK;
}

static void score(const pg_robust_run *run, double eps, pg_robust_model_result *m)
{
    pg_robust_problem te = {run->xte, run->yte, run->n_test, run->d, 0};
    m->clean_rmse = pg_robust_rmse(&te, m->w, m->b);
    te.eps = eps;
    m->worst_rmse = pg_robust_rmse(&te, m->w, m->b);
    double s = 0;
    for (size_t j = 0; j < run->d; j++) s += m->w[j] * m->w[j];
    m->norm_w = sqrt(s);
}

pg_status pg_robust_run_fit(pg_robust_run *run)
{
    pg_robust_problem tr = {run->xtr, run->ytr, run->n_train, run->d, 0};
    double *wo = calloc(run->d, sizeof *wo), *wh = calloc(run->d, sizeof *wh);
    double bo, bh;
    pg_status s;
    if (!wo || !wh) {
        s = PG_FAIL(PG_ERR_NOMEM, "coefficients");
        goto done;
    }
    PG_CHECK_GOTO(s, pg_robust_fit_ols(&tr, wo, &bo), done);
    PG_CHECK_GOTO(s, pg_robust_fit_huber(&tr, wh, &bh), done);
    for (int e = 0; e < run->n_eps; e++) {
        pg_robust_eps_result *r = &run->r[e];
        for (int k = 0; k < PG_ROBUST_MODELS; k++) {
            r->m[k].w = calloc(run->d, sizeof(double));
            if (!r->m[k].w) {
                s = PG_FAIL(PG_ERR_NOMEM, "coefficients");
                goto done;
            }
        }
        memcpy(r->m[PG_ROBUST_OLS].w, wo, run->d * sizeof *wo);
        r->m[PG_ROBUST_OLS].b = bo;
        memcpy(r->m[PG_ROBUST_HUBER].w, wh, run->d * sizeof *wh);
        r->m[PG_ROBUST_HUBER].b = bh;
        tr.eps = r->eps;
        PG_CHECK_GOTO(s, pg_robust_fit(&tr, r->m[PG_ROBUST_WORST].w,
                                       &r->m[PG_ROBUST_WORST].b, &r->info), done);
        r->ols_train_objective = pg_robust_loss(&tr, wo, bo, NULL, NULL);
        for (int k = 0; k < PG_ROBUST_MODELS; k++) score(run, r->eps, &r->m[k]);
    }
    s = PG_OK;
done:
    free(wo);
    free(wh);
    return s;
}

void pg_robust_run_destroy(pg_robust_run *run)
{
    if (!run) return;
    for (int e = 0; e < run->n_eps; e++)
        for (int k = 0; k < PG_ROBUST_MODELS; k++) free(run->r[e].m[k].w);
    free(run->xtr);
    free(run->ytr);
    free(run->xte);
    free(run->yte);
    pg_csv_destroy(&run->csv);
    free(run);
}
