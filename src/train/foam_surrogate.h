/* A foam surrogate (unet_foam generator) ready to roll out: G built once
 * for a batch of B frames, stepping film fields in network units (2 phi -
 * 1) in place, with no allocation per step. Made from a checkpoint
 * (`physgan rollout`, `bench foam --checkpoint`) or freshly initialised
 * from a job file (`bench foam` without a checkpoint: the cost of a
 * forward pass does not depend on the weights). */
#ifndef PG_TRAIN_FOAM_SURROGATE_H
#define PG_TRAIN_FOAM_SURROGATE_H

#include <stddef.h>
#include <stdint.h>

#include "base/config.h"
#include "base/status.h"

typedef struct pg_foam_surrogate pg_foam_surrogate;

/* From a unet_foam checkpoint, for batches of `batch` frames of h x w
 * sites, or (h = w = 0) of the size it was trained on: G is fully
 * convolutional with per-frame instance norm, so its weights apply to any
 * size whose sides are multiples of 2^depth (PG_ERR_ARG otherwise, naming
 * the checkpoint). PG_ERR_CONFIG for a checkpoint of another arch. */
pg_status pg_foam_surrogate_load(const char *ckpt_path, int batch, int h,
                                 int w, pg_foam_surrogate **out);
/* The frame size the checkpoint was trained on. */
void pg_foam_surrogate_trained_size(const pg_foam_surrogate *s, int *h,
                                    int *w);
/* A fresh G of the job's [model] (arch must be unet_foam) for h x w
 * frames, weights initialised from seed; step_mcs as given. */
pg_status pg_foam_surrogate_fresh(const pg_config *job, int h, int w,
                                  int batch, uint64_t seed, double step_mcs,
                                  pg_foam_surrogate **out);
void pg_foam_surrogate_destroy(pg_foam_surrogate **s);

void pg_foam_surrogate_size(const pg_foam_surrogate *s, int *batch, int *h,
                            int *w);
/* Physical time of one step in MCS (checkpoint: frame_step x the training
 * data's frame interval). */
double pg_foam_surrogate_step_mcs(const pg_foam_surrogate *s);
/* Film width the surrogate works on ([data] film_sigma of its job, read
 * from the checkpoint's /config; sites, 0: one-site films). */
double pg_foam_surrogate_film_sigma(const pg_foam_surrogate *s);
/* [data] min_bubble of the job: gas pockets of fewer sites are film when
 * labels are recovered from G's output (pg_foam_field_to_labels_min). */
int pg_foam_surrogate_min_bubble(const pg_foam_surrogate *s);
/* Parameters of G. */
size_t pg_foam_surrogate_params(const pg_foam_surrogate *s);

/* The batch (B, 1, h, w) in network units: write the start here. */
float *pg_foam_surrogate_state(pg_foam_surrogate *s);
/* One step: state <- G(state). */
pg_status pg_foam_surrogate_step(pg_foam_surrogate *s);

/* The two ends of a rollout step for frame q, shared by `physgan rollout`
 * and `bench foam`. The frames have `stride` times G's sides (`--coarse`,
 * physics/foam/foam_grid.h; 1: G's own grid).
 *
 * start: the state of frame q from its labels on the frames' grid
 * (coarsened by block mode when stride > 1): the film field of the job's
 * width, in network units; phi (G's grid, may be NULL) gets the field. */
void pg_foam_surrogate_start(pg_foam_surrogate *s, int q,
                             const int32_t *labels, int stride, float *phi);
/* recover: labels of frame q by connected components of `field` (G's
 * grid: gas where < threshold; gas pockets of fewer than min_bubble sites
 * as film), refined to the frames' grid into frame; with project the
 * state of frame q becomes the film field of those labels (the input of
 * the next step). field may be frame q's state itself. */
void pg_foam_surrogate_recover(pg_foam_surrogate *s, int q,
                               const float *field, double threshold,
                               int min_bubble, int stride, int project,
                               int32_t *frame);

/* One rollout step of the batch, shared by `physgan rollout` and the C
 * API: G, then for every frame q its film field phi_q = (x_q + 1) / 2 on
 * G's grid into phi + q phi_stride, and its labels recovered from it
 * (pg_foam_surrogate_recover at PG_FOAM_FIELD_THRESHOLD) into
 * labels + q label_stride. */
pg_status pg_foam_surrogate_advance(pg_foam_surrogate *s, int min_bubble,
                                    int stride, int project, float *phi,
                                    size_t phi_stride, int32_t *labels,
                                    size_t label_stride);

#endif
