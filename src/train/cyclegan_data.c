/* The CycleGAN's data: this rank's shards of both domains' terrain/1
 * files in full batches, each patch normalised by its own midpoint and
 * half range (the trainers' [data] normalize = patch). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"
#include "base/sample_range.h"
#include "io/terrain_file.h"
#include "io/h5.h"
#include "train/cyclegan_impl.h"
#include "train/data_reference.h"
#include "io/schema.h"

/* Shape and cell sizes of one file (plain read-only open, every rank). */
static pg_status read_header(pg_cyclegan_domain *d, const char *key)
{
    pg_h5_file *f = NULL;
    pg_h5_dataset_info info;
    pg_status st;
    PG_CHECK(pg_h5_file_open_valid(d->path, "terrain/1", &f));
    PG_CHECK_GOTO(st, pg_h5_dataset_info_get(f, "/terrain", &info), done);
    if (info.type != PG_H5_F32 || info.rank != 3) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s ([data] %s): /terrain must be "
                     "float32 (N,H,W)", d->path, key);
        goto done;
    }
    d->h = (int)info.dims[1];
    d->w = (int)info.dims[2];
    st = pg_terrain_file_cells(f, &d->dx_m, &d->dy_m);
done:
    pg_h5_file_close(&f);
    return st;
}

static pg_status open_domain(pg_cyclegan *c, pg_cyclegan_domain *d,
                             const char *key)
{
    const char *names[] = {"/terrain"};
    PG_CHECK(pg_shard_reader_open(d->path, "terrain/1", names, 1, c->comm,
                                  &d->reader));
    size_t smallest = pg_shard_reader_samples(d->reader) / (size_t)c->size;
    d->batches_per_epoch = (int64_t)(smallest / (size_t)c->o.batch);
    if (d->batches_per_epoch < 1)
        return PG_FAIL(PG_ERR_CONFIG, "[train] batch = %ld is more than the "
                       "smallest shard (%zu patches per rank of %s, [data] "
                       "%s)", c->o.batch, smallest, d->path, key);
    size_t n = (size_t)c->o.batch;
    d->x = malloc(n * (size_t)d->h * (size_t)d->w * sizeof *d->x);
    d->mid = malloc(n * sizeof *d->mid);
    d->half = malloc(n * sizeof *d->half);
    if (!d->x || !d->mid || !d->half)
        return PG_FAIL(PG_ERR_NOMEM, "cyclegan batch of %s", d->path);
    return PG_OK;
}

pg_status pg_cyclegan_data_open(pg_cyclegan *c)
{
    c->a.path = c->o.path_a;
    c->b.path = c->o.path_b;
    /* Distinct shuffles of the two files, so that pairs (a, b) are not
     * tied to one another's positions. */
    c->b.seed = (uint64_t)c->o.seed;
    c->a.seed = (uint64_t)c->o.seed ^ 0x5a5a5a5a5a5a5a5aULL;
    PG_CHECK(read_header(&c->a, "path_synthetic"));
    PG_CHECK(read_header(&c->b, "path"));
    if (c->a.h != c->b.h || c->a.w != c->b.w)
        return PG_FAIL(PG_ERR_CONFIG, "[data] path_synthetic = %s has %dx%d "
                       "patches and [data] path = %s has %dx%d: cyclegan "
                       "translates patches of one size (simulate terrain "
                       "--size, import dem --patch)", c->a.path, c->a.h,
                       c->a.w, c->b.path, c->b.h, c->b.w);
    /* G_AB(a) is read on the real grid (its slope penalty, generate). */
    double ra = sqrt(c->a.dx_m * c->a.dy_m), rb = sqrt(c->b.dx_m * c->b.dy_m);
    if (c->rank == 0 && fabs(ra - rb) > 0.05 * rb)
        pg_warn("[data] path_synthetic = %s has %g m cells and [data] path "
                "= %s %g x %g m: translated patches take the real cell "
                "sizes, so their slopes differ from the synthetic ones by "
                "the ratio (simulate terrain --cell-size %.4g matches)",
                c->a.path, ra, c->b.path, c->b.dx_m, c->b.dy_m, rb);
    PG_CHECK(open_domain(c, &c->a, "path_synthetic"));
    PG_CHECK(open_domain(c, &c->b, "path"));
    return PG_OK;
}

static pg_status seek(pg_cyclegan *c, pg_cyclegan_domain *d)
{
    return pg_shard_reader_epoch(d->reader, d->seed, d->epoch,
                                 (size_t)c->o.batch, (size_t)d->index);
}

pg_status pg_cyclegan_data_seek(pg_cyclegan *c)
{
    PG_CHECK(seek(c, &c->a));
    PG_CHECK(seek(c, &c->b));
    return PG_OK;
}

pg_status pg_cyclegan_data_next(pg_cyclegan *c, pg_cyclegan_domain *d)
{
    if (d->index == d->batches_per_epoch) {
        d->epoch++;
        d->index = 0;
        PG_CHECK(seek(c, d));
    }
    size_t count;
    void *bufs[1] = {d->x};
    PG_CHECK(pg_shard_reader_next(d->reader, bufs, &count, NULL));
    if (count != (size_t)c->o.batch)
        return PG_FAIL(PG_ERR_INTERNAL, "shard reader gave %zu patches of "
                       "%s, expected %ld", count, d->path, c->o.batch);
    d->index++;
    size_t len = (size_t)d->h * (size_t)d->w;
    for (size_t i = 0; i < count; i++) {
        float *s = d->x + i * len;
        pg_data_sample_range(s, len, &d->mid[i], &d->half[i]);
        for (size_t j = 0; j < len; j++)
            s[j] = (float)(((double)s[j] - d->mid[i]) / d->half[i]);
    }
    return PG_OK;
}
