/* Hillshade: how brightly the sun lights each cell of an elevation grid.
 *
 * The grid z has h rows and w columns, row 0 at the north edge and column
 * 0 at the west edge, cells cell_size metres apart. With x pointing east
 * and y north, the gradient is taken by central differences (one-sided at
 * the edges):
 *
 *   dz/dx = (z[r][c+1] - z[r][c-1]) / (2 cell_size)
 *   dz/dy = (z[r-1][c] - z[r+1][c]) / (2 cell_size)     (row r-1 is north)
 *
 * The surface normal is n = (-dz/dx, -dz/dy, 1) / sqrt(1 + dz/dx^2 +
 * dz/dy^2); the sun, at azimuth A (degrees clockwise from north) and
 * elevation E (degrees above the horizon), lies in the direction
 * s = (sin A cos E, cos A cos E, sin E). The shade is max(0, n . s): 1 for
 * a face turned to the sun, sin E on flat ground, 0 in self-shadow (cast
 * shadows are not traced). The usual cartographic choice is A = 315
 * (north-west), E = 45.
 */
#ifndef PG_IO_HILLSHADE_H
#define PG_IO_HILLSHADE_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/* The cartographic default sun position, degrees. */
#define PG_HILLSHADE_AZIMUTH_DEG 315.0
#define PG_HILLSHADE_ELEVATION_DEG 45.0

/* Shade in [0, 1] of every cell into shade (h * w). PG_ERR_ARG for a grid
 * smaller than 2 x 2, a cell size <= 0 or an elevation outside [0, 90]. */
pg_status pg_hillshade_compute(const float *z, int h, int w,
                               double cell_size, double azimuth_deg,
                               double elevation_deg, float *shade);

/* Darken colours by the shade: rgb *= ambient + (1 - ambient) * shade,
 * ambient in [0, 1] keeps shadowed slopes readable. */
void pg_hillshade_blend(uint8_t *rgb, const float *shade, size_t n,
                        double ambient);

#endif
