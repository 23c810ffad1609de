/* Gradient check of an unrolled generator, the mechanism of Professor
 * Forcing (src/train/pix2pix_pf.c): the unet_foam G (x + U-Net(x)) built
 * twice on one net, y1 = G(x0), y2 = G(y1), and
 *   L = sum(c * y2) + sum(d * y1)
 * with fixed random c, d. The analytic gradient w.r.t. G's parameters is
 * the PF chain: backward of step 2 (its parameter gradients into the
 * shared buffer, its input gradient into dL/dy1), then backward of step 1
 * with dL/dy1 = d + that input gradient. Central differences over every
 * parameter must agree. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "gradcheck.h"
#include "nn/ops.h"
#include "runner.h"
#include "train/job_schema.h"
#include "train/pix2pix_model.h"

enum { N = 2, S = 8 };

typedef struct unroll {
    pg_net *net;
    pg_graph *g[2];
    int in[2], out[2];
    float x0[N * S * S], c[N * S * S], d[N * S * S];
} unroll;

static double loss(void *ctx, const float *w, float *grad)
{
    unroll *u = ctx;
    size_t len = N * S * S;
    memcpy(u->net->w, w, u->net->nw * sizeof *w);
    memcpy(pg_graph_data(u->g[0], u->in[0]), u->x0, sizeof u->x0);
    if (pg_graph_forward(u->g[0]) != PG_OK) return NAN;
    const float *y1 = pg_graph_data(u->g[0], u->out[0]);
    memcpy(pg_graph_data(u->g[1], u->in[1]), y1, len * sizeof *y1);
    if (pg_graph_forward(u->g[1]) != PG_OK) return NAN;
    const float *y2 = pg_graph_data(u->g[1], u->out[1]);
    double l = 0;
    for (size_t k = 0; k < len; k++)
        l += (double)u->c[k] * y2[k] + (double)u->d[k] * y1[k];
    if (!grad) return l;
    pg_net_zero_grad(u->net);
    pg_graph_zero_grads(u->g[1]);
    memcpy(pg_graph_gradv(u->g[1], u->out[1]), u->c, sizeof u->c);
    if (pg_graph_backward(u->g[1]) != PG_OK) return NAN;
    const float *gin = pg_graph_gradv(u->g[1], u->in[1]);
    pg_graph_zero_grads(u->g[0]);
    float *gy1 = pg_graph_gradv(u->g[0], u->out[0]);
    for (size_t k = 0; k < len; k++) gy1[k] = u->d[k] + gin[k];
    if (pg_graph_backward(u->g[0]) != PG_OK) return NAN;
    memcpy(grad, u->net->g, u->net->nw * sizeof *grad);
    return l;
}

static void test_unrolled_foam_generator(void)
{
    unroll u;
    pg_config *cfg = NULL;
    pg_rng *rng = NULL;
    const char *over[] = {"model.arch=unet_foam", "model.depth=2",
                          "model.width=2", "model.d_layers=1"};
    PG_ASSERT_OK(pg_job_config_load(NULL, over, 4, &cfg));
    pg_pix2pix_arch arch;
    PG_ASSERT_OK(pg_pix2pix_arch_read(cfg, S, S, &arch));
    PG_ASSERT_OK(pg_rng_create(21, 0, PG_RNG_TEST, &rng));
    PG_ASSERT_OK(pg_net_create("G", &u.net));
    for (int j = 0; j < 2; j++) {
        PG_ASSERT_OK(pg_graph_create(u.net, &u.g[j]));
        u.in[j] = pg_op_input(u.g[j], 4, (int[]){N, 1, S, S});
        u.out[j] = pg_pix2pix_generator(u.g[j], u.in[j], &arch);
        pg_graph_set_requires_grad(u.g[j], u.in[j], j > 0);
        PG_ASSERT_OK(pg_graph_finalize(u.g[j]));
    }
    PG_ASSERT_OK(pg_net_init(u.net, rng));
    for (size_t i = 0; i < u.net->nw; i++)
        u.net->w[i] += (float)pg_rng_gaussian(rng, 0.3);
    /* A film-field-like start: +-1 values. */
    for (size_t k = 0; k < N * S * S; k++) {
        u.x0[k] = pg_rng_uniform(rng) < 0.3 ? 1.0f : -1.0f;
        u.c[k] = (float)pg_rng_gaussian(rng, 1.0);
        u.d[k] = (float)pg_rng_gaussian(rng, 1.0);
    }
    size_t nw = u.net->nw;
    float *w = malloc(nw * sizeof *w);
    CU_ASSERT_FATAL(w != NULL);
    memcpy(w, u.net->w, nw * sizeof *w);
    gc_opts o = {.eps = 2e-3, .atol = 5e-3, .rtol = 5e-2, .max_checks = 1000};
    CU_ASSERT_EQUAL(gc_check_function(loss, &u, w, nw, &o,
                                      "unet_foam unrolled twice"), 0);
    free(w);
    for (int j = 0; j < 2; j++) pg_graph_destroy(&u.g[j]);
    pg_net_destroy(&u.net);
    pg_rng_destroy(&rng);
    pg_config_destroy(&cfg);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("gradcheck_unroll");
    PG_TEST(s, test_unrolled_foam_generator);
}
