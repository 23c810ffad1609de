/* The film field: the continuous representation the foam surrogate works
 * on (docs/physics.md, "Foam"), and back to labels.
 *
 * labels -> field: phi = 1 at a site whose right or down neighbour
 * (periodic) is another bubble, else 0. Marking one side of every unlike
 * edge gives films one site wide, yet no two 4-adjacent non-film sites
 * belong to different bubbles, so the non-film components are exactly
 * the bubbles' interiors (bubbles of one or two sites may vanish).
 *
 * Wide films (docs/foam.md, "Wide films"): with a film width sigma > 0
 * (sites) phi = exp(-d^2 / (2 sigma^2)), d the exact periodic Euclidean
 * distance from the site to the nearest film site of the one-site field
 * above (d = 0 on it), so sigma = 0 is that field exactly. A film that
 * moves by one site then changes phi by a little everywhere instead of
 * by 1 at two sites, which a per-pixel loss can follow.
 *
 * field -> labels: sites with phi < threshold are gas; each 4-connected
 * periodic component of gas (found by foam_diag's component code) is a
 * bubble with id = its component number; film sites join the bubble of
 * the nearest gas site in breadth-first order over the periodic
 * 4-neighbour stencil (ties: the first in the scan). A field with no gas
 * site gives one bubble, id 0, everywhere.
 */
#ifndef PG_DATA_FOAM_FIELD_H
#define PG_DATA_FOAM_FIELD_H

#include <stdint.h>

#include "base/status.h"

/* The usual cut between film (1) and gas (0). */
#define PG_FOAM_FIELD_THRESHOLD 0.5

/* Film field of one h x w frame (no allocation). */
void pg_foam_field_from_labels(const int32_t *labels, int h, int w,
                               float *phi);

/* Largest film width [data] film_sigma accepts (sites). */
#define PG_FOAM_FIELD_SIGMA_MAX 4.0

/* Gas fraction sum(1 - phi) / (h w) of one field (dimensionless): the
 * quantity foam.mass conserves (physics/foam/foam_penalties.h computes the same). */
double pg_foam_gas_fraction(const float *phi, int h, int w);

typedef struct pg_foam_field_ws pg_foam_field_ws;

pg_status pg_foam_field_ws_create(int h, int w, pg_foam_field_ws **out);
void pg_foam_field_ws_destroy(pg_foam_field_ws **ws);

/* Film field of width sigma (sites, >= 0; 0: pg_foam_field_from_labels)
 * of one frame of the workspace's size. No allocation. */
void pg_foam_field_wide(pg_foam_field_ws *ws, const int32_t *labels,
                        double sigma, float *phi);

/* Labels (ids 0 .. bubbles - 1) of one frame from its film field; the
 * number of bubbles in *bubbles (may be NULL). No allocation. */
void pg_foam_field_to_labels(pg_foam_field_ws *ws, const float *phi,
                             double threshold, int32_t *labels, int *bubbles);
/* The same, with gas components of fewer than min_sites sites taken as
 * film (grown into by their neighbours), unless none is that large: a
 * surrogate's output can leave small gas pockets inside wide films that
 * are not bubbles. min_sites <= 1 is pg_foam_field_to_labels. */
void pg_foam_field_to_labels_min(pg_foam_field_ws *ws, const float *phi,
                                 double threshold, int min_sites,
                                 int32_t *labels, int *bubbles);

#endif
