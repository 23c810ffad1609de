/* Sample files: G (EMA weights when enabled) in evaluation mode on the
 * run's fixed noise, written by rank 0 (docs/hpc.md, "Samples"). */
#include <stdio.h>
#include <string.h>

#include "dist/agree.h"
#include "io/h5.h"
#include "train/trainer_impl.h"

static pg_status write_file(pg_trainer *t, const char *path)
{
    const pg_gan_dims *d = &t->dims;
    size_t n = (size_t)t->o.samples;
    float *x = pg_graph_data(t->sg, t->sg_out);
    char source[128];
    pg_h5_file *f = NULL;
    pg_status st;
    snprintf(source, sizeof source, "physgan train: model %s, step %lld",
             t->model->name, (long long)t->step);
    if (t->terrain) {
        /* terrain/1: (N, H, W) metres, back in the data's units. */
        size_t len = n * t->sample_len;
        for (size_t i = 0; i < len; i++)
            x[i] = (float)(t->ref_scale * x[i] + t->ref_offset);
        size_t dims[3] = {n, (size_t)d->height, (size_t)d->width};
        PG_CHECK(pg_h5_writer_open(path, "terrain/1", source, &f));
        PG_CHECK_GOTO(st, pg_h5_dataset_write(f, "/terrain", PG_H5_F32, 3,
                                              dims, x, "m", 0), fail);
        PG_CHECK_GOTO(st, pg_h5_attr_write_double(f, "/", "cell_size_m",
                                                  t->cell_size_m), fail);
        if (t->cell_size_y_m != t->cell_size_m)
            PG_CHECK_GOTO(st, pg_h5_attr_write_double(f, "/", "cell_size_y_m",
                                                      t->cell_size_y_m), fail);
    } else {
        size_t dims[4] = {n, (size_t)d->channels, (size_t)d->height,
                          (size_t)d->width};
        PG_CHECK(pg_h5_writer_open(path, "samples/1", source, &f));
        PG_CHECK_GOTO(st, pg_h5_dataset_write(f, "/samples", PG_H5_F32, 4,
                                              dims, x, "1", 0), fail);
    }
    PG_CHECK_GOTO(st, pg_h5_attr_write_int(f, "/", "step", t->step), fail);
    return pg_h5_writer_commit(&f);
fail:
    pg_h5_writer_abort(&f);
    return st;
}

pg_status pg_trainer_samples_write(pg_trainer *t)
{
    pg_status st = PG_OK;
    if (t->rank == 0) {
        const float *w = t->ema ? pg_ema_weights(t->ema) : t->gnet->w;
        memcpy(t->snet->w, w, t->gnet->nw * sizeof *w);
        if (t->gnet->ns)
            memcpy(t->snet->s, t->gnet->s, t->gnet->ns * sizeof(float));
        memcpy(pg_graph_data(t->sg, t->sg_z), t->fixed_z,
               (size_t)t->o.samples * (size_t)t->dims.z_dim * sizeof(float));
        char path[4096];
        snprintf(path, sizeof path, "%s/step-%06lld.h5", t->samples_dir,
                 (long long)t->step);
        st = pg_graph_forward(t->sg);
        if (st == PG_OK) st = write_file(t, path);
        if (st == PG_OK) pg_run_log(&t->run, "samples %s", path);
    }
    PG_CHECK(pg_dist_agree(t->comm, st));
    return PG_OK;
}
