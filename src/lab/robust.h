/* Adversarially robust linear regression (docs/robust.md).
 *
 * Model y ~ w.x + b with an intercept b that the adversary cannot move. Each
 * input x_i may be perturbed by delta_i with ||delta_i||_2 <= eps; the
 * worst case of the squared error has the closed form
 *   max_{||delta|| <= eps} (y - w.(x + delta) - b)^2 = (|r| + eps ||w||)^2,
 * r = y - w.x - b, attained at delta = -eps sign(r) w / ||w||. The fitter
 * minimises the mean of that loss, a convex but non-smooth function of
 * (w, b), and compares with ordinary least squares and Huber regression
 * (both GSL). Data are row-major n x d doubles.
 */
#ifndef PG_PHYSICS_ROBUST_H
#define PG_PHYSICS_ROBUST_H

#include <stddef.h>

#include "base/status.h"

typedef struct pg_robust_problem {
    const double *x; /* n x d features, row-major */
    const double *y; /* n targets */
    size_t n, d;
    double eps;      /* l2 budget on each x_i, >= 0 */
} pg_robust_problem;

/* F(w, b) = (1/n) sum_i (|r_i| + eps ||w||)^2. When grad_w (d values) or
 * grad_b is not NULL, writes the gradient there; at a kink (r_i = 0 or
 * w = 0) it writes a subgradient (taking sign(0) = 0 and w/||w|| = 0). */
double pg_robust_loss(const pg_robust_problem *p, const double *w, double b,
                      double *grad_w, double *grad_b);

/* sqrt(F(w, b)): the worst-case RMSE under eps; with eps = 0 the clean
 * RMSE. */
double pg_robust_rmse(const pg_robust_problem *p, const double *w, double b);

/* The perturbation of one sample (x, y) that maximises its squared error:
 * delta = -eps sign(r) w/||w|| (sign(0) taken as +1: both signs attain the
 * maximum then); zero when w = 0, where every delta does. */
void pg_robust_worst_delta(const double *x, double y, size_t d,
                           const double *w, double b, double eps,
                           double *delta);

/* Ordinary least squares (gsl_multifit_linear) and Huber M-estimation
 * (gsl_multifit_robust with gsl_multifit_robust_huber), both with an
 * intercept. w has d values. Need n >= d + 1. */
pg_status pg_robust_fit_ols(const pg_robust_problem *p, double *w, double *b);
pg_status pg_robust_fit_huber(const pg_robust_problem *p, double *w,
                              double *b);

/* How the minimisation went; every number is computed by the fitter. */
typedef struct pg_robust_fit_info {
    int stages;                /* smoothing continuation stages run */
    int iterations;            /* BFGS iterations over all stages */
    double start_objective;    /* F at the OLS start */
    double objective;          /* F at the solution */
    double smooth_grad_norm;   /* ||grad F_delta|| at the end */
    double delta_r, delta_w;   /* final smoothing widths */
    double grad_scale;         /* G0, the scale the tolerance refers to */
    double subgrad_norm;       /* smallest element of the subdifferential
                                  (kinks within 10 delta treated as hit) */
    int kinks;                 /* residuals treated as being on the kink */
    int w_at_zero;             /* 1 when ||w|| was treated as 0 */
    double probe_decrease;     /* largest relative decrease of F found by
                                  probing each coordinate +-h */
    int converged;             /* subgrad_norm <= 1e-6 G0 and
                                  probe_decrease <= 1e-9 */
} pg_robust_fit_info;

/* Minimise F: BFGS (gsl_multimin vector_bfgs2) on the smoothed objective
 * F_delta, |r| -> sqrt(r^2 + delta_r^2) and ||w|| -> sqrt(||w||^2 +
 * delta_w^2), warm-started from OLS, with delta shrinking 10x per stage
 * from 0.1 to 1e-7 of the data's scale; then the optimality check on the
 * non-smooth F. A fit that fails the check is returned with
 * info->converged = 0, not as an error. */
pg_status pg_robust_fit(const pg_robust_problem *p, double *w, double *b,
                        pg_robust_fit_info *info);

#endif
