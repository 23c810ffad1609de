/* The whole-file checksum of checkpoints (internal to src/io).
 *
 * A checkpoint starts with a PG_CHECKPOINT_USERBLOCK-byte HDF5 user block
 * (ignored by HDF5 and h5dump) holding the text
 *   "physgan checkpoint\ncrc32 XXXXXXXX\nsize NNN\n"
 * padded with NULs: the zlib CRC-32 of every byte after the user block and
 * the total file size. */
#ifndef PG_IO_CHECKPOINT_SEAL_H
#define PG_IO_CHECKPOINT_SEAL_H

#include "base/status.h"

enum { PG_CHECKPOINT_USERBLOCK = 512 };
#define PG_CHECKPOINT_PREFIX "ckpt-"

/* Compute the checksum of a closed file and write the user block, then
 * fsync (a pg_h5_writer_commit_with hook; ctx unused). */
pg_status pg_checkpoint_seal(const char *path, void *ctx);

#endif
