/* The conventional rock-salt cell (8 ions: cations Z zc, charge +q, at the
 * fcc sites; anions Z za, -q, shifted by a/2) for the crystal tests, its
 * ions displaced by shake * sin(2.1 i + k) in fractional coordinate k of
 * ion i (0: the ideal sites). Header-only, for the test that includes it. */
#ifndef PG_TESTS_CRYSTAL_ROCK_SALT_H
#define PG_TESTS_CRYSTAL_ROCK_SALT_H

#include <math.h>

#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_structure.h"
#include "runner.h"

static const double ROCK_SALT_SITES[8][3] = {
    {0, 0, 0}, {0, .5, .5}, {.5, 0, .5}, {.5, .5, 0},
    {.5, 0, 0}, {0, .5, 0}, {0, 0, .5}, {.5, .5, .5}};

static pg_crystal_structure *rock_salt_cell(const double cell[6],
                                            double shake, int zc, int za,
                                            int q)
{
    pg_crystal_structure *s = NULL;
    PG_ASSERT_OK(pg_crystal_structure_create(8, &s));
    PG_ASSERT_OK(pg_crystal_lattice_from_params(cell, s->lattice));
    for (int i = 0; i < 8; i++) {
        double f[3];
        for (int k = 0; k < 3; k++)
            f[k] = ROCK_SALT_SITES[i][k] + shake * sin(2.1 * i + k);
        PG_ASSERT_OK(pg_crystal_structure_append(s, f, i < 4 ? zc : za, i));
        s->ox[i] = i < 4 ? q : -q;
    }
    return s;
}

#endif
