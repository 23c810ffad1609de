#include "nn/loss.h"

#include <math.h>

/* max(x,0) - x t + log1p(exp(-|x|)); *d receives sigmoid(x) - t. Both
 * branches only exponentiate -|x|, so logits of any size stay finite. */
static inline double bce_term(double x, double t, double *d)
{
    double e = exp(-fabs(x));
    double sig = x >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
    *d = sig - t;
    return (x > 0 ? x : 0.0) - x * t + log1p(e);
}

double pg_loss_bce_logits(const float *logits, const float *targets, size_t n,
                          float weight, float *grad)
{
    if (n == 0) return NAN;
    double sum = 0, scale = (double)weight / (double)n, d;
    for (size_t i = 0; i < n; i++) {
        sum += bce_term(logits[i], targets[i], &d);
        if (grad) grad[i] += (float)(scale * d);
    }
    return sum / (double)n;
}

double pg_loss_bce_logits_const(const float *logits, float target, size_t n,
                                float weight, float *grad)
{
    if (n == 0) return NAN;
    double sum = 0, scale = (double)weight / (double)n, d;
    for (size_t i = 0; i < n; i++) {
        sum += bce_term(logits[i], target, &d);
        if (grad) grad[i] += (float)(scale * d);
    }
    return sum / (double)n;
}

double pg_loss_hinge(const float *x, float sign, size_t n, float weight,
                     float *grad)
{
    if (n == 0) return NAN;
    double sum = 0;
    float g = (float)(-(double)sign * weight / (double)n);
    for (size_t i = 0; i < n; i++) {
        double m = 1.0 - (double)sign * x[i];
        if (m > 0) {
            sum += m;
            if (grad) grad[i] += g;
        }
    }
    return sum / (double)n;
}

double pg_loss_mse(const float *pred, const float *target, size_t n,
                   float weight, float *grad)
{
    if (n == 0) return NAN;
    double sum = 0, scale = 2.0 * weight / (double)n;
    for (size_t i = 0; i < n; i++) {
        double d = (double)pred[i] - target[i];
        sum += d * d;
        if (grad) grad[i] += (float)(scale * d);
    }
    return sum / (double)n;
}

double pg_loss_l1(const float *pred, const float *target, size_t n,
                  float weight, float *grad)
{
    if (n == 0) return NAN;
    double sum = 0;
    float g = (float)((double)weight / (double)n);
    for (size_t i = 0; i < n; i++) {
        double d = (double)pred[i] - target[i];
        sum += fabs(d);
        if (grad) grad[i] += d > 0 ? g : d < 0 ? -g : 0.0f;
    }
    return sum / (double)n;
}

/* Sign of the difference a - b of pred against the target's. */
static int diff_sign(const float *p, const float *t, size_t a, size_t b)
{
    double d = ((double)p[a] - p[b]) - ((double)t[a] - t[b]);
    return (d > 0) - (d < 0);
}

double pg_loss_grad_l1(const float *pred, const float *target, int n, int h,
                       int w, float weight, float *grad)
{
    if (n <= 0 || h <= 0 || w <= 0 || (h < 2 && w < 2)) return NAN;
    size_t count = (size_t)n * ((size_t)h * (size_t)(w - 1) +
                                (size_t)(h - 1) * (size_t)w);
    double g = (double)weight / (double)count, sum = 0;
    size_t sw = (size_t)w;
    for (int k = 0; k < n; k++)
        for (int i = 0; i < h; i++)
            for (int j = 0; j < w; j++) {
                size_t a = ((size_t)k * (size_t)h + (size_t)i) * sw +
                           (size_t)j;
                double dx = 0, dy = 0;
                if (j + 1 < w)
                    dx = ((double)pred[a + 1] - pred[a]) -
                         ((double)target[a + 1] - target[a]);
                if (i + 1 < h)
                    dy = ((double)pred[a + sw] - pred[a]) -
                         ((double)target[a + sw] - target[a]);
                sum += fabs(dx) + fabs(dy);
                if (!grad) continue;
                /* The element's own signed count of the (up to four)
                 * differences it enters, added once: repeated calls
                 * accumulate exactly. */
                int s = (dx < 0) - (dx > 0) + (dy < 0) - (dy > 0);
                if (j > 0) s += diff_sign(pred, target, a, a - 1);
                if (i > 0) s += diff_sign(pred, target, a, a - sw);
                grad[a] += (float)(s * g);
            }
    return sum / (double)count;
}

double pg_loss_mean_match(const float *pred, const float *target, int n,
                          size_t len, float weight, float *grad)
{
    if (n <= 0 || len == 0) return NAN;
    double sum = 0;
    for (int k = 0; k < n; k++) {
        const float *p = pred + (size_t)k * len, *t = target + (size_t)k * len;
        double d = 0;
        for (size_t i = 0; i < len; i++) d += (double)p[i] - t[i];
        d /= (double)len;
        sum += d * d;
        if (!grad) continue;
        float g = (float)(2.0 * weight * d / ((double)n * (double)len));
        float *gk = grad + (size_t)k * len;
        for (size_t i = 0; i < len; i++) gk[i] += g;
    }
    return sum / n;
}

double pg_loss_cross_entropy(const float *logits, const int *labels,
                             int batch, int classes, float weight,
                             float *grad)
{
    if (batch <= 0 || classes <= 0) return NAN;
    /* Validate first so that a bad label leaves grad untouched. */
    for (int b = 0; b < batch; b++)
        if (labels[b] < 0 || labels[b] >= classes) return NAN;
    double sum = 0, scale = (double)weight / batch;
    for (int b = 0; b < batch; b++) {
        const float *x = logits + (size_t)b * classes;
        double mx = x[0];
        for (int c = 1; c < classes; c++)
            if (x[c] > mx) mx = x[c];
        double z = 0;
        for (int c = 0; c < classes; c++) z += exp(x[c] - mx);
        double lse = mx + log(z);
        sum += lse - x[labels[b]];
        if (!grad) continue;
        float *g = grad + (size_t)b * classes;
        for (int c = 0; c < classes; c++) {
            double p = exp(x[c] - lse);
            g[c] += (float)(scale * (p - (c == labels[b])));
        }
    }
    return sum / batch;
}

double pg_loss_gaussian_kl(const float *mu, const float *logvar, int batch,
                           int dim, float weight, float *grad_mu,
                           float *grad_logvar)
{
    if (batch <= 0 || dim <= 0) return NAN;
    size_t n = (size_t)batch * dim;
    double sum = 0, scale = (double)weight / batch;
    for (size_t i = 0; i < n; i++) {
        double m = mu[i], lv = logvar[i], ev = exp(lv);
        sum += 1.0 + lv - m * m - ev;
        if (grad_mu) grad_mu[i] += (float)(scale * m);
        if (grad_logvar) grad_logvar[i] += (float)(scale * 0.5 * (ev - 1.0));
    }
    return -0.5 * sum / batch;
}

double pg_loss_mean(const float *x, size_t n, float weight, float *grad)
{
    if (n == 0) return NAN;
    double sum = 0;
    float g = (float)((double)weight / (double)n);
    for (size_t i = 0; i < n; i++) {
        sum += x[i];
        if (grad) grad[i] += g;
    }
    return sum / (double)n;
}
