/* The unet_sr kind of the paired trainer (docs/terrain.md,
 * "Super-resolution"): this rank's shard of terrain/1 patches in full
 * batches, each turned into a normalised (coarse, fine) pair
 * (physics/terrain/terrain_sr_pairs.h), and the slope penalty on G's output in
 * metres. */
#include <stdlib.h>
#include <string.h>

#include "io/terrain_file.h"
#include "physics/terrain/terrain_sr_pairs.h"
#include "io/h5.h"
#include "physics/terrain/terrain_penalties.h"
#include "train/pix2pix_impl.h"

struct pg_pix2pix_sr {
    pg_shard_reader *reader;
    double dx_m, dy_m;           /* cell sizes of the fine grid */
    double *mid, *half;          /* per-pair normalisation (metres) */
};

static pg_status read_opts(const pg_config *c, pg_pix2pix_opts *o)
{
    const char *norm;
    PG_CHECK(pg_config_get_string(c, "data", "normalize", &norm));
    if (strcmp(o->dataset, "/terrain") || strcmp(norm, "patch"))
        return PG_FAIL(PG_ERR_CONFIG, "[model] arch = unet_sr trains on "
                       "terrain/1 patches normalised per pair: it needs "
                       "[data] dataset = /terrain and normalize = patch");
    double rough;
    PG_CHECK(pg_train_terrain_opts_read(c, &o->slope_w, &o->max_slope_deg,
                                        &rough));
    if (rough > 0)
        return PG_FAIL(PG_ERR_CONFIG, "[physics] terrain_roughness_weight: "
                       "not supported by unet_sr (the L1 term already ties "
                       "the spectrum to the target); set it to 0");
    double pf;
    PG_CHECK(pg_config_get_double(c, "loss", "pf_weight", &pf));
    if (pf > 0)
        return PG_FAIL(PG_ERR_CONFIG, "[loss] pf_weight: Professor Forcing "
                       "needs sequences (unet_foam); set it to 0 for "
                       "unet_sr");
    return PG_OK;
}

static pg_status data_open(pg_pix2pix *p)
{
    pg_pix2pix_sr *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "unet_sr data");
    p->sr = s;
    pg_h5_file *f = NULL;
    pg_h5_dataset_info info;
    pg_status st;
    PG_CHECK(pg_h5_file_open(p->o.data_path, "terrain/1", &f));
    PG_CHECK_GOTO(st, pg_h5_dataset_info_get(f, "/terrain", &info), done);
    if (info.type != PG_H5_F32 || info.rank != 3) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: /terrain must be float32 (N,H,W)",
                     p->o.data_path);
        goto done;
    }
    p->h = (int)info.dims[1];
    p->w = (int)info.dims[2];
    st = pg_terrain_file_cells(f, &s->dx_m, &s->dy_m);
done:
    pg_h5_file_close(&f);
    if (st != PG_OK) return st;
    const char *names[] = {"/terrain"};
    PG_CHECK(pg_shard_reader_open(p->o.data_path, "terrain/1", names, 1,
                                  p->comm, &s->reader));
    size_t smallest = pg_shard_reader_samples(s->reader) / (size_t)p->size;
    p->batches_per_epoch = (int64_t)(smallest / (size_t)p->o.batch);
    if (p->batches_per_epoch < 1)
        return PG_FAIL(PG_ERR_CONFIG, "[train] batch = %ld is more than the "
                       "smallest shard (%zu patches per rank of %s)",
                       p->o.batch, smallest, p->o.data_path);
    return PG_OK;
}

static pg_status setup(pg_pix2pix *p)
{
    pg_pix2pix_sr *s = p->sr;
    s->mid = malloc((size_t)p->o.batch * sizeof *s->mid);
    s->half = malloc((size_t)p->o.batch * sizeof *s->half);
    if (!s->mid || !s->half) return PG_FAIL(PG_ERR_NOMEM, "unet_sr buffers");
    if (p->o.slope_w > 0) {
        pg_terrain_grid grid = {p->h, p->w, s->dx_m, s->dy_m};
        PG_CHECK(pg_terrain_slope_penalty_create(&grid, p->o.max_slope_deg,
                                                 p->o.slope_w, &p->pen[0]));
    }
    return PG_OK;
}

static pg_status data_seek(pg_pix2pix *p)
{
    return pg_shard_reader_epoch(p->sr->reader, (uint64_t)p->o.seed,
                                 p->epoch, (size_t)p->o.batch,
                                 (size_t)p->index);
}

static pg_status data_next(pg_pix2pix *p)
{
    pg_pix2pix_sr *s = p->sr;
    if (p->index == p->batches_per_epoch) {
        p->epoch++;
        p->index = 0;
        PG_CHECK(data_seek(p));
    }
    size_t count;
    void *bufs[1] = {p->target};
    PG_CHECK(pg_shard_reader_next(s->reader, bufs, &count, NULL));
    if (count != (size_t)p->o.batch)
        return PG_FAIL(PG_ERR_INTERNAL, "shard reader gave %zu patches, "
                       "expected %ld", count, p->o.batch);
    p->index++;
    int n = (int)count;
    PG_CHECK(pg_terrain_sr_downsample(p->target, n, p->h, p->w,
                                      p->arch.factor, p->cond));
    pg_terrain_sr_normalize(p->cond, (size_t)p->ch * (size_t)p->cw,
                            p->target, (size_t)p->h * (size_t)p->w, n,
                            s->mid, s->half);
    return PG_OK;
}

/* The slope penalty on G(c) in metres, z = half_i x + mid_i per pair;
 * adds half_i * dP/dz into gx. */
static pg_status penalties(pg_pix2pix *p, const float *x,
                           pg_pix2pix_metrics *m, float *gx)
{
    pg_pix2pix_sr *s = p->sr;
    if (!p->pen[0]) return PG_OK;
    size_t len = (size_t)p->h * (size_t)p->w;
    for (long i = 0; i < p->o.batch; i++)
        for (size_t k = 0; k < len; k++)
            p->pen_z.data[(size_t)i * len + k] =
                (float)(s->half[i] * x[(size_t)i * len + k] + s->mid[i]);
    memset(p->pen_grad.data, 0, p->pen_grad.size * sizeof(float));
    PG_CHECK(pg_penalty_eval(p->pen[0], &p->pen_z, &m->pen[0],
                             &p->pen_grad));
    for (long i = 0; i < p->o.batch; i++)
        for (size_t k = 0; k < len; k++)
            gx[(size_t)i * len + k] +=
                (float)s->half[i] * p->pen_grad.data[(size_t)i * len + k];
    return PG_OK;
}

static void destroy(pg_pix2pix *p)
{
    if (!p->sr) return;
    pg_shard_reader_close(&p->sr->reader);
    free(p->sr->mid);
    free(p->sr->half);
    free(p->sr);
    p->sr = NULL;
}

const pg_pix2pix_kind pg_pix2pix_kind_sr = {
    .arch = "unet_sr",
    .what = "terrain super-resolution",
    .n_penalties = 1,
    .penalty_names = {"terrain.slope"},
    .professor_forcing = 0,
    .read_opts = read_opts,
    .data_open = data_open,
    .setup = setup,
    .data_seek = data_seek,
    .data_next = data_next,
    .penalties = penalties,
    .destroy = destroy,
};
