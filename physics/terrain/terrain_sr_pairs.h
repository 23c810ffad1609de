/* Super-resolution pairs from terrain/1 patches (docs/terrain.md,
 * "Super-resolution"): the coarse patch is the fine one block-averaged
 * over factor x factor cells, the way a coarser DEM posting averages the
 * ground it covers, and both are normalised by the COARSE patch's
 * midpoint and half range, since at inference only the coarse patch is
 * known. Not collective; nothing allocates. */
#ifndef PG_DATA_TERRAIN_SR_PAIRS_H
#define PG_DATA_TERRAIN_SR_PAIRS_H

#include <stddef.h>

#include "base/status.h"

/* Block average of n fine patches (h, w; both divisible by factor) into n
 * coarse patches (h / factor, w / factor). PG_ERR_ARG otherwise. */
pg_status pg_terrain_sr_downsample(const float *fine, int n, int h, int w,
                                   int factor, float *coarse);

/* Normalise n pairs in place: for pair i with coarse midpoint m_i and half
 * range r_i (r = 1 for a flat patch), x <- (x - m_i)
 * / r_i for the coarse and the fine patch. mid and half (n values each)
 * receive m_i and r_i, which turn a generated patch back into metres. */
void pg_terrain_sr_normalize(float *coarse, size_t coarse_len, float *fine,
                             size_t fine_len, int n, double *mid,
                             double *half);

#endif
