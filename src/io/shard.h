/* Reading a dataset's samples in parallel: each MPI rank reads its own
 * shard of the first dimension with HDF5 hyperslabs through the MPI-IO
 * driver (collective metadata, collective transfers).
 *
 * Shards are remainder-aware: with N samples on P ranks, ranks below
 * N % P get floor(N/P) + 1 rows, the others floor(N/P). Every epoch the
 * N sample indices are shuffled by a permutation that depends only on
 * (seed, epoch) (every rank computes the same one); rank r takes the
 * positions pg_shard_range gives it, and streams them in batches of B
 * samples: only one batch is in memory, never the whole dataset.
 *
 * Several datasets of one file (images and labels) are read with the same
 * sample indices, so they stay aligned. Limits: N < 2^32 samples; the
 * permutation takes 8 bytes per sample on every rank.
 */
#ifndef PG_IO_SHARD_H
#define PG_IO_SHARD_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "io/h5.h"

/* Rows [*begin, *begin + *count) of n for rank of size. Not collective. */
void pg_shard_range(size_t n, int rank, int size, size_t *begin,
                    size_t *count);

/* perm[0..n) <- the permutation of 0..n-1 for (seed, epoch): the same on
 * every rank and every run, different for another epoch. Not collective. */
pg_status pg_shard_permutation(size_t n, uint64_t seed, int64_t epoch,
                               size_t *perm);

typedef struct pg_shard_reader pg_shard_reader;

/* Collective over comm (duplicated): open path (whose physgan_schema must
 * be `schema` unless NULL) and the n datasets named, which must all have
 * the same first dimension N. */
pg_status pg_shard_reader_open(const char *path, const char *schema,
                               const char *const *datasets, int n,
                               MPI_Comm comm, pg_shard_reader **out);
/* Collective. Accepts NULL. */
void pg_shard_reader_close(pg_shard_reader **r);

size_t pg_shard_reader_samples(const pg_shard_reader *r);   /* N */
/* Element type and elements per sample of dataset k. */
pg_h5_type pg_shard_reader_type(const pg_shard_reader *r, int k);
size_t pg_shard_reader_sample_size(const pg_shard_reader *r, int k);

/* Collective: read this rank's contiguous shard (pg_shard_range rows, in
 * file order) of dataset k into buf. */
pg_status pg_shard_reader_read_mine(pg_shard_reader *r, int k, void *buf);

/* Not collective, but every rank must call it with the same arguments:
 * start epoch `epoch` of the shuffled stream with batches of `batch`
 * samples, skipping the first `skip` batches (resuming mid-epoch). */
pg_status pg_shard_reader_epoch(pg_shard_reader *r, uint64_t seed,
                                int64_t epoch, size_t batch, size_t skip);
/* Batches per epoch: the same on every rank (that of the largest shard;
 * a rank with a smaller shard gets an empty last batch). */
size_t pg_shard_reader_batches(const pg_shard_reader *r);
/* Collective: the next batch. bufs[k] receives up to `batch` samples of
 * dataset k; *count the number read (0 at the end of this rank's shard);
 * indices (may be NULL) their sample numbers. Samples come in increasing
 * file order within a batch; which samples form a batch is random. */
pg_status pg_shard_reader_next(pg_shard_reader *r, void *const *bufs,
                               size_t *count, size_t *indices);

#endif
