/* Midpoint and half range of one sample: the per-sample normalisation of
 * the trainers (train/data_reference.h, [data] normalize = patch) and of
 * the super-resolution pairs (physics/terrain/terrain_sr_pairs.h). Kept in data/,
 * below train/, so both use one definition. */
#ifndef PG_DATA_SAMPLE_RANGE_H
#define PG_DATA_SAMPLE_RANGE_H

#include <stddef.h>

/* Midpoint and half range of one sample of len values (half range 1 for a
 * flat sample), as the trainer normalises it. */
void pg_data_sample_range(const float *x, size_t len, double *mid,
                          double *half);

#endif
