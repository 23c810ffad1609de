/* Colours for the bubbles of foam label frames (PNG frames, the HTML
 * viewer, docs strips).
 *
 * Every bubble id gets one of PG_FOAM_PALETTE_SIZE light colours
 * (ColorBrewer "Set3"), the same in every frame it is coloured over, so
 * a bubble keeps its colour while it grows or shrinks. Ids that touch
 * (share an edge of the periodic 4-neighbour stencil) in any of the
 * frames form a graph; it is coloured greedily, ids of high degree first
 * (Welsh-Powell), each id taking the first colour not used by a coloured
 * neighbour, searching from a colour picked by a hash of the id so that
 * the palette is used evenly. When all colours are taken by neighbours
 * (an id that met more than PG_FOAM_PALETTE_SIZE - 1 others over time)
 * it takes the colour least used among them; such same-colour neighbour
 * pairs are counted (`conflicts`). Films are drawn dark between bubbles
 * anyway, so a conflict never hides a boundary.
 *
 * The colouring depends on the frames it was built from; ids it has not
 * seen get the colour of their hash. Not collective.
 */
#ifndef PG_DATA_FOAM_COLORS_H
#define PG_DATA_FOAM_COLORS_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

enum { PG_FOAM_PALETTE_SIZE = 12 };

/* The palette (RGB) and the colour of films (boundaries). */
extern const uint8_t PG_FOAM_PALETTE[PG_FOAM_PALETTE_SIZE][3];
extern const uint8_t PG_FOAM_FILM_RGB[3];

typedef struct pg_foam_colors pg_foam_colors;

/* Colour the ids of `frames` frames of h x w labels (frame after frame,
 * row-major). PG_ERR_FORMAT for a negative id. */
pg_status pg_foam_colors_create(const int32_t *labels, int frames, int h,
                                int w, pg_foam_colors **out);
void pg_foam_colors_destroy(pg_foam_colors **c);

/* Palette index of id. */
int pg_foam_colors_index(const pg_foam_colors *c, int32_t id);
/* Distinct ids, touching pairs and pairs of equal colour found. */
size_t pg_foam_colors_ids(const pg_foam_colors *c);
size_t pg_foam_colors_pairs(const pg_foam_colors *c);
size_t pg_foam_colors_conflicts(const pg_foam_colors *c);

/* RGB image of one frame, `scale` pixels per site (1 .. 64): (h scale)
 * rows of (w scale) pixels, 3 bytes each. A site's block is its bubble's
 * colour; the block's last pixel column is film-coloured when the right
 * neighbour (periodic) is another id, its last row when the one below is,
 * and (scale >= 2) its corner pixel when the diagonal neighbour is, so
 * boundaries are one pixel wide lines and junctions close. At scale 1
 * this marks exactly the film sites of physics/foam/foam_field.h. */
void pg_foam_colors_render(const pg_foam_colors *c, const int32_t *labels,
                           int h, int w, int scale, uint8_t *rgb);

#endif
