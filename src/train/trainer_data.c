/* The trainer's data: this rank's shard of the dataset in full batches,
 * normalised per sample ([data] normalize), and the dataset-wide
 * reference scale that turns generated samples back into physical units
 * for the penalties (train/data_reference.h). */
#include <math.h>
#include <string.h>

#include "base/sample_range.h"
#include "io/terrain_file.h"
#include "io/h5.h"
#include "train/data_reference.h"
#include "train/trainer_impl.h"
#include "io/schema.h"

pg_status pg_trainer_data_open(pg_trainer *t, int *c, int *h, int *w)
{
    const pg_trainer_opts *o = &t->o;
    pg_h5_file *f = NULL;
    pg_h5_dataset_info info;
    pg_status st;
    t->terrain = !strcmp(o->dataset, "/terrain");
    const char *schema = t->terrain ? "terrain/1" : NULL;
    /* Shape and attributes: a plain read-only open on every rank. */
    /* A terrain/1 file is validated whole first (NaN/Inf, shapes, units). */
    PG_CHECK(schema ? pg_h5_file_open_valid(o->data_path, schema, &f)
                    : pg_h5_file_open(o->data_path, schema, &f));
    PG_CHECK_GOTO(st, pg_h5_dataset_info_get(f, o->dataset, &info), done);
    if (info.type != PG_H5_F32 || (info.rank != 3 && info.rank != 4)) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: [data] dataset %s must be float32 "
                     "(N,H,W) or (N,C,H,W); it is %s of rank %d",
                     o->data_path, o->dataset, pg_h5_type_name(info.type),
                     info.rank);
        goto done;
    }
    *c = info.rank == 4 ? (int)info.dims[1] : 1;
    *h = (int)info.dims[info.rank - 2];
    *w = (int)info.dims[info.rank - 1];
    t->cell_size_m = t->cell_size_y_m = 0;
    if (t->terrain)
        PG_CHECK_GOTO(st, pg_terrain_file_cells(f, &t->cell_size_m,
                                                &t->cell_size_y_m), done);
    st = PG_OK;
done:
    pg_h5_file_close(&f);
    if (st != PG_OK) return st;

    const char *names[] = {o->dataset};
    PG_CHECK(pg_shard_reader_open(o->data_path, schema, names, 1, t->comm,
                                  &t->reader));
    size_t n = pg_shard_reader_samples(t->reader);
    size_t smallest = n / (size_t)t->size;
    t->batches_per_epoch = (int64_t)(smallest / (size_t)o->batch);
    if (t->batches_per_epoch < 1)
        return PG_FAIL(PG_ERR_CONFIG, "[train] batch = %ld is more than the "
                       "smallest shard: %zu samples of %s over %d ranks give "
                       "%zu per rank", o->batch, n, o->data_path, t->size,
                       smallest);
    return PG_OK;
}

/* One pass over this rank's shard (in batches through the scratch
 * buffer): mean midpoint, mean and largest half range over the whole
 * dataset, and the data references of the penalties that need one
 * (physics/penalty_list.h), which are then created. Collective. */
pg_status pg_trainer_data_reference(pg_trainer *t)
{
    double sums[2] = {0}, *ref;
    int n_ref;
    size_t count, total = 0;
    double max_half = 0;
    PG_CHECK(pg_shard_reader_epoch(t->reader, (uint64_t)t->o.seed, 0,
                                   (size_t)t->o.batch, 0));
    size_t batches = pg_shard_reader_batches(t->reader);
    for (size_t b = 0; b < batches; b++) {
        void *bufs[1] = {t->scratch};
        PG_CHECK(pg_shard_reader_next(t->reader, bufs, &count, NULL));
        for (size_t i = 0; i < count; i++) {
            double mid, half;
            pg_data_sample_range(t->scratch + i * t->sample_len,
                                 t->sample_len, &mid, &half);
            sums[0] += mid;
            sums[1] += half;
            max_half = half > max_half ? half : max_half;
        }
        PG_CHECK(pg_penalty_list_observe(t->pens, t->scratch, count));
        total += count;
    }
    ref = pg_penalty_list_ref_sums(t->pens, &n_ref);
    double n_all = (double)total;
    if (MPI_Allreduce(MPI_IN_PLACE, sums, 2, MPI_DOUBLE, MPI_SUM,
                      t->comm) != MPI_SUCCESS ||
        (n_ref && MPI_Allreduce(MPI_IN_PLACE, ref, n_ref, MPI_DOUBLE,
                                MPI_SUM, t->comm) != MPI_SUCCESS) ||
        MPI_Allreduce(MPI_IN_PLACE, &n_all, 1, MPI_DOUBLE, MPI_SUM,
                      t->comm) != MPI_SUCCESS ||
        MPI_Allreduce(MPI_IN_PLACE, &max_half, 1, MPI_DOUBLE, MPI_MAX,
                      t->comm) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "reference statistics: MPI_Allreduce "
                       "failed");
    t->ref_offset = sums[0] / n_all;
    t->ref_scale = t->o.normalize == PG_NORMALIZE_RELIEF ? max_half
                                                         : sums[1] / n_all;
    if (t->o.normalize == PG_NORMALIZE_NONE) {
        t->ref_offset = 0;
        t->ref_scale = 1;
    }
    return pg_penalty_list_finish(t->pens, n_all);
}

pg_status pg_trainer_data_seek(pg_trainer *t)
{
    return pg_shard_reader_epoch(t->reader, (uint64_t)t->o.seed, t->epoch,
                                 (size_t)t->o.batch, (size_t)t->index);
}

/* splitmix64's finaliser: a well-mixed 64-bit hash of a counter. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

/* Mirror sample s (c planes of h x w) left-right and/or up-down. The
 * choice is a hash of where the sample is in the run, not a draw from a
 * stream: a resumed run makes the same choices without saving any state.
 * Both mirrors keep the cell sizes (unlike a 90-degree turn on a grid
 * whose cells are not square) and every slope and spectrum statistic. */
static void flip_sample(const pg_trainer *t, float *s, size_t i)
{
    uint64_t key = mix64((uint64_t)t->o.seed);
    key = mix64(key ^ (uint64_t)t->epoch);
    key = mix64(key ^ (uint64_t)t->index);
    key = mix64(key ^ ((uint64_t)t->rank << 32 | (uint64_t)i));
    int lr = (int)(key & 1), ud = (int)(key >> 1 & 1);
    size_t h = (size_t)t->dims.height, w = (size_t)t->dims.width;
    for (size_t p = 0; p < t->sample_len; p += h * w) {
        float *plane = s + p;
        for (size_t y = 0; lr && y < h; y++)
            for (size_t a = 0, b = w - 1; a < b; a++, b--) {
                float v = plane[y * w + a];
                plane[y * w + a] = plane[y * w + b];
                plane[y * w + b] = v;
            }
        for (size_t a = 0, b = h - 1; ud && a < b; a++, b--)
            for (size_t x = 0; x < w; x++) {
                float v = plane[a * w + x];
                plane[a * w + x] = plane[b * w + x];
                plane[b * w + x] = v;
            }
    }
}

pg_status pg_trainer_data_next(pg_trainer *t, float *x)
{
    if (t->index == t->batches_per_epoch) {
        t->epoch++;
        t->index = 0;
        PG_CHECK(pg_trainer_data_seek(t));
    }
    size_t count;
    void *bufs[1] = {x};
    PG_CHECK(pg_shard_reader_next(t->reader, bufs, &count, NULL));
    if (count != (size_t)t->o.batch)
        return PG_FAIL(PG_ERR_INTERNAL, "shard reader gave %zu samples, "
                       "expected %ld", count, t->o.batch);
    if (t->o.augment_flips)
        for (size_t i = 0; i < count; i++)
            flip_sample(t, x + i * t->sample_len, i);
    t->index++;
    if (t->o.normalize == PG_NORMALIZE_NONE) return PG_OK;
    for (size_t i = 0; i < count; i++) {
        float *s = x + i * t->sample_len;
        double mid, half;
        pg_data_sample_range(s, t->sample_len, &mid, &half);
        if (t->o.normalize == PG_NORMALIZE_RELIEF) half = t->ref_scale;
        for (size_t j = 0; j < t->sample_len; j++)
            s[j] = (float)(((double)s[j] - mid) / half);
    }
    return PG_OK;
}
