/* The paired trainer's data: this rank's shard of terrain/1 patches in
 * full batches, each turned into a normalised (coarse, fine) pair
 * (data/terrain_sr_pairs.h). */
#include <string.h>

#include "data/terrain_sr_pairs.h"
#include "io/h5.h"
#include "train/pix2pix_impl.h"

pg_status pg_pix2pix_data_open(pg_pix2pix *p)
{
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
    PG_CHECK_GOTO(st, pg_h5_attr_read_double(f, "/", "cell_size_m",
                                             &p->dx_m), done);
    p->dy_m = p->dx_m;
    if (pg_h5_attr_exists(f, "/", "cell_size_y_m"))
        PG_CHECK_GOTO(st, pg_h5_attr_read_double(f, "/", "cell_size_y_m",
                                                 &p->dy_m), done);
    st = PG_OK;
done:
    pg_h5_file_close(&f);
    if (st != PG_OK) return st;
    const char *names[] = {"/terrain"};
    PG_CHECK(pg_shard_reader_open(p->o.data_path, "terrain/1", names, 1,
                                  p->comm, &p->reader));
    size_t smallest = pg_shard_reader_samples(p->reader) / (size_t)p->size;
    p->batches_per_epoch = (int64_t)(smallest / (size_t)p->o.batch);
    if (p->batches_per_epoch < 1)
        return PG_FAIL(PG_ERR_CONFIG, "[train] batch = %ld is more than the "
                       "smallest shard (%zu patches per rank of %s)",
                       p->o.batch, smallest, p->o.data_path);
    return PG_OK;
}

pg_status pg_pix2pix_data_seek(pg_pix2pix *p)
{
    return pg_shard_reader_epoch(p->reader, (uint64_t)p->o.seed, p->epoch,
                                 (size_t)p->o.batch, (size_t)p->index);
}

pg_status pg_pix2pix_data_next(pg_pix2pix *p)
{
    if (p->index == p->batches_per_epoch) {
        p->epoch++;
        p->index = 0;
        PG_CHECK(pg_pix2pix_data_seek(p));
    }
    size_t count;
    void *bufs[1] = {p->fine};
    PG_CHECK(pg_shard_reader_next(p->reader, bufs, &count, NULL));
    if (count != (size_t)p->o.batch)
        return PG_FAIL(PG_ERR_INTERNAL, "shard reader gave %zu patches, "
                       "expected %ld", count, p->o.batch);
    p->index++;
    int n = (int)count;
    PG_CHECK(pg_terrain_sr_downsample(p->fine, n, p->h, p->w,
                                      p->arch.factor, p->coarse));
    pg_terrain_sr_normalize(p->coarse, (size_t)p->ch * (size_t)p->cw,
                            p->fine, (size_t)p->h * (size_t)p->w, n, p->mid,
                            p->half);
    return PG_OK;
}
