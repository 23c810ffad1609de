/* Hand-made periodic foams for the foam tests (header-only): label fields
 * of an (almost) hexagonal honeycomb (Y junctions), a rectangular grid
 * (X junctions) and a brick wall (T junctions), all with cells of
 * A x B sites on an (NCOL A) x (NROW B) lattice, NROW even. */
#ifndef PG_TESTS_FOAM_TILINGS_H
#define PG_TESTS_FOAM_TILINGS_H

#include <stdint.h>

enum { TILE_A = 8, TILE_B = 7, TILE_NCOL = 6, TILE_NROW = 6,
       TILE_W = TILE_A * TILE_NCOL, TILE_H = TILE_B * TILE_NROW };

/* B / A = 7 / 8 is close to sqrt(3) / 2, so the Voronoi cells of this
 * triangular lattice are near-regular hexagons; the quarter-site offset
 * keeps seeds off lattice points (fewer distance ties). */
static inline void tiling_hex(int32_t *lab)
{
    for (int y = 0; y < TILE_H; y++)
        for (int x = 0; x < TILE_W; x++) {
            double best = 1e30;
            int32_t id = 0;
            for (int j = 0; j < TILE_NROW; j++)
                for (int i = 0; i < TILE_NCOL; i++) {
                    double sx = (i + 0.5 * (j % 2)) * TILE_A + 0.25;
                    double sy = j * TILE_B + 0.25;
                    double dx = x - sx, dy = y - sy;
                    while (dx > TILE_W / 2.0) dx -= TILE_W;
                    while (dx < -TILE_W / 2.0) dx += TILE_W;
                    while (dy > TILE_H / 2.0) dy -= TILE_H;
                    while (dy < -TILE_H / 2.0) dy += TILE_H;
                    double d = dx * dx + dy * dy;
                    if (d < best) {
                        best = d;
                        id = j * TILE_NCOL + i;
                    }
                }
            lab[y * TILE_W + x] = id;
        }
}

static inline void tiling_rect(int32_t *lab)
{
    for (int y = 0; y < TILE_H; y++)
        for (int x = 0; x < TILE_W; x++)
            lab[y * TILE_W + x] = (y / TILE_B) * TILE_NCOL + x / TILE_A;
}

static inline void tiling_brick(int32_t *lab)
{
    for (int y = 0; y < TILE_H; y++) {
        int row = y / TILE_B, shift = (row % 2) * (TILE_A / 2);
        for (int x = 0; x < TILE_W; x++)
            lab[y * TILE_W + x] =
                row * TILE_NCOL + ((x + shift) / TILE_A) % TILE_NCOL;
    }
}

#endif
