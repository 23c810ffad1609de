/* physgan robust: adversarially robust linear regression on a CSV table.
 * Fits ordinary least squares, Huber regression and the worst-case
 * (adversarial) loss fit on a seeded train split and compares them on the
 * held-out rows: clean RMSE, worst-case RMSE under an l2 budget eps on the
 * inputs, and the coefficients (docs/robust.md). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "cli/cli.h"
#include "lab/robust_run.h"

static const char *const model_key[PG_ROBUST_MODELS] = {"ols", "huber", "robust"};
static const char *const model_name[PG_ROBUST_MODELS] = {"OLS", "Huber",
                                                 "worst-case fit"};

static void print_markdown(FILE *f, const pg_robust_run *run)
{
    const pg_csv *c = run->csv;
    fprintf(f, "physgan robust: %s, target '%s', features", run->path,
            run->target);
    for (size_t j = 0, k = 0; j < c->cols; j++)
        if (j != run->target_col) fprintf(f, "%s %s", k++ ? "," : "", c->names[j]);
    fprintf(f, "; %zu training / %zu test rows (seed %ld, test fraction "
            "%g)\n", run->n_train, run->n_test, run->seed, run->test_fraction);
    for (int e = 0; e < run->n_eps; e++) {
        const pg_robust_eps_result *r = &run->r[e];
        fprintf(f, "\n### eps = %g\n\n| model | clean RMSE | worst-case RMSE "
                "| norm of w | intercept b | w |\n| --- | ---: | ---: | ---: "
                "| ---: | --- |\n", r->eps);
        for (int k = 0; k < PG_ROBUST_MODELS; k++) {
            const pg_robust_model_result *m = &r->m[k];
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

static void print_json(FILE *f, const pg_robust_run *run)
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
        const pg_robust_eps_result *r = &run->r[e];
        fprintf(f, "%s{\"eps\": %.17g, \"models\": {", e ? ", " : "", r->eps);
        for (int k = 0; k < PG_ROBUST_MODELS; k++) {
            const pg_robust_model_result *m = &r->m[k];
            fprintf(f, "%s\"%s\": {\"clean_rmse\": %.17g, \"worst_rmse\": "
                    "%.17g, \"norm_w\": %.17g, \"intercept\": %.17g, "
                    "\"coef\": [", k ? ", " : "", model_key[k], m->clean_rmse,
                    m->worst_rmse, m->norm_w, m->b);
            for (size_t j = 0; j < run->d; j++)
                fprintf(f, "%s%.17g", j ? ", " : "", m->w[j]);
            fprintf(f, "]");
            if (k == PG_ROBUST_WORST) {
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

/* Parse "0,0.1,0.5" into the runs' eps values. */
static int parse_eps_list(const char *s, pg_robust_run *run)
{
    double eps[PG_ROBUST_MAX_EPS];
    if (pg_cli_parse_double_list("robust", "--eps", s, 0, 1e300, eps,
                                 PG_ROBUST_MAX_EPS, &run->n_eps))
        return PG_EXIT_USAGE;
    for (int e = 0; e < run->n_eps; e++) run->r[e].eps = eps[e];
    return 0;
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
    pg_robust_run *run = calloc(1, sizeof *run);
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
    PG_CHECK_GOTO(s, pg_robust_run_split(run), fail);
    PG_CHECK_GOTO(s, pg_robust_run_fit(run), fail);
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
    pg_robust_run_destroy(run);
    return rc;
}
