/* A terrain GAN's generator for sampling (terrain_sampler.h). */
#include "train/terrain_sampler.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "nn/ops.h"
#include "train/model_registry.h"
#include "train/net_load.h"

struct pg_terrain_sampler {
    const pg_gan_model *model;
    pg_gan_dims dims;
    pg_data_reference ref;
    pg_net *net;
    pg_graph *g;
    int z, out, batch;
};

/* Everything the checkpoint stores about its data (trainer_ckpt.c); 0
 * when an older checkpoint lacks any of it. */
static pg_status stored_reference(const pg_checkpoint *c,
                                  pg_data_reference *r, int *have)
{
    static const char *const keys[] = {
        "data/offset", "data/scale", "data/cell_size_m", "data/cell_size_y_m",
        "data/channels", "data/height", "data/width"};
    *have = 0;
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++)
        if (!pg_checkpoint_has(c, keys[i])) return PG_OK;
    float v[4];
    int64_t shape[3];
    for (int i = 0; i < 4; i++)
        PG_CHECK(pg_checkpoint_get_floats(c, keys[i], &v[i], 1));
    for (int i = 0; i < 3; i++)
        PG_CHECK(pg_checkpoint_get_int(c, keys[4 + i], &shape[i]));
    *r = (pg_data_reference){0, (size_t)shape[0], (size_t)shape[1],
                             (size_t)shape[2], v[0], v[1], v[2], v[3]};
    *have = 1;
    return PG_OK;
}

/* The reference from the data file: its shape and cells, and m_ref and
 * h_ref from the checkpoint when stored, else recomputed (one full pass). */
static pg_status file_reference(const pg_config *cfg, const pg_checkpoint *c,
                                const char *path, const char *data,
                                pg_data_reference *r)
{
    const char *norm;
    PG_CHECK(pg_config_get_string(cfg, "data", "normalize", &norm));
    int stored = pg_checkpoint_has(c, "data/offset") &&
                 pg_checkpoint_has(c, "data/scale");
    pg_normalize mode;
    PG_CHECK(pg_normalize_parse(norm, &mode));
    PG_CHECK(pg_data_reference_compute(
        data, "/terrain", stored ? PG_NORMALIZE_NONE : mode, r));
    if (stored) {
        float offset, scale;
        PG_CHECK(pg_checkpoint_get_floats(c, "data/offset", &offset, 1));
        PG_CHECK(pg_checkpoint_get_floats(c, "data/scale", &scale, 1));
        r->offset = offset;
        r->scale = scale;
    }
    float cell;
    if (pg_checkpoint_has(c, "data/cell_size_m") &&
        pg_checkpoint_get_floats(c, "data/cell_size_m", &cell, 1) == PG_OK &&
        fabs(cell - r->cell_size_m) > 1e-3 * cell)
        pg_warn("%s: cell size %g m, but checkpoint %s was trained on %g m "
                "cells (another data file?)", data, r->cell_size_m, path,
                (double)cell);
    return PG_OK;
}

static pg_status build(pg_terrain_sampler *s, const pg_config *cfg,
                       const pg_checkpoint *c, const char *path,
                       const char *data, int ema)
{
    const char *job_data, *dataset, *arch;
    PG_CHECK(pg_config_get_string(cfg, "data", "path", &job_data));
    PG_CHECK(pg_config_get_string(cfg, "data", "dataset", &dataset));
    PG_CHECK(pg_config_get_string(cfg, "model", "arch", &arch));
    if (strcmp(dataset, "/terrain"))
        return PG_FAIL(PG_ERR_ARG, "checkpoint %s was trained on [data] "
                       "dataset = %s; terrain generation needs a /terrain "
                       "model", path, dataset);
    PG_CHECK(pg_gan_model_find(arch, &s->model));
    int have = 0;
    if (!data) PG_CHECK(stored_reference(c, &s->ref, &have));
    if (!have)
        PG_CHECK(file_reference(cfg, c, path, data ? data : job_data,
                                &s->ref));
    PG_CHECK(s->model->configure(cfg, (int)s->ref.c, (int)s->ref.h,
                                 (int)s->ref.w, &s->dims));
    PG_CHECK(pg_net_create("G", &s->net));
    PG_CHECK(pg_graph_create(s->net, &s->g));
    s->z = pg_op_input(s->g, 2, (int[]){s->batch, s->dims.z_dim});
    s->out = s->model->generator(s->g, s->z, &s->dims);
    PG_CHECK(pg_graph_finalize(s->g));
    pg_graph_set_training(s->g, 0, 0);
    PG_CHECK(pg_net_load(c, path, "G", ema, s->net));
    return PG_OK;
}

pg_status pg_terrain_sampler_open(const pg_config *cfg,
                                  const pg_checkpoint *c, const char *path,
                                  const char *data, int ema, int batch,
                                  pg_terrain_sampler **out)
{
    *out = NULL;
    pg_terrain_sampler *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "terrain sampler");
    s->batch = batch;
    pg_status st = build(s, cfg, c, path, data, ema);
    if (st != PG_OK) {
        pg_terrain_sampler_close(&s);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = s;
    return PG_OK;
}

void pg_terrain_sampler_close(pg_terrain_sampler **sp)
{
    pg_terrain_sampler *s = *sp;
    if (!s) return;
    pg_graph_destroy(&s->g);
    pg_net_destroy(&s->net);
    free(s);
    *sp = NULL;
}

const pg_data_reference *pg_terrain_sampler_ref(const pg_terrain_sampler *s)
{
    return &s->ref;
}

int pg_terrain_sampler_z_dim(const pg_terrain_sampler *s)
{
    return s->dims.z_dim;
}

int pg_terrain_sampler_batch(const pg_terrain_sampler *s) { return s->batch; }

float *pg_terrain_sampler_buffer(const pg_terrain_sampler *s)
{
    return pg_graph_data(s->g, s->out);
}

void pg_terrain_sampler_skip(pg_terrain_sampler *s, pg_rng *noise,
                             size_t patches)
{
    /* G's input buffer is free between passes. */
    float *scratch = pg_graph_data(s->g, s->z);
    size_t cap = (size_t)s->batch * (size_t)s->dims.z_dim;
    size_t left = patches * (size_t)s->dims.z_dim;
    while (left) {
        size_t k = left < cap ? left : cap;
        pg_rng_fill_gaussian(noise, scratch, k, 1.0);
        left -= k;
    }
}

pg_status pg_terrain_sampler_pass(pg_terrain_sampler *s, pg_rng *noise,
                                  size_t k, float **out)
{
    if (k > (size_t)s->batch)
        return PG_FAIL(PG_ERR_INTERNAL, "terrain sampler: %zu patches in a "
                       "pass of %d", k, s->batch);
    size_t len = s->ref.h * s->ref.w, nz = (size_t)s->dims.z_dim;
    float *x = pg_graph_data(s->g, s->out), *zin = pg_graph_data(s->g, s->z);
    /* z_dim draws per patch in order: patch i is the same for any n. */
    pg_rng_fill_gaussian(noise, zin, k * nz, 1.0);
    memset(zin + k * nz, 0, ((size_t)s->batch - k) * nz * sizeof *zin);
    PG_CHECK(pg_graph_forward(s->g));
    for (size_t i = 0; i < k * len; i++)
        x[i] = (float)(s->ref.scale * x[i] + s->ref.offset);
    *out = x;
    return PG_OK;
}
