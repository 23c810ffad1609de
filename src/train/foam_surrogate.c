#include "train/foam_surrogate.h"

#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_field.h"
#include "physics/foam/foam_grid.h"
#include "io/checkpoint.h"
#include "nn/ops.h"
#include "train/ckpt_config.h"
#include "train/net_load.h"
#include "train/pix2pix_model.h"

struct pg_foam_surrogate {
    pg_config *cfg;          /* owned when loaded from a checkpoint */
    pg_net *net;
    pg_graph *g;
    int in, out, batch, h, w;
    int trained_h, trained_w; /* the checkpoint's frames */
    double step_mcs;
    double film_sigma;       /* [data] film_sigma of the job, sites */
    long min_bubble;         /* [data] min_bubble of the job, sites */
    pg_foam_field_ws *ws;    /* labels <-> film fields on G's grid */
    int32_t *grid_labels;    /* one frame on G's grid */
};

static pg_status build(pg_foam_surrogate *s, const pg_config *cfg)
{
    pg_pix2pix_arch arch;
    PG_CHECK(pg_pix2pix_arch_read(cfg, s->h, s->w, &arch));
    PG_CHECK(pg_config_get_double(cfg, "data", "film_sigma", &s->film_sigma));
    PG_CHECK(pg_config_get_int(cfg, "data", "min_bubble", &s->min_bubble));
    if (arch.kind != PG_PIX2PIX_FOAM)
        return PG_FAIL(PG_ERR_CONFIG, "[model] arch: a foam surrogate needs "
                       "unet_foam");
    PG_CHECK(pg_net_create("G", &s->net));
    PG_CHECK(pg_graph_create(s->net, &s->g));
    s->in = pg_op_input(s->g, 4, (int[]){s->batch, 1, s->h, s->w});
    s->out = pg_pix2pix_generator(s->g, s->in, &arch);
    pg_graph_set_requires_grad(s->g, s->in, 0);
    pg_graph_set_param_grads(s->g, 0);
    PG_CHECK(pg_graph_finalize(s->g));
    pg_graph_set_training(s->g, 0, 0);
    PG_CHECK(pg_foam_field_ws_create(s->h, s->w, &s->ws));
    s->grid_labels = malloc((size_t)s->h * (size_t)s->w
                            * sizeof *s->grid_labels);
    if (!s->grid_labels)
        return PG_FAIL(PG_ERR_NOMEM, "foam surrogate labels %dx%d", s->h,
                       s->w);
    return PG_OK;
}

/* Sides that G of this job can take: multiples of 2^depth. */
static pg_status check_size(const pg_config *cfg, const char *path, int h,
                            int w)
{
    long depth = 0;
    PG_CHECK(pg_config_get_int(cfg, "model", "depth", &depth));
    long step = 1L << depth;
    if (h < step || w < step || h % step || w % step)
        return PG_FAIL(PG_ERR_ARG, "frames of %dx%d sites: the surrogate %s "
                       "(U-Net depth %ld) needs sides that are multiples of "
                       "%ld", h, w, path, depth, step);
    return PG_OK;
}

static pg_status load(pg_foam_surrogate *s, const char *path, int h_run,
                      int w_run)
{
    pg_checkpoint *c = NULL;
    pg_status st;
    PG_CHECK(pg_checkpoint_read(path, 0, &c));
    PG_CHECK_GOTO(st, pg_ckpt_job_config(c, path, "unet_foam",
                                         "foam surrogate", &s->cfg), done);
    int64_t h, w;
    float step;
    if (!pg_checkpoint_has(c, "foam/step_mcs")) {
        st = PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /foam/step_mcs",
                     path);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_checkpoint_get_floats(c, "foam/step_mcs", &step, 1),
                  done);
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(c, "foam/height", &h), done);
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(c, "foam/width", &w), done);
    s->trained_h = (int)h;
    s->trained_w = (int)w;
    s->h = h_run > 0 ? h_run : (int)h;
    s->w = w_run > 0 ? w_run : (int)w;
    s->step_mcs = step;
    PG_CHECK_GOTO(st, check_size(s->cfg, path, s->h, s->w), done);
    PG_CHECK_GOTO(st, build(s, s->cfg), done);
    PG_CHECK_GOTO(st, pg_net_load(c, path, "G", 0, s->net), done);
    st = PG_OK;
done:
    pg_checkpoint_destroy(&c);
    return st;
}

pg_status pg_foam_surrogate_load(const char *ckpt_path, int batch, int h,
                                 int w, pg_foam_surrogate **out)
{
    *out = NULL;
    pg_foam_surrogate *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "foam surrogate");
    s->batch = batch;
    pg_status st = load(s, ckpt_path, h, w);
    if (st != PG_OK) {
        pg_foam_surrogate_destroy(&s);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = s;
    return PG_OK;
}

pg_status pg_foam_surrogate_fresh(const pg_config *job, int h, int w,
                                  int batch, uint64_t seed, double step_mcs,
                                  pg_foam_surrogate **out)
{
    *out = NULL;
    pg_foam_surrogate *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "foam surrogate");
    s->batch = batch;
    s->h = s->trained_h = h;
    s->w = s->trained_w = w;
    s->step_mcs = step_mcs;
    pg_rng *rng = NULL;
    pg_status st = build(s, job);
    if (st == PG_OK) st = pg_rng_create(seed, 0, PG_RNG_INIT, &rng);
    if (st == PG_OK) st = pg_net_init(s->net, rng);
    pg_rng_destroy(&rng);
    if (st != PG_OK) {
        pg_foam_surrogate_destroy(&s);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = s;
    return PG_OK;
}

void pg_foam_surrogate_destroy(pg_foam_surrogate **sp)
{
    pg_foam_surrogate *s = sp ? *sp : NULL;
    if (!s) return;
    pg_graph_destroy(&s->g);
    pg_net_destroy(&s->net);
    pg_foam_field_ws_destroy(&s->ws);
    free(s->grid_labels);
    pg_config_destroy(&s->cfg);
    free(s);
    *sp = NULL;
}

void pg_foam_surrogate_size(const pg_foam_surrogate *s, int *batch, int *h,
                            int *w)
{
    *batch = s->batch;
    *h = s->h;
    *w = s->w;
}

void pg_foam_surrogate_trained_size(const pg_foam_surrogate *s, int *h,
                                    int *w)
{
    *h = s->trained_h;
    *w = s->trained_w;
}

double pg_foam_surrogate_step_mcs(const pg_foam_surrogate *s)
{
    return s->step_mcs;
}

double pg_foam_surrogate_film_sigma(const pg_foam_surrogate *s)
{
    return s->film_sigma;
}

int pg_foam_surrogate_min_bubble(const pg_foam_surrogate *s)
{
    return (int)s->min_bubble;
}

size_t pg_foam_surrogate_params(const pg_foam_surrogate *s)
{
    return s->net->nw;
}

float *pg_foam_surrogate_state(pg_foam_surrogate *s)
{
    return pg_graph_data(s->g, s->in);
}

pg_status pg_foam_surrogate_step(pg_foam_surrogate *s)
{
    PG_CHECK(pg_graph_forward(s->g));
    size_t len = (size_t)s->batch * (size_t)s->h * (size_t)s->w;
    memcpy(pg_graph_data(s->g, s->in), pg_graph_data(s->g, s->out),
           len * sizeof(float));
    return PG_OK;
}

void pg_foam_surrogate_start(pg_foam_surrogate *s, int q,
                             const int32_t *labels, int stride, float *phi)
{
    size_t hw = (size_t)s->h * (size_t)s->w;
    float *x = pg_foam_surrogate_state(s) + (size_t)q * hw;
    if (stride > 1) {
        pg_foam_labels_coarsen(labels, s->h * stride, s->w * stride, stride,
                               s->grid_labels);
        labels = s->grid_labels;
    }
    float *field = phi ? phi : x;
    pg_foam_field_wide(s->ws, labels, s->film_sigma, field);
    for (size_t k = 0; k < hw; k++) x[k] = 2.0f * field[k] - 1.0f;
}

void pg_foam_surrogate_recover(pg_foam_surrogate *s, int q,
                               const float *field, double threshold,
                               int min_bubble, int stride, int project,
                               int32_t *frame)
{
    size_t hw = (size_t)s->h * (size_t)s->w;
    int32_t *lab = stride > 1 ? s->grid_labels : frame;
    pg_foam_field_to_labels_min(s->ws, field, threshold, min_bubble, lab,
                                NULL);
    if (stride > 1) pg_foam_labels_refine(lab, s->h, s->w, stride, frame);
    if (!project) return;
    float *x = pg_foam_surrogate_state(s) + (size_t)q * hw;
    pg_foam_field_wide(s->ws, lab, s->film_sigma, x);
    for (size_t k = 0; k < hw; k++) x[k] = 2.0f * x[k] - 1.0f;
}

pg_status pg_foam_surrogate_advance(pg_foam_surrogate *s, int min_bubble,
                                    int stride, int project, float *phi,
                                    size_t phi_stride, int32_t *labels,
                                    size_t label_stride)
{
    PG_CHECK(pg_foam_surrogate_step(s));
    size_t hwc = (size_t)s->h * (size_t)s->w;
    const float *x = pg_foam_surrogate_state(s);
    for (int q = 0; q < s->batch; q++) {
        const float *xq = x + (size_t)q * hwc;
        float *pq = phi + (size_t)q * phi_stride;
        for (size_t k = 0; k < hwc; k++) pq[k] = 0.5f * (xq[k] + 1.0f);
        pg_foam_surrogate_recover(s, q, pq, PG_FOAM_FIELD_THRESHOLD,
                                  min_bubble, stride, project,
                                  labels + (size_t)q * label_stride);
    }
    return PG_OK;
}
