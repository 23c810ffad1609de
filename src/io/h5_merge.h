/* Merging HDF5 files of one schema, e.g. the shards that a Slurm job
 * array's tasks wrote (docs/hpc.md, "Job arrays"). */
#ifndef PG_IO_H5_MERGE_H
#define PG_IO_H5_MERGE_H

#include <stddef.h>

#include "base/status.h"

/* Write `out` (atomically) from the n input files, which must share one
 * registered schema (io/schema.h) and the same datasets. Datasets whose
 * schema shape starts with the sample dimension N (and those under the
 * schema's extra prefix) are concatenated along it, in input order; every
 * other dataset must be identical in all inputs and is copied once. Root
 * attributes come from the first input (besides physgan_schema,
 * created_by, and a new `source` naming the inputs). Memory: one input's
 * largest dataset. *n_samples receives the merged N. Not collective. */
pg_status pg_h5_merge(const char *out, const char *const *inputs, int n,
                      size_t *n_samples);

#endif
