/* Finite-difference checks of double-precision functions (the crystal
 * physics works in double, so float32 differences would hide errors):
 * central differences with step h, an element passing when
 *   |analytic - numeric| <= atol + rtol * max(|analytic|, |numeric|).
 * Header-only: static functions for the test file that includes it. */
#ifndef PG_TESTS_GRADCHECK_DOUBLE_H
#define PG_TESTS_GRADCHECK_DOUBLE_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* f(ctx, x) returns the value; with grad not NULL it also writes df/dx
 * (n values, overwritten). */
typedef double (*gcd_fn)(void *ctx, const double *x, double *grad);

/* The number of mismatching elements (0 = pass), the worst printed. */
static int gcd_check(gcd_fn f, void *ctx, double *x, int n, double h,
                     double atol, double rtol, const char *label)
{
    double *g = malloc((size_t)n * sizeof *g);
    if (!g) return n;
    f(ctx, x, g);
    int bad = 0;
    double worst = 0;
    int worst_i = -1;
    double worst_a = 0, worst_n = 0;
    for (int i = 0; i < n; i++) {
        double x0 = x[i];
        x[i] = x0 + h;
        double fp = f(ctx, x, NULL);
        x[i] = x0 - h;
        double fm = f(ctx, x, NULL);
        x[i] = x0;
        double num = (fp - fm) / (2 * h);
        double err = fabs(g[i] - num);
        double tol = atol + rtol * fmax(fabs(g[i]), fabs(num));
        if (err > tol) bad++;
        if (err / tol > worst || worst_i < 0) {
            worst = err / tol;
            worst_i = i;
            worst_a = g[i];
            worst_n = num;
        }
    }
    printf("%s: %d of %d mismatch; worst element %d (error/tolerance "
           "%.3g) analytic %.9g numeric %.9g\n", label, bad, n, worst_i,
           worst, worst_a, worst_n);
    free(g);
    return bad;
}

#endif
