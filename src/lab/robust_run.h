/* One run of `physgan robust` (docs/robust.md): a CSV table split into
 * training and held-out rows by a seeded shuffle, ordinary least squares,
 * Huber regression and the worst-case fit (robust.h) at each budget eps,
 * every model scored on the held-out rows: clean RMSE, worst-case RMSE
 * under the l2 budget eps on the inputs, and |w|. Not collective. */
#ifndef PG_LAB_ROBUST_RUN_H
#define PG_LAB_ROBUST_RUN_H

#include <stddef.h>

#include "base/status.h"
#include "io/csv.h"
#include "lab/robust.h"

enum { PG_ROBUST_MAX_EPS = 32 };
enum { PG_ROBUST_OLS = 0, PG_ROBUST_HUBER, PG_ROBUST_WORST, PG_ROBUST_MODELS };

typedef struct pg_robust_model_result {
    double *w, b, clean_rmse, worst_rmse, norm_w;
} pg_robust_model_result;

typedef struct pg_robust_eps_result {
    double eps;
    pg_robust_model_result m[PG_ROBUST_MODELS];
    pg_robust_fit_info info;
    double ols_train_objective; /* OLS under the worst-case loss, train */
} pg_robust_eps_result;

typedef struct pg_robust_run {
    const char *path, *target;
    pg_csv *csv;
    size_t d, n_train, n_test, target_col;
    double *xtr, *ytr, *xte, *yte;
    double test_fraction;
    long seed;
    int n_eps;
    pg_robust_eps_result r[PG_ROBUST_MAX_EPS];
} pg_robust_run;

/* The caller fills path, target, csv (read, owned by the run from then
 * on), target_col, test_fraction, seed, n_eps and r[e].eps. */

/* Split csv into xtr/ytr and xte/yte: shuffle the row order with the
 * PG_RNG_DATA stream of seed, the first round(test_fraction x rows) rows
 * of the permutation are held out. PG_ERR_FORMAT without a feature column,
 * PG_ERR_ARG when the split leaves too few rows. */
pg_status pg_robust_run_split(pg_robust_run *run);
/* Fit the three models for every eps and score them. */
pg_status pg_robust_run_fit(pg_robust_run *run);
/* Free the run's arrays, its csv and run itself (calloc'd); NULL is
 * accepted. */
void pg_robust_run_destroy(pg_robust_run *run);

#endif
