/* Checkpoints (schema checkpoint/1, docs/formats.md).
 *
 * A checkpoint holds everything a run needs to continue bit-identically:
 * the resolved job file (/config), the step (/step), named float32 arrays
 * (network parameters "G/params", optimiser moments "opt/G/m", BN/SN state
 * "G/state", ...), named int64 scalars ("opt/G/step"), the loader position
 * (/loader/epoch, /loader/index) and the RNG state of every rank
 * (/rng/rank_K, uint8 blobs).
 *
 * Files are written atomically (temporary file, fsync, rename; the
 * previous file is intact after any failure) and carry a CRC-32 of the
 * whole file after a 512-byte HDF5 user block, which holds the checksum
 * and the file size: truncation or any changed byte is detected before
 * HDF5 reads anything. In a directory, files are named ckpt-STEP.h5
 * (six digits at least) and the newest `keep` are kept.
 *
 * Under MPI the parameters are the same on every rank (data parallel), so
 * rank 0 writes them; each rank contributes only its RNG state, gathered
 * to rank 0. Writing is collective; reading is not (every rank reads the
 * file and takes its own RNG state).
 */
#ifndef PG_IO_CHECKPOINT_H
#define PG_IO_CHECKPOINT_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct pg_checkpoint pg_checkpoint;

/* An empty checkpoint to fill (step 0, loader 0/0, no arrays). */
pg_status pg_checkpoint_create(pg_checkpoint **out);
void pg_checkpoint_destroy(pg_checkpoint **c);

/* ---- filling (not collective) -------------------------------------------- */
pg_status pg_checkpoint_set_config(pg_checkpoint *c, const char *text);
void pg_checkpoint_set_step(pg_checkpoint *c, int64_t step);
void pg_checkpoint_set_loader(pg_checkpoint *c, int64_t epoch, int64_t index);
/* A float32 array stored as /<name> ("G/params"). The data is borrowed,
 * not copied: it must stay valid until the checkpoint is written. */
pg_status pg_checkpoint_add_floats(pg_checkpoint *c, const char *name,
                                   const float *data, size_t n);
/* An int64 scalar stored as /<name> ("opt/G/step"). */
pg_status pg_checkpoint_add_int(pg_checkpoint *c, const char *name,
                                int64_t value);
/* This rank's RNG state (pg_rng_state_save bytes); copied. With several
 * streams, concatenate them in a fixed order. */
pg_status pg_checkpoint_set_rng(pg_checkpoint *c, const void *state,
                                size_t n);

/* ---- writing (collective over comm) ---------------------------------------- */

/* Write c to path atomically. comm may be MPI_COMM_NULL (one process, MPI
 * not needed); otherwise the RNG states of all ranks are gathered and rank
 * 0 writes, and every rank returns rank 0's outcome. */
pg_status pg_checkpoint_write(const pg_checkpoint *c, const char *path,
                              MPI_Comm comm);
/* Write DIR/ckpt-STEP.h5, then delete all but the newest `keep` (>= 1)
 * ckpt-*.h5 in dir. *path_out (may be NULL) gets the file's path,
 * malloc'd, on every rank. */
pg_status pg_checkpoint_save(const pg_checkpoint *c, const char *dir,
                             int keep, MPI_Comm comm, char **path_out);

/* ---- reading (not collective) ----------------------------------------------- */

/* Check the whole-file checksum and size of path (PG_ERR_FORMAT with the
 * reason when it does not match; PG_ERR_IO when unreadable). */
pg_status pg_checkpoint_verify(const char *path);
/* Verify and read everything; `rank` selects which RNG state to keep. A
 * checkpoint written by a different number of ranks reads fine; the
 * caller decides (pg_checkpoint_ranks) whether it can resume from it. */
pg_status pg_checkpoint_read(const char *path, int rank, pg_checkpoint **out);

int64_t pg_checkpoint_step(const pg_checkpoint *c);
const char *pg_checkpoint_config(const pg_checkpoint *c); /* "" if unset */
void pg_checkpoint_loader(const pg_checkpoint *c, int64_t *epoch,
                          int64_t *index);
/* Number of ranks that wrote the checkpoint (1 before it is written). */
int pg_checkpoint_ranks(const pg_checkpoint *c);
int pg_checkpoint_has(const pg_checkpoint *c, const char *name);
/* Copy array name into dst, which must hold exactly n floats (a size
 * mismatch is PG_ERR_SHAPE naming the array and both sizes). */
pg_status pg_checkpoint_get_floats(const pg_checkpoint *c, const char *name,
                                   float *dst, size_t n);
pg_status pg_checkpoint_get_int(const pg_checkpoint *c, const char *name,
                                int64_t *value);
/* This rank's RNG state as read (or as set). */
pg_status pg_checkpoint_get_rng(const pg_checkpoint *c, const void **state,
                                size_t *n);

/* ---- directories (not collective) ------------------------------------------ */

/* The newest ckpt-*.h5 in dir that passes pg_checkpoint_verify and opens as
 * checkpoint/1; newer files that fail are skipped with a warning (pg_warn)
 * naming them and the reason. *path malloc'd. PG_ERR_IO when dir holds no
 * good checkpoint. */
pg_status pg_checkpoint_find_latest_good(const char *dir, char **path);
/* Delete all but the newest keep (>= 1) ckpt-*.h5 files of dir. */
pg_status pg_checkpoint_rotate(const char *dir, int keep);

#endif
