/* The foam surrogate's rollout loop and its foam/1 output (rollout.h). */
#include "train/rollout.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/foam_file.h"
#include "io/h5.h"
#include "physics/foam/foam_grid.h"

void pg_rollout_destroy(pg_rollout **rp)
{
    pg_rollout *r = *rp;
    if (!r) return;
    pg_foam_surrogate_destroy(&r->sur);
    pg_foam_init_free(&r->init);
    free(r->labels);
    free(r->phi);
    free(r);
    *rp = NULL;
}

static pg_status setup(pg_rollout *r)
{
    const pg_rollout_opts *o = &r->opts;
    PG_CHECK(pg_foam_init_read(o->init, &r->init));
    r->S = r->init->seqs;
    r->T = (int)o->steps + 1;
    r->h = r->init->h;
    r->w = r->init->w;
    r->stride = o->coarse;
    PG_CHECK(pg_foam_grid_check(r->h, r->w, r->stride, o->init));
    r->hc = r->h / r->stride;
    r->wc = r->w / r->stride;
    PG_CHECK(pg_foam_surrogate_load(o->ckpt, r->S, r->hc, r->wc, &r->sur));
    r->min_bubble = o->min_bubble ? o->min_bubble
                                  : pg_foam_surrogate_min_bubble(r->sur);
    r->step_mcs = pg_foam_surrogate_step_mcs(r->sur) * r->stride * r->stride;
    size_t n = (size_t)r->S * (size_t)r->T * (size_t)r->h * (size_t)r->w;
    size_t nc = n / ((size_t)r->stride * (size_t)r->stride);
    r->labels = malloc(n * sizeof *r->labels);
    r->phi = malloc(nc * sizeof *r->phi);
    if (!r->labels || !r->phi)
        return PG_FAIL(PG_ERR_NOMEM, "rollout of %d x %d frames", r->S, r->T);
    return PG_OK;
}

pg_status pg_rollout_create(const pg_rollout_opts *o, pg_rollout **out)
{
    *out = NULL;
    if (o->steps < 1 || o->coarse < 1)
        return PG_FAIL(PG_ERR_ARG, "rollout: %ld steps, coarse %d: need >= 1",
                       o->steps, o->coarse);
    pg_rollout *r = calloc(1, sizeof *r);
    if (!r) return PG_FAIL(PG_ERR_NOMEM, "rollout");
    r->opts = *o;
    pg_status st = setup(r);
    if (st != PG_OK) {
        pg_rollout_destroy(&r);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = r;
    return PG_OK;
}

pg_status pg_rollout_run(pg_rollout *r, pg_progress *prog)
{
    size_t hw = (size_t)r->h * (size_t)r->w;
    size_t hwc = (size_t)r->hc * (size_t)r->wc;
    for (int q = 0; q < r->S; q++) {
        int32_t *frame = r->labels + (size_t)q * (size_t)r->T * hw;
        memcpy(frame, r->init->labels + (size_t)q * hw, hw * sizeof *frame);
        pg_foam_surrogate_start(r->sur, q, frame, r->stride,
                                r->phi + (size_t)q * (size_t)r->T * hwc);
    }
    for (int t = 1; t < r->T; t++) {
        PG_CHECK(pg_foam_surrogate_advance(
            r->sur, (int)r->min_bubble, r->stride, r->opts.project,
            r->phi + (size_t)t * hwc, (size_t)r->T * hwc,
            r->labels + (size_t)t * hw, (size_t)r->T * hw));
        if (prog) pg_progress_update(prog, t, NULL);
    }
    return PG_OK;
}

/* The rollout's own root attributes, after the foam/1 header. */
static pg_status write_attrs(const pg_rollout *r, pg_h5_file *f)
{
    PG_CHECK(pg_h5_attr_write_int(f, "/", "surrogate", 1));
    PG_CHECK(pg_h5_attr_write_string(f, "/", "checkpoint", r->opts.ckpt));
    PG_CHECK(pg_h5_attr_write_string(f, "/", "init", r->opts.init));
    PG_CHECK(pg_h5_attr_write_int(f, "/", "projected", r->opts.project));
    /* Sites per side of G's grid cell; /phi is on that grid. */
    PG_CHECK(pg_h5_attr_write_int(f, "/", "coarse", r->stride));
    PG_CHECK(pg_h5_attr_write_int(f, "/", "min_bubble_sites",
                                  (int)r->min_bubble));
    return PG_OK;
}

pg_status pg_rollout_write(const pg_rollout *r, const char *path)
{
    char source[512];
    snprintf(source, sizeof source, "physgan rollout %s --init %s --steps %ld",
             r->opts.ckpt, r->opts.init, r->opts.steps);
    pg_foam_header h = {
        .shape = {r->S, r->T, r->h, r->w},
        .start_mcs = r->init->time,
        .interval_mcs = r->step_mcs,
        .simulator = "physgan surrogate unet_foam (U-Net on film fields), "
                     "labels by connected components",
        /* The dynamics imitated: the start file's temperature. */
        .temperature = r->init->temperature,
        .gzip = 1};
    size_t phi_dims[4] = {(size_t)r->S, (size_t)r->T, (size_t)r->hc,
                          (size_t)r->wc};
    pg_h5_file *f = NULL;
    PG_CHECK(pg_foam_file_create(path, source, &h, r->labels, &f));
    pg_status st = pg_h5_dataset_write(f, "/phi", PG_H5_F32, 4, phi_dims,
                                       r->phi, "1", 1);
    if (st == PG_OK) st = write_attrs(r, f);
    if (st == PG_OK) st = pg_h5_writer_commit(&f);
    pg_h5_writer_abort(&f);
    PG_CHECK(st);
    return PG_OK;
}
