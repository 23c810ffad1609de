/* The unet_sr kind of the paired trainer (docs/terrain.md,
 * "Super-resolution"): this rank's shard of terrain/1 patches in full
 * batches, each turned into a normalised (coarse, fine) pair
 * (physics/terrain/terrain_sr_pairs.h), and the terrain penalties on G's
 * output in metres. */
#include <stdlib.h>
#include <string.h>

#include "io/schema.h"
#include "io/terrain_file.h"
#include "physics/terrain/terrain_sr_pairs.h"
#include "io/h5.h"
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
    /* No data reference: terrain.roughness is refused (the L1 term
     * already ties the spectrum to the target). */
    PG_CHECK(pg_penalty_config_check(c, "terrain", PG_PENALTY_LIST_NO_REF,
                                     "unet_sr"));
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
    PG_CHECK(pg_h5_file_open_valid(p->o.data_path, "terrain/1", &f));
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
    pg_penalty_geom geom = {(int)p->o.batch, 1, p->h, p->w, s->dx_m,
                            s->dy_m};
    return pg_pix2pix_penalties_create(p, "terrain", PG_PENALTY_LIST_NO_REF,
                                       &geom);
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

/* The terrain penalties on G(c) in metres, z = half_i x + mid_i per
 * pair. */
static pg_status penalties(pg_pix2pix *p, const float *x,
                           pg_pix2pix_metrics *m, float *gx)
{
    pg_penalty_units u = {.scale = p->sr->half, .offset = p->sr->mid};
    return pg_pix2pix_penalties_eval(p, x, NULL, &u, m, gx);
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
    .professor_forcing = 0,
    .read_opts = read_opts,
    .data_open = data_open,
    .setup = setup,
    .data_seek = data_seek,
    .data_next = data_next,
    .penalties = penalties,
    .destroy = destroy,
};
