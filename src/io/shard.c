/* Sharded, shuffled, streamed reading under MPI. */
#include "io/shard.h"

#include <stdlib.h>
#include <string.h>

#include "base/rng.h"

enum { MAX_DATASETS = 8 };

struct pg_shard_reader {
    pg_h5_file *f;
    MPI_Comm comm;
    int rank, size, n;
    char *names[MAX_DATASETS];
    pg_h5_type type[MAX_DATASETS];
    size_t sample[MAX_DATASETS];
    size_t samples;
    /* epoch stream */
    size_t *perm;      /* N, for the current epoch */
    size_t *sorted;    /* batch scratch */
    size_t begin, count, batch, pos, batches;
};

void pg_shard_range(size_t n, int rank, int size, size_t *begin, size_t *count)
{
    size_t p = (size_t)size, r = (size_t)rank, q = n / p, rem = n % p;
    *count = q + (r < rem);
    *begin = r * q + (r < rem ? r : rem);
}

/* splitmix64: spreads (seed, epoch) over the whole seed space. */
static uint64_t mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

pg_status pg_shard_permutation(size_t n, uint64_t seed, int64_t epoch,
                               size_t *perm)
{
    if (n >= (size_t)1 << 32)
        return PG_FAIL(PG_ERR_ARG, "shuffle: %zu samples (at most 2^32 - 1)",
                       n);
    pg_rng *r = NULL;
    /* Rank 0's data stream of the mixed seed: identical on every rank. */
    PG_CHECK(pg_rng_create(mix(seed ^ mix((uint64_t)epoch)), 0, PG_RNG_DATA,
                           &r));
    for (size_t i = 0; i < n; i++) perm[i] = i;
    for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
        size_t j = (size_t)pg_rng_uniform_int(r, i);
        size_t t = perm[i - 1];
        perm[i - 1] = perm[j];
        perm[j] = t;
    }
    pg_rng_destroy(&r);
    return PG_OK;
}

pg_status pg_shard_reader_open(const char *path, const char *schema,
                               const char *const *datasets, int n,
                               MPI_Comm comm, pg_shard_reader **out)
{
    *out = NULL;
    if (n < 1 || n > MAX_DATASETS)
        return PG_FAIL(PG_ERR_ARG, "%s: shard reader takes 1 to %d datasets,"
                       " not %d", path, MAX_DATASETS, n);
    pg_shard_reader *r = calloc(1, sizeof *r);
    if (!r) return PG_FAIL(PG_ERR_NOMEM, "shard reader");
    r->comm = MPI_COMM_NULL;
    pg_status st = PG_OK;
    if (MPI_Comm_dup(comm, &r->comm) != MPI_SUCCESS) {
        r->comm = MPI_COMM_NULL;
        st = PG_FAIL(PG_ERR_MPI, "%s: cannot duplicate the communicator", path);
        goto fail;
    }
    MPI_Comm_rank(r->comm, &r->rank);
    MPI_Comm_size(r->comm, &r->size);
    PG_CHECK_GOTO(st, pg_h5_file_open_mpi(path, schema, r->comm, &r->f), fail);
    for (int k = 0; k < n; k++) {
        pg_h5_dataset_info info;
        PG_CHECK_GOTO(st, pg_h5_dataset_info_get(r->f, datasets[k], &info),
                      fail);
        if (!(r->names[k] = strdup(datasets[k]))) {
            st = PG_FAIL(PG_ERR_NOMEM, "shard reader");
            goto fail;
        }
        r->n = k + 1;
        if (info.rank < 1 || pg_h5_type_size(info.type) == 0) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s: dataset %s (%s, rank %d) has no "
                         "samples to shard", path, datasets[k],
                         pg_h5_type_name(info.type), info.rank);
            goto fail;
        }
        if (k && info.dims[0] != r->samples) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s: dataset %s has %zu samples but %s"
                         " has %zu", path, datasets[k], info.dims[0],
                         datasets[0], r->samples);
            goto fail;
        }
        r->samples = info.dims[0];
        r->type[k] = info.type;
        r->sample[k] = info.dims[0] ? info.nelem / info.dims[0] : 0;
        if (!info.dims[0]) {
            r->sample[k] = 1;
            for (int i = 1; i < info.rank; i++) r->sample[k] *= info.dims[i];
        }
    }
    pg_shard_range(r->samples, r->rank, r->size, &r->begin, &r->count);
    *out = r;
    return PG_OK;
fail:
    pg_shard_reader_close(&r);
    return st;
}

void pg_shard_reader_close(pg_shard_reader **rp)
{
    if (!rp || !*rp) return;
    pg_shard_reader *r = *rp;
    pg_h5_file_close(&r->f);
    for (int k = 0; k < r->n; k++) free(r->names[k]);
    free(r->perm);
    free(r->sorted);
    if (r->comm != MPI_COMM_NULL) MPI_Comm_free(&r->comm);
    free(r);
    *rp = NULL;
}

size_t pg_shard_reader_samples(const pg_shard_reader *r) { return r->samples; }

pg_h5_type pg_shard_reader_type(const pg_shard_reader *r, int k)
{
    return k >= 0 && k < r->n ? r->type[k] : PG_H5_OTHER;
}

size_t pg_shard_reader_sample_size(const pg_shard_reader *r, int k)
{
    return k >= 0 && k < r->n ? r->sample[k] : 0;
}

pg_status pg_shard_reader_read_mine(pg_shard_reader *r, int k, void *buf)
{
    if (k < 0 || k >= r->n)
        return PG_FAIL(PG_ERR_ARG, "shard reader: no dataset %d", k);
    PG_CHECK(pg_h5_dataset_read_rows(r->f, r->names[k], r->type[k], r->begin,
                                     r->count, buf));
    return PG_OK;
}

pg_status pg_shard_reader_epoch(pg_shard_reader *r, uint64_t seed,
                                int64_t epoch, size_t batch, size_t skip)
{
    if (batch < 1) return PG_FAIL(PG_ERR_ARG, "shard reader: batch of 0");
    if (!r->perm) {
        r->perm = malloc((r->samples ? r->samples : 1) * sizeof *r->perm);
        if (!r->perm) return PG_FAIL(PG_ERR_NOMEM, "shuffle of %zu samples",
                                     r->samples);
    }
    free(r->sorted);
    if (!(r->sorted = malloc(batch * sizeof *r->sorted)))
        return PG_FAIL(PG_ERR_NOMEM, "batch of %zu indices", batch);
    PG_CHECK(pg_shard_permutation(r->samples, seed, epoch, r->perm));
    size_t largest = r->samples / (size_t)r->size +
                     (r->samples % (size_t)r->size != 0);
    r->batch = batch;
    r->batches = (largest + batch - 1) / batch;
    if (skip > r->batches)
        return PG_FAIL(PG_ERR_ARG, "shard reader: cannot skip %zu batches of "
                       "an epoch of %zu", skip, r->batches);
    r->pos = skip * batch < r->count ? skip * batch : r->count;
    return PG_OK;
}

size_t pg_shard_reader_batches(const pg_shard_reader *r) { return r->batches; }

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

pg_status pg_shard_reader_next(pg_shard_reader *r, void *const *bufs,
                               size_t *count, size_t *indices)
{
    if (!r->batch)
        return PG_FAIL(PG_ERR_STATE, "shard reader: no epoch started");
    size_t n = r->count - r->pos < r->batch ? r->count - r->pos : r->batch;
    memcpy(r->sorted, r->perm + r->begin + r->pos, n * sizeof *r->sorted);
    /* File order makes one hyperslab selection of few runs. */
    qsort(r->sorted, n, sizeof *r->sorted, cmp_size);
    for (int k = 0; k < r->n; k++)
        PG_CHECK(pg_h5_dataset_read_row_list(r->f, r->names[k], r->type[k],
                                             r->sorted, n, bufs[k]));
    if (indices) memcpy(indices, r->sorted, n * sizeof *indices);
    r->pos += n;
    *count = n;
    return PG_OK;
}
