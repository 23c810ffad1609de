/* Bubble tracking by overlap, for frames whose ids are not persistent (a
 * surrogate rollout recovers labels by connected components and numbers
 * them anew in every frame).
 *
 * Frame 0's bubbles (foam_diag components: periodic 4-connected sites of
 * one id) get ids 0, 1, ... in component order. Each later frame's
 * bubbles are matched to the previous frame's tracked ids greedily by
 * overlap: the pairs (bubble, previous id) sharing sites, in decreasing
 * order of shared sites (ties: lower component, then smaller id), and a
 * pair is taken when neither its bubble nor its id is taken yet. So the
 * larger part of a split keeps the id, a merged bubble keeps the id it
 * overlaps most, and a small bubble whose best overlap went to a
 * neighbour still keeps its own id through a smaller overlap. Bubbles
 * left without a match (new, or only overlapping taken ids) get new ids.
 * An id is one bubble in each frame and is never reused after it
 * vanishes. Relabelling changes no component: counts, areas and
 * neighbour counts of every frame stay the same. Not collective.
 */
#ifndef PG_DATA_FOAM_TRACK_H
#define PG_DATA_FOAM_TRACK_H

#include <stdint.h>

#include "base/status.h"

/* Relabel `frames` frames of h x w labels (row-major, one after the
 * other) in place. */
pg_status pg_foam_track(int32_t *labels, int frames, int h, int w);

#endif
