/* Whole-file writes that never leave a half-written file behind.
 *
 * The bytes go to "<path>.tmp.<pid>" in the same directory, which is
 * fsynced and renamed over <path>; then the directory is fsynced. On any
 * failure the temporary file is removed and a previous <path> is untouched.
 * (HDF5 files have their own writer in h5.h; this is for PNG, HTML and
 * scripts.) Not collective.
 */
#ifndef PG_IO_ATOMIC_FILE_H
#define PG_IO_ATOMIC_FILE_H

#include <stddef.h>

#include "base/status.h"
#include "io/text_buffer.h"

/* Write len bytes of data to path atomically. mode is the permission
 * (e.g. 0644, 0755) before the umask. PG_ERR_IO names the path and the
 * system's reason. */
pg_status pg_atomic_file_write(const char *path, const void *data, size_t len,
                               unsigned mode);

/* Write the text of b to path atomically (mode 0644), then free b's
 * contents: PG_ERR_NOMEM naming path when an append to b failed. */
pg_status pg_atomic_file_write_text(const char *path, pg_text_buffer *b);

#endif
