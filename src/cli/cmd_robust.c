/* physgan robust: adversarially robust linear regression on a CSV table.
 * Fits ordinary least squares, Huber regression and the worst-case
 * (adversarial) loss fit on a seeded train split and compares them on the
 * held-out rows: clean RMSE, worst-case RMSE under an l2 budget eps on the
 * inputs, and the coefficients (docs/robust.md). */
#include <getopt.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/rng.h"
#include "cli/cli.h"
#include "io/csv.h"
#include "lab/robust.h"

enum { MAX_EPS = 32, M_OLS = 0, M_HUBER, M_ROBUST, N_MODELS };
static const char *const model_key[N_MODELS] = {"ols", "huber", "robust"};
static const char *const model_name[N_MODELS] = {"OLS", "Huber",
                                                 "worst-case fit"};

typedef struct model_result {
    double *w, b, clean_rmse, worst_rmse, norm_w;
} model_result;

typedef struct eps_result {
    double eps;
    model_result m[N_MODELS];
    pg_robust_fit_info info;
    double ols_train_objective; /* OLS under the worst-case loss, train */
} eps_result;

typedef struct robust_run {
    const char *path, *target;
    pg_csv *csv;
    size_t d, n_train, n_test, target_col;
    double *xtr, *ytr, *xte, *yte;
    double test_fraction;
    long seed;
    int n_eps;
    eps_result r[MAX_EPS];
} robust_run;

/* Parse "0,0.1,0.5" into eps values. */
static int parse_eps_list(const char *s, robust_run *run)
{
    char buf[512];
    if (strlen(s) >= sizeof buf)
        return pg_cli_usage_error("robust", "--eps list too long");
    strcpy(buf, s);
    run->n_eps = 0;
    for (char *tok = strtok(buf, ","); tok; tok = strtok(NULL, ",")) {
        if (run->n_eps == MAX_EPS)
            return pg_cli_usage_error("robust", "--eps: at most %d values",
                                      MAX_EPS);
        if (pg_cli_parse_double("robust", "--eps", tok, 0, 1e300,
                                &run->r[run->n_eps++].eps))
            return PG_EXIT_USAGE;
    }
    if (run->n_eps == 0)
        return pg_cli_usage_error("robust", "--eps '%s': no value", s);
    return 0;
}

/* Seeded split: shuffle the row order with the data stream, the first
 * n_test rows of the permutation are held out. */
static pg_status split(robust_run *run)
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

static void score(const robust_run *run, double eps, model_result *m)
{
    pg_robust_problem te = {run->xte, run->yte, run->n_test, run->d, 0};
    m->clean_rmse = pg_robust_rmse(&te, m->w, m->b);
    te.eps = eps;
    m->worst_rmse = pg_robust_rmse(&te, m->w, m->b);
    double s = 0;
    for (size_t j = 0; j < run->d; j++) s += m->w[j] * m->w[j];
    m->norm_w = sqrt(s);
}

static pg_status fit_all(robust_run *run)
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
        eps_result *r = &run->r[e];
        for (int k = 0; k < N_MODELS; k++) {
            r->m[k].w = calloc(run->d, sizeof(double));
            if (!r->m[k].w) {
                s = PG_FAIL(PG_ERR_NOMEM, "coefficients");
                goto done;
            }
        }
        memcpy(r->m[M_OLS].w, wo, run->d * sizeof *wo);
        r->m[M_OLS].b = bo;
        memcpy(r->m[M_HUBER].w, wh, run->d * sizeof *wh);
        r->m[M_HUBER].b = bh;
        tr.eps = r->eps;
        PG_CHECK_GOTO(s, pg_robust_fit(&tr, r->m[M_ROBUST].w,
                                       &r->m[M_ROBUST].b, &r->info), done);
        r->ols_train_objective = pg_robust_loss(&tr, wo, bo, NULL, NULL);
        for (int k = 0; k < N_MODELS; k++) score(run, r->eps, &r->m[k]);
    }
    s = PG_OK;
done:
    free(wo);
    free(wh);
    return s;
}

static void print_markdown(FILE *f, const robust_run *run)
{
    const pg_csv *c = run->csv;
    fprintf(f, "physgan robust: %s, target '%s', features", run->path,
            run->target);
    for (size_t j = 0, k = 0; j < c->cols; j++)
        if (j != run->target_col) fprintf(f, "%s %s", k++ ? "," : "", c->names[j]);
    fprintf(f, "; %zu training / %zu test rows (seed %ld, test fraction "
            "%g)\n", run->n_train, run->n_test, run->seed, run->test_fraction);
    for (int e = 0; e < run->n_eps; e++) {
        const eps_result *r = &run->r[e];
        fprintf(f, "\n### eps = %g\n\n| model | clean RMSE | worst-case RMSE "
                "| norm of w | intercept b | w |\n| --- | ---: | ---: | ---: "
                "| ---: | --- |\n", r->eps);
        for (int k = 0; k < N_MODELS; k++) {
            const model_result *m = &r->m[k];
            fprintf(f, "| %s | %.6g | %.6g | %.6g | %.6g | ", model_name[k],
                    m->clean_rmse, m->worst_rmse, m->norm_w, m->b);
            for (size_t j = 0; j < run->d; j++)
                fprintf(f, "%s%.6g", j ? ", " : "", m->w[j]);
            fprintf(f, " |\n");
        }
        const pg_robust_fit_info *i = &r->info;
        fprintf(f, "\nworst-case fit: %s; training objective %.6g (OLS: "
                "%.6g); %d BFGS iterations in %d smoothing stages (final "
                "smoothed gradient %.3g); subgradient norm %.3g (tolerance "
                "%.3g, %d residuals on the kink%s); largest probe decrease "
                "%.3g\n",
                i->converged ? "converged" : "NOT converged", i->objective,
                r->ols_train_objective, i->iterations, i->stages,
                i->smooth_grad_norm, i->subgrad_norm, 1e-6 * i->grad_scale,
                i->kinks, i->w_at_zero ? ", w = 0" : "", i->probe_decrease);
    }
}

static void print_json(FILE *f, const robust_run *run)
{
    const pg_csv *c = run->csv;
    fprintf(f, "{\"data\": ");
    pg_json_write_string(f, run->path);
    fprintf(f, ", \"target\": ");
    pg_json_write_string(f, run->target);
    fprintf(f, ", \"features\": [");
    for (size_t j = 0, k = 0; j < c->cols; j++)
        if (j != run->target_col) {
            fprintf(f, "%s", k++ ? ", " : "");
            pg_json_write_string(f, c->names[j]);
        }
    fprintf(f, "], \"n_train\": %zu, \"n_test\": %zu, \"seed\": %ld, "
            "\"test_fraction\": %.17g, \"results\": [", run->n_train,
            run->n_test, run->seed, run->test_fraction);
    for (int e = 0; e < run->n_eps; e++) {
        const eps_result *r = &run->r[e];
        fprintf(f, "%s{\"eps\": %.17g, \"models\": {", e ? ", " : "", r->eps);
        for (int k = 0; k < N_MODELS; k++) {
            const model_result *m = &r->m[k];
            fprintf(f, "%s\"%s\": {\"clean_rmse\": %.17g, \"worst_rmse\": "
                    "%.17g, \"norm_w\": %.17g, \"intercept\": %.17g, "
                    "\"coef\": [", k ? ", " : "", model_key[k], m->clean_rmse,
                    m->worst_rmse, m->norm_w, m->b);
            for (size_t j = 0; j < run->d; j++)
                fprintf(f, "%s%.17g", j ? ", " : "", m->w[j]);
            fprintf(f, "]");
            if (k == M_ROBUST) {
                const pg_robust_fit_info *i = &r->info;
                fprintf(f, ", \"converged\": %s, \"train_objective\": %.17g, "
                        "\"ols_train_objective\": %.17g, \"iterations\": %d, "
                        "\"stages\": %d, \"subgradient_norm\": %.6g, "
                        "\"subgradient_tolerance\": %.6g, \"kinks\": %d, "
                        "\"probe_decrease\": %.6g",
                        i->converged ? "true" : "false", i->objective,
                        r->ols_train_objective, i->iterations, i->stages,
                        i->subgrad_norm, 1e-6 * i->grad_scale, i->kinks,
                        i->probe_decrease);
            }
            fprintf(f, "}");
        }
        fprintf(f, "}}");
    }
    fprintf(f, "]}\n");
}

static void usage(FILE *f)
{
    fprintf(f,
            "usage: physgan robust DATA.csv --target COLUMN --eps E[,E...] "
            "[options]\n\n"
            "Fits y ~ w.x + b by ordinary least squares, Huber regression and\n"
            "by minimising the worst-case squared loss when each input x may\n"
            "be moved by at most eps (l2), mean (|y - w.x - b| + eps ||w||)^2.\n"
            "All columns but the target are features. The rows are split into\n"
            "training and test sets by the seed; the report gives, per eps and\n"
            "model, the clean and worst-case RMSE on the test rows and the\n"
            "coefficients. Exit 1 when the CSV is malformed (the message\n"
            "names file:line:column) or the worst-case fit does not pass its\n"
            "optimality check; 2 on a usage error or an unknown target.\n\n"
            "options:\n"
            "      --target COLUMN        the column to predict (required)\n"
            "      --eps E[,E...]         perturbation budget(s), >= 0 "
            "(required)\n"
            "      --test-fraction F      held-out share of rows (default "
            "0.3)\n"
            "      --seed S               split seed (default 1)\n"
            "      --json                 print one JSON object\n"
            "      --out FILE             also write the Markdown report to "
            "FILE\n"
            "  -h, --help                 this help\n");
}

static void run_free(robust_run *run)
{
    for (int e = 0; e < run->n_eps; e++)
        for (int k = 0; k < N_MODELS; k++) free(run->r[e].m[k].w);
    free(run->xtr);
    free(run->ytr);
    free(run->xte);
    free(run->yte);
    pg_csv_destroy(&run->csv);
    free(run);
}

int pg_cmd_robust(int argc, char **argv)
{
    static const struct option opts[] = {
        {"target", required_argument, NULL, 't'},
        {"eps", required_argument, NULL, 'e'},
        {"test-fraction", required_argument, NULL, 'f'},
        {"seed", required_argument, NULL, 's'},
        {"json", no_argument, NULL, 'j'},
        {"out", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0}};
    robust_run *run = calloc(1, sizeof *run);
    if (!run) return pg_cli_fail(PG_FAIL(PG_ERR_NOMEM, "robust"));
    run->test_fraction = 0.3;
    run->seed = 1;
    const char *out_path = NULL;
    int json = 0, c, have_eps = 0, rc = PG_EXIT_USAGE;
    optind = 0;
    while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        switch (c) {
        case 't': run->target = optarg; break;
        case 'e':
            if (parse_eps_list(optarg, run)) goto done;
            have_eps = 1;
            break;
        case 'f':
            if (pg_cli_parse_double("robust", "--test-fraction", optarg, 1e-9,
                                    1 - 1e-9, &run->test_fraction))
                goto done;
            break;
        case 's':
            if (pg_cli_parse_long("robust", "--seed", optarg, 0, 0x7fffffffL,
                                  &run->seed))
                goto done;
            break;
        case 'j': json = 1; break;
        case 'o': out_path = optarg; break;
        case 'h': usage(stdout); rc = PG_EXIT_OK; goto done;
        default: pg_cli_usage_error("robust", "bad option"); goto done;
        }
    }
    if (optind >= argc) {
        pg_cli_usage_error("robust", "expected a CSV file");
        goto done;
    }
    if (optind + 1 < argc) {
        pg_cli_usage_error("robust", "unexpected argument '%s'",
                           argv[optind + 1]);
        goto done;
    }
    if (!run->target) {
        pg_cli_usage_error("robust", "--target COLUMN is required");
        goto done;
    }
    if (!have_eps) {
        pg_cli_usage_error("robust", "--eps E is required");
        goto done;
    }
    run->path = argv[optind];
    pg_status s;
    PG_CHECK_GOTO(s, pg_csv_read(run->path, &run->csv), fail);
    PG_CHECK_GOTO(s, pg_csv_column_index(run->csv, run->target,
                                         &run->target_col), fail);
    PG_CHECK_GOTO(s, split(run), fail);
    PG_CHECK_GOTO(s, fit_all(run), fail);
    if (out_path) {
        FILE *f = fopen(out_path, "w");
        if (!f) {
            s = PG_FAIL(PG_ERR_IO, "%s: cannot write the report", out_path);
            goto fail;
        }
        print_markdown(f, run);
        if (fclose(f)) {
            s = PG_FAIL(PG_ERR_IO, "%s: write failed", out_path);
            goto fail;
        }
    }
    if (json) print_json(stdout, run);
    else print_markdown(stdout, run);
    rc = PG_EXIT_OK;
    for (int e = 0; e < run->n_eps; e++)
        if (!run->r[e].info.converged) {
            fprintf(stderr, "physgan robust: the worst-case fit at eps = %g "
                    "did not pass its optimality check\n", run->r[e].eps);
            rc = PG_EXIT_FAILURE;
        }
    goto done;
fail:
    rc = pg_cli_fail(s);
done:
    run_free(run);
    return rc;
}
