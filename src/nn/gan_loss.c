#include "nn/gan_loss.h"

#include <assert.h>
#include <math.h>
#include <string.h>

#include "nn/loss.h"

static const char *const gan_loss_names[] = {
    [PG_GAN_MINIMAX] = "minimax", [PG_GAN_NONSAT] = "nonsat",
    [PG_GAN_HINGE] = "hinge",     [PG_GAN_LSGAN] = "lsgan",
    [PG_GAN_WGAN] = "wgan",       [PG_GAN_RAGAN] = "ragan",
};
static_assert(sizeof gan_loss_names / sizeof gan_loss_names[0] ==
                  PG_GAN_LOSS_COUNT,
              "one name per GAN loss");

const char *pg_gan_loss_name(pg_gan_loss l)
{
    return (unsigned)l < PG_GAN_LOSS_COUNT ? gan_loss_names[l] : NULL;
}

const char *pg_gan_loss_choices(void)
{
    return "minimax|nonsat|hinge|lsgan|wgan|ragan";
}

pg_status pg_gan_loss_parse(const char *s, pg_gan_loss *out)
{
    for (int i = 0; s && i < PG_GAN_LOSS_COUNT; i++)
        if (!strcmp(s, gan_loss_names[i])) {
            *out = (pg_gan_loss)i;
            return PG_OK;
        }
    return PG_FAIL(PG_ERR_ARG, "unknown GAN loss '%s' (expected %s)",
                   s ? s : "(null)", pg_gan_loss_choices());
}

int pg_gan_loss_is_bce(pg_gan_loss l)
{
    return l == PG_GAN_MINIMAX || l == PG_GAN_NONSAT || l == PG_GAN_RAGAN;
}

double pg_gan_loss_d_mean(pg_gan_loss l, const float *d, size_t n)
{
    int bce = pg_gan_loss_is_bce(l);
    double s = 0;
    /* The plain logistic, not sigmoid() below: the metrics of every run so
     * far were computed so. */
    for (size_t i = 0; i < n; i++)
        s += bce ? 1.0 / (1.0 + exp(-(double)d[i])) : (double)d[i];
    return s / (double)n;
}

static double sigmoid(double z)
{
    if (z >= 0) return 1.0 / (1.0 + exp(-z));
    double e = exp(z);
    return e / (1.0 + e);
}

static double mean_of(const float *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++) s += x[i];
    return s / (double)n;
}

/* BCE of the relative logits z_i = x_i - mean(y) against target t:
 *   L = mean_i [max(z,0) - z t + log1p(exp(-|z|))]
 *   dL/dx_i = (sigmoid(z_i) - t) / n,  dL/dy_j = -mean_i(sigmoid(z_i) - t) / n
 * (x and y have n elements each). Adds weight * gradients. */
static double bce_relative(const float *x, const float *y, size_t n, float t,
                           float weight, float *gx, float *gy)
{
    double my = mean_of(y, n), loss = 0, gsum = 0;
    for (size_t i = 0; i < n; i++) {
        double z = x[i] - my;
        loss += fmax(z, 0) - z * t + log1p(exp(-fabs(z)));
        double d = sigmoid(z) - t;
        gsum += d;
        if (gx) gx[i] += (float)(weight * d / (double)n);
    }
    if (gy) {
        float g = (float)(-weight * gsum / ((double)n * (double)n));
        for (size_t j = 0; j < n; j++) gy[j] += g;
    }
    return loss / (double)n;
}

/* 1/2 mean (x - t)^2, d/dx_i = (x_i - t) / n. */
static double half_square(const float *x, float t, size_t n, float weight,
                          float *grad)
{
    double loss = 0;
    for (size_t i = 0; i < n; i++) {
        double d = (double)x[i] - t;
        loss += 0.5 * d * d;
        if (grad) grad[i] += (float)(weight * d / (double)n);
    }
    return loss / (double)n;
}

double pg_gan_loss_d(pg_gan_loss l, const float *d_real, const float *d_fake,
                     size_t n, float real_label, float weight,
                     float *grad_real, float *grad_fake)
{
    if (n == 0) return NAN;
    switch (l) {
    case PG_GAN_MINIMAX:
    case PG_GAN_NONSAT:
        return pg_loss_bce_logits_const(d_real, real_label, n, weight,
                                        grad_real) +
               pg_loss_bce_logits_const(d_fake, 0.0f, n, weight, grad_fake);
    case PG_GAN_HINGE:
        return pg_loss_hinge(d_real, 1.0f, n, weight, grad_real) +
               pg_loss_hinge(d_fake, -1.0f, n, weight, grad_fake);
    case PG_GAN_LSGAN:
        return half_square(d_real, 1.0f, n, weight, grad_real) +
               half_square(d_fake, 0.0f, n, weight, grad_fake);
    case PG_GAN_WGAN:
        return pg_loss_mean(d_fake, n, weight, grad_fake) -
               pg_loss_mean(d_real, n, -weight, grad_real);
    case PG_GAN_RAGAN:
        return bce_relative(d_real, d_fake, n, real_label, weight, grad_real,
                            grad_fake) +
               bce_relative(d_fake, d_real, n, 0.0f, weight, grad_fake,
                            grad_real);
    default: return NAN;
    }
}

double pg_gan_loss_g(pg_gan_loss l, const float *d_real, const float *d_fake,
                     size_t n, float weight, float *grad_real,
                     float *grad_fake)
{
    if (n == 0) return NAN;
    switch (l) {
    case PG_GAN_MINIMAX:
        /* log(1 - sigmoid(x)) = -BCE(x, 0) = -softplus(x): stable for any
         * logit, and its gradient -sigmoid(x) vanishes as D rejects x. */
        return -pg_loss_bce_logits_const(d_fake, 0.0f, n, -weight, grad_fake);
    case PG_GAN_NONSAT:
        return pg_loss_bce_logits_const(d_fake, 1.0f, n, weight, grad_fake);
    case PG_GAN_HINGE:
    case PG_GAN_WGAN:
        return -pg_loss_mean(d_fake, n, -weight, grad_fake);
    case PG_GAN_LSGAN:
        return half_square(d_fake, 1.0f, n, weight, grad_fake);
    case PG_GAN_RAGAN:
        if (!d_real) return NAN;
        return bce_relative(d_fake, d_real, n, 1.0f, weight, grad_fake,
                            grad_real) +
               bce_relative(d_real, d_fake, n, 0.0f, weight, grad_real,
                            grad_fake);
    default: return NAN;
    }
}

double pg_gan_feature_matching(const float *f_real, int batch_real,
                               const float *f_fake, int batch_fake, int dim,
                               float weight, float *grad_fake)
{
    if (batch_real <= 0 || batch_fake <= 0 || dim <= 0) return NAN;
    double loss = 0;
    /* Column by column, so no buffer for the means is needed. */
    for (int k = 0; k < dim; k++) {
        double mr = 0, mf = 0;
        for (int b = 0; b < batch_real; b++) mr += f_real[(size_t)b * dim + k];
        for (int b = 0; b < batch_fake; b++) mf += f_fake[(size_t)b * dim + k];
        double diff = mr / batch_real - mf / batch_fake;
        loss += diff * diff;
        if (grad_fake) {
            float g = (float)(-2.0 * weight * diff / batch_fake);
            for (int b = 0; b < batch_fake; b++)
                grad_fake[(size_t)b * dim + k] += g;
        }
    }
    return loss;
}
