/* The run directory of `physgan train` (docs/hpc.md, "The run directory"):
 * creating it, atomic small files, the checkpoint count, and metrics.csv
 * across resumes. Not collective: rank 0 calls these. */
#ifndef PG_TRAIN_RUN_DIR_H
#define PG_TRAIN_RUN_DIR_H

#include <stdint.h>
#include <stdio.h>

#include "base/status.h"

/* Create dir (and missing parents), dir/checkpoints and dir/samples.
 * PG_ERR_IO naming the directory that cannot be made or written. */
pg_status pg_run_dir_prepare(const char *dir);

/* Write text to path atomically (temporary file, fsync, rename). */
pg_status pg_run_dir_write_file(const char *path, const char *text);

/* Number of ckpt-*.h5 files in dir (0 when dir does not exist). */
int pg_run_dir_count_checkpoints(const char *dir);

/* Open metrics.csv for appending rows. keep_upto < 0: a new file with
 * header. keep_upto >= 0 (resume): the existing file's header must equal
 * header (else PG_ERR_FORMAT: the job's columns changed); rows whose step
 * (first column) is > keep_upto are dropped (atomically) and later rows
 * are appended; a missing file is started anew. */
pg_status pg_run_dir_metrics_open(const char *path, const char *header,
                                  int64_t keep_upto, FILE **out);

#endif
