#include "lab/robust.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multimin.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static double dot(const double *a, const double *b, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

static double sgn(double v) { return (v > 0) - (v < 0); }

double pg_robust_loss(const pg_robust_problem *p, const double *w, double b,
                      double *grad_w, double *grad_b)
{
    size_t n = p->n, d = p->d;
    double nw = sqrt(dot(w, w, d)), c = p->eps * nw, f = 0, gb = 0, sa = 0;
    if (grad_w) memset(grad_w, 0, d * sizeof *grad_w);
    for (size_t i = 0; i < n; i++) {
        const double *xi = p->x + i * d;
        double r = p->y[i] - dot(w, xi, d) - b, a = fabs(r) + c;
        f += a * a;
        /* d a_i = -sign(r_i) (x_i, 1) + eps (w/||w||, 0) */
        double k = 2 * a * sgn(r);
        gb -= k;
        sa += a;
        if (grad_w)
            for (size_t j = 0; j < d; j++) grad_w[j] -= k * xi[j];
    }
    if (grad_w) {
        double u = nw > 0 ? 2 * p->eps * sa / nw : 0;
        for (size_t j = 0; j < d; j++) grad_w[j] = (grad_w[j] + u * w[j]) / n;
    }
    if (grad_b) *grad_b = gb / n;
    return f / n;
}

double pg_robust_rmse(const pg_robust_problem *p, const double *w, double b)
{
    return sqrt(pg_robust_loss(p, w, b, NULL, NULL));
}

void pg_robust_worst_delta(const double *x, double y, size_t d,
                           const double *w, double b, double eps,
                           double *delta)
{
    double nw = sqrt(dot(w, w, d)), r = y - dot(w, x, d) - b;
    double k = nw > 0 ? -eps * (r >= 0 ? 1.0 : -1.0) / nw : 0;
    for (size_t j = 0; j < d; j++) delta[j] = k * w[j];
}

/* ---- baselines ---------------------------------------------------------- */

/* Design matrix [1, x] and target vector for GSL. */
static pg_status design(const pg_robust_problem *p, gsl_matrix **X,
                        gsl_vector **y)
{
    if (p->n < p->d + 1)
        return PG_FAIL(PG_ERR_ARG,
                       "%zu samples are too few for %zu features and an "
                       "intercept", p->n, p->d);
    *X = gsl_matrix_alloc(p->n, p->d + 1);
    *y = gsl_vector_alloc(p->n);
    if (!*X || !*y) return PG_FAIL(PG_ERR_NOMEM, "design matrix");
    for (size_t i = 0; i < p->n; i++) {
        gsl_matrix_set(*X, i, 0, 1.0);
        for (size_t j = 0; j < p->d; j++)
            gsl_matrix_set(*X, i, j + 1, p->x[i * p->d + j]);
        gsl_vector_set(*y, i, p->y[i]);
    }
    return PG_OK;
}

enum { FIT_OLS, FIT_HUBER };

static pg_status fit_linear(const pg_robust_problem *p, int kind, double *w,
                            double *b)
{
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_matrix *X = NULL, *cov = NULL;
    gsl_vector *y = NULL, *c = NULL;
    gsl_multifit_linear_workspace *lw = NULL;
    gsl_multifit_robust_workspace *rw = NULL;
    size_t m = p->d + 1;
    double chisq;
    pg_status s;
    PG_CHECK_GOTO(s, design(p, &X, &y), done);
    c = gsl_vector_alloc(m);
    cov = gsl_matrix_alloc(m, m);
    if (kind == FIT_OLS) lw = gsl_multifit_linear_alloc(p->n, m);
    else rw = gsl_multifit_robust_alloc(gsl_multifit_robust_huber, p->n, m);
    if (!c || !cov || (!lw && !rw)) {
        s = PG_FAIL(PG_ERR_NOMEM, "regression workspace");
        goto done;
    }
    int rc = kind == FIT_OLS ? gsl_multifit_linear(X, y, c, cov, &chisq, lw)
                             : gsl_multifit_robust(X, y, c, cov, rw);
    if (rc) {
        s = PG_FAIL(PG_ERR_NUMERIC, "%s regression failed: %s",
                    kind == FIT_OLS ? "least-squares" : "Huber",
                    gsl_strerror(rc));
        goto done;
    }
    *b = gsl_vector_get(c, 0);
    for (size_t j = 0; j < p->d; j++) w[j] = gsl_vector_get(c, j + 1);
    s = PG_OK;
done:
    if (lw) gsl_multifit_linear_free(lw);
    if (rw) gsl_multifit_robust_free(rw);
    if (X) gsl_matrix_free(X);
    if (cov) gsl_matrix_free(cov);
    if (y) gsl_vector_free(y);
    if (c) gsl_vector_free(c);
    gsl_set_error_handler(old);
    return s;
}

pg_status pg_robust_fit_ols(const pg_robust_problem *p, double *w, double *b)
{
    PG_CHECK(fit_linear(p, FIT_OLS, w, b));
    return PG_OK;
}

pg_status pg_robust_fit_huber(const pg_robust_problem *p, double *w,
                              double *b)
{
    PG_CHECK(fit_linear(p, FIT_HUBER, w, b));
    return PG_OK;
}

/* ---- smoothed objective for BFGS --------------------------------------- */

/* Parameters as one vector v = (b, w_1..w_d). */
typedef struct smooth_ctx {
    const pg_robust_problem *p;
    double dr, dw; /* smoothing widths for |r| and ||w|| */
    double *w;     /* d scratch values: w copied out of GSL's vector */
} smooth_ctx;

/* F_delta = (1/n) sum (sqrt(r^2 + dr^2) + eps sqrt(||w||^2 + dw^2))^2: a
 * smooth convex upper bound of F, within O(delta) of it. */
static double smooth_fdf(const gsl_vector *v, void *ctx_, gsl_vector *g)
{
    const smooth_ctx *ctx = ctx_;
    const pg_robust_problem *p = ctx->p;
    size_t d = p->d;
    double *w = ctx->w, b = gsl_vector_get(v, 0);
    for (size_t j = 0; j < d; j++) w[j] = gsl_vector_get(v, j + 1);
    double nu = sqrt(dot(w, w, d) + ctx->dw * ctx->dw), c = p->eps * nu;
    double f = 0, sa = 0;
    if (g) gsl_vector_set_zero(g);
    for (size_t i = 0; i < p->n; i++) {
        const double *xi = p->x + i * d;
        double r = p->y[i] - dot(w, xi, d) - b;
        double rho = sqrt(r * r + ctx->dr * ctx->dr), a = rho + c;
        f += a * a;
        sa += a;
        if (g) {
            double k = 2 * a * r / rho;
            *gsl_vector_ptr(g, 0) -= k;
            for (size_t j = 0; j < d; j++)
                *gsl_vector_ptr(g, j + 1) -= k * xi[j];
        }
    }
    if (g) {
        double u = 2 * p->eps * sa / nu;
        for (size_t j = 0; j < d; j++) *gsl_vector_ptr(g, j + 1) += u * w[j];
        gsl_vector_scale(g, 1.0 / p->n);
    }
    return f / p->n;
}

static double smooth_f(const gsl_vector *v, void *ctx)
{
    return smooth_fdf(v, ctx, NULL);
}
static void smooth_df(const gsl_vector *v, void *ctx, gsl_vector *g)
{
    smooth_fdf(v, ctx, g);
}
static void smooth_both(const gsl_vector *v, void *ctx, double *f,
                        gsl_vector *g)
{
    *f = smooth_fdf(v, ctx, g);
}

/* One continuation stage: BFGS from v until ||grad|| <= gtol, no progress,
 * or the iteration cap. Leaves the minimiser's point in v. */
static pg_status bfgs_stage(smooth_ctx *ctx, gsl_vector *v, double gtol,
                            int *iters, double *gnorm)
{
    size_t m = v->size;
    gsl_multimin_function_fdf fn = {smooth_f, smooth_df, smooth_both, m, ctx};
    gsl_multimin_fdfminimizer *mz = gsl_multimin_fdfminimizer_alloc(
        gsl_multimin_fdfminimizer_vector_bfgs2, m);
    if (!mz) return PG_FAIL(PG_ERR_NOMEM, "BFGS minimiser");
    double step = 0.01 * (1 + gsl_blas_dnrm2(v));
    gsl_multimin_fdfminimizer_set(mz, &fn, v, step, 0.1);
    int it = 0;
    while (it < 5000) {
        if (gsl_multimin_test_gradient(mz->gradient, gtol) == GSL_SUCCESS)
            break;
        it++;
        /* GSL_ENOPROG: the line search found no lower point; at small
         * delta this is the floating-point floor, and the final check on
         * the non-smooth objective decides. */
        if (gsl_multimin_fdfminimizer_iterate(mz)) break;
    }
    gsl_vector_memcpy(v, mz->x);
    *gnorm = gsl_blas_dnrm2(mz->gradient);
    *iters += it;
    gsl_multimin_fdfminimizer_free(mz);
    return PG_OK;
}

/* ---- optimality check on the non-smooth objective ---------------------- */

/* Norm of the smallest element of the subdifferential of F at (w, b),
 * counting residuals with |r_i| <= tau_r as on their kink (sign in
 * [-1, 1]) and w as 0 when ||w|| <= tau_w (w/||w|| in the unit ball). The
 * free signs are chosen by projected gradient on the box. */
static pg_status min_subgrad(const pg_robust_problem *p, const double *w,
                             double b, double tau_r, double tau_w,
                             double dr, pg_robust_fit_info *info)
{
    size_t n = p->n, d = p->d, m = d + 1, nz = 0;
    double nw = sqrt(dot(w, w, d));
    int w_zero = nw <= tau_w;
    double c = w_zero ? 0 : p->eps * nw, sa = 0;
    double *g = calloc(m, sizeof *g), *h = calloc(m, sizeof *h);
    size_t *zi = malloc(n * sizeof *zi);
    double *s = malloc(n * sizeof *s), *gs = malloc(n * sizeof *gs);
    if (!g || !h || !zi || !s || !gs) {
        free(g), free(h), free(zi), free(s), free(gs);
        return PG_FAIL(PG_ERR_NOMEM, "subgradient check");
    }
    for (size_t i = 0; i < n; i++) {
        const double *xi = p->x + i * d;
        double r = p->y[i] - dot(w, xi, d) - b;
        if (c > 0 && fabs(r) <= tau_r) { /* on the kink: a_i = c */
            zi[nz] = i;
            s[nz++] = r / sqrt(r * r + dr * dr);
            sa += c;
            continue;
        }
        double a = fabs(r) + c, k = 2 * a * sgn(r) / n;
        sa += a;
        g[0] -= k;
        for (size_t j = 0; j < d; j++) g[j + 1] -= k * xi[j];
    }
    double u = 2 * p->eps * sa / n;
    if (!w_zero)
        for (size_t j = 0; j < d; j++) g[j + 1] += u * w[j] / nw;
    /* Free signs: minimise ||g + sum_z s_z A_z||^2 over s in [-1, 1]^nz,
     * A_z = (2c/n) (-1, -x_z); step 1/L with L >= ||A||^2. */
    double L = 0, kz = 2 * c / n;
    for (size_t z = 0; z < nz; z++)
        L += kz * kz * (1 + dot(p->x + zi[z] * d, p->x + zi[z] * d, d));
    for (int it = 0; nz > 0 && it < 2000; it++) {
        memcpy(h, g, m * sizeof *h);
        for (size_t z = 0; z < nz; z++) {
            const double *xz = p->x + zi[z] * d;
            h[0] -= kz * s[z];
            for (size_t j = 0; j < d; j++) h[j + 1] -= kz * s[z] * xz[j];
        }
        double moved = 0;
        for (size_t z = 0; z < nz; z++) {
            const double *xz = p->x + zi[z] * d;
            gs[z] = -kz * (h[0] + dot(h + 1, xz, d)); /* A_z . h */
            double t = fmin(1, fmax(-1, s[z] - gs[z] / L));
            moved = fmax(moved, fabs(t - s[z]));
            s[z] = t;
        }
        if (moved < 1e-12) break;
    }
    memcpy(h, g, m * sizeof *h);
    for (size_t z = 0; z < nz; z++) {
        const double *xz = p->x + zi[z] * d;
        h[0] -= kz * s[z];
        for (size_t j = 0; j < d; j++) h[j + 1] -= kz * s[z] * xz[j];
    }
    double gw = sqrt(dot(h + 1, h + 1, d));
    if (w_zero) gw = fmax(0, gw - u); /* u times the unit ball */
    info->subgrad_norm = sqrt(h[0] * h[0] + gw * gw);
    info->kinks = (int)nz;
    info->w_at_zero = w_zero;
    free(g), free(h), free(zi), free(s), free(gs);
    return PG_OK;
}

/* Largest relative decrease of F found by moving one coordinate by +-h:
 * at a minimum there is none beyond rounding. */
static double probe_decrease(const pg_robust_problem *p, double *w, double b)
{
    double f0 = pg_robust_loss(p, w, b, NULL, NULL), worst = 0;
    static const double hs[] = {1e-3, 1e-5, 1e-7};
    for (size_t k = 0; k <= p->d; k++)
        for (int e = 0; e < 3; e++)
            for (int sg = -1; sg <= 1; sg += 2) {
                double *q = k ? &w[k - 1] : &b, q0 = *q;
                *q = q0 + sg * hs[e] * (1 + fabs(q0));
                double f = pg_robust_loss(p, w, b, NULL, NULL);
                *q = q0;
                worst = fmax(worst, (f0 - f) / fmax(f0, 1e-300));
            }
    return worst;
}

/* ---- the fitter -------------------------------------------------------- */

/* Residuals within KINK_WIDTH * delta_r of 0 count as on their kink in the
 * final check: sqrt(r^2 + delta^2) differs from |r| in slope by
 * 1/(2 KINK_WIDTH^2) there, so a smaller width would misjudge the slopes
 * of residuals that smoothing has only brought near 0. */
enum { KINK_WIDTH = 1000 };

pg_status pg_robust_fit(const pg_robust_problem *p, double *w, double *b,
                        pg_robust_fit_info *info)
{
    memset(info, 0, sizeof *info);
    if (!(p->eps >= 0) || !isfinite(p->eps))
        return PG_FAIL(PG_ERR_ARG, "eps = %g: must be finite and >= 0",
                       p->eps);
    size_t d = p->d, m = d + 1;
    PG_CHECK(pg_robust_fit_ols(p, w, b));
    info->start_objective = pg_robust_loss(p, w, *b, NULL, NULL);
    /* Scales: residual spread for delta_r, the OLS weights for delta_w,
     * and G0 = (2/n) sum |y_i| (1 + ||x_i||), a bound on ||grad F|| at
     * (w, b) = 0, for the gradient tolerance. */
    double sr = sqrt(pg_robust_loss(&(pg_robust_problem){p->x, p->y, p->n, d,
                                                         0}, w, *b, NULL,
                                    NULL));
    double g0 = 0, sy = 0;
    for (size_t i = 0; i < p->n; i++) {
        const double *xi = p->x + i * d;
        g0 += 2 * fabs(p->y[i]) * (1 + sqrt(dot(xi, xi, d))) / p->n;
        sy += p->y[i] * p->y[i] / p->n;
    }
    sr = fmax(sr, 1e-9 * (1 + sqrt(sy)));
    double sw = fmax(sqrt(dot(w, w, d)), 1e-9);
    info->grad_scale = g0 = fmax(g0, 1e-300);

    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_vector *v = gsl_vector_alloc(m);
    double *scratch = malloc(d * sizeof *scratch + 1);
    if (!v || !scratch) {
        if (v) gsl_vector_free(v);
        free(scratch);
        gsl_set_error_handler(old);
        return PG_FAIL(PG_ERR_NOMEM, "parameters");
    }
    gsl_vector_set(v, 0, *b);
    for (size_t j = 0; j < d; j++) gsl_vector_set(v, j + 1, w[j]);
    smooth_ctx ctx = {p, 0, 0, scratch};
    pg_status s = PG_OK;
    for (double t = 1e-1; t >= 0.5e-7; t *= 0.1) {
        ctx.dr = t * sr;
        ctx.dw = t * sw;
        s = bfgs_stage(&ctx, v, 1e-10 * g0, &info->iterations,
                       &info->smooth_grad_norm);
        if (s != PG_OK) break;
        info->stages++;
    }
    *b = gsl_vector_get(v, 0);
    for (size_t j = 0; j < d; j++) w[j] = gsl_vector_get(v, j + 1);
    gsl_vector_free(v);
    free(scratch);
    gsl_set_error_handler(old);
    if (s != PG_OK) return pg_error_trace(s, __FILE__, __LINE__, __func__);
    for (size_t j = 0; j < m; j++) {
        double q = j ? w[j - 1] : *b;
        if (!isfinite(q))
            return PG_FAIL(PG_ERR_NUMERIC, "robust fit diverged (parameter "
                           "%zu is %g)", j, q);
    }
    info->delta_r = ctx.dr;
    info->delta_w = ctx.dw;
    info->objective = pg_robust_loss(p, w, *b, NULL, NULL);
    /* Smoothing leaves ||w|| ~ delta_w where the minimum has w = 0 (large
     * eps); the best point with w = 0 is b = mean(y) (F is then the
     * variance of y), so compare with it exactly. */
    double *w0 = calloc(d + 1, sizeof *w0), ybar = 0;
    if (!w0) return PG_FAIL(PG_ERR_NOMEM, "w = 0 candidate");
    for (size_t i = 0; i < p->n; i++) ybar += p->y[i] / p->n;
    double f0 = pg_robust_loss(p, w0, ybar, NULL, NULL);
    if (f0 <= info->objective) {
        memcpy(w, w0, d * sizeof *w);
        *b = ybar;
        info->objective = f0;
    }
    free(w0);
    PG_CHECK(min_subgrad(p, w, *b, KINK_WIDTH * ctx.dr, KINK_WIDTH * ctx.dw,
                         ctx.dr, info));
    info->probe_decrease = probe_decrease(p, w, *b);
    info->converged = info->subgrad_norm <= 1e-6 * g0 &&
                      info->probe_decrease <= 1e-9;
    return PG_OK;
}
