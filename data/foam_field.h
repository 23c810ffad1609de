/* The film field: the continuous representation the foam surrogate works
 * on (docs/physics.md, "Foam"), and back to labels.
 *
 * labels -> field: phi = 1 at a site whose right or down neighbour
 * (periodic) is another bubble, else 0. Marking one side of every unlike
 * edge gives films one site wide, yet no two 4-adjacent non-film sites
 * belong to different bubbles, so the non-film components are exactly
 * the bubbles' interiors (bubbles of one or two sites may vanish).
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

/* Gas fraction sum(1 - phi) / (h w) of one field (dimensionless): the
 * quantity foam.mass conserves (physics/foam.h computes the same). */
double pg_foam_gas_fraction(const float *phi, int h, int w);

typedef struct pg_foam_field_ws pg_foam_field_ws;

pg_status pg_foam_field_ws_create(int h, int w, pg_foam_field_ws **out);
void pg_foam_field_ws_destroy(pg_foam_field_ws **ws);

/* Labels (ids 0 .. bubbles - 1) of one frame from its film field; the
 * number of bubbles in *bubbles (may be NULL). No allocation. */
void pg_foam_field_to_labels(pg_foam_field_ws *ws, const float *phi,
                             double threshold, int32_t *labels, int *bubbles);

#endif
