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

/* "<path>.tmp.<pid>": the temporary name every atomic writer of path uses
 * (this file, h5.h's writers), malloc'd; NULL when out of memory. */
char *pg_atomic_tmp_name(const char *path);

/* Remove what killed writers left: in the directory of path, every
 * "<basename>.tmp.<pid>" (or, with prefix_only, every "<basename>*.tmp.<pid>")
 * whose pid is no longer a process on this host. A SIGKILLed writer (or a
 * machine that went down) cannot remove its own temporary file; the next
 * writer of the same path does, so they never pile up. A live writer's
 * file is left alone; one from another host whose pid happens to run here
 * is left too (litter, never damage). Best effort: returns the number
 * removed and reports nothing. Not collective. */
int pg_atomic_tmp_clear_stale(const char *path, int prefix_only);

#endif
