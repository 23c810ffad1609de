/* Chemically sensible substitutions of a prototype structure
 * (docs/crystals.md, "simulate crystal"): every atom of one (element,
 * oxidation state) class of the prototype becomes one other ion of the same
 * sign of charge whose Shannon radius (crystal_radii.h) is within a
 * relative tolerance of the replaced ion's, chosen at random; the result
 * must be charge-neutral with every element in one oxidation state, and
 * every cation less electronegative than every anion (Pauling). With a
 * given probability the draw first puts Li+ or Na+ on the cation class of
 * the lowest charge (the alkali / small-cation site) when its radius
 * allows. With probability `split`, first one class of two or more atoms
 * is split in two by a random subset of its atoms, each drawn on its own:
 * coupled substitutions such as 2 Mg2+ -> Li+ + Al3+ that keep the
 * structure neutral. The lattice is scaled by the cube root of the ratio of summed
 * ionic volumes (sum r^3), times a random factor 1 + jitter U(-1, 1).
 */
#ifndef PG_PHYSICS_CRYSTAL_SUBSTITUTE_H
#define PG_PHYSICS_CRYSTAL_SUBSTITUTE_H

#include "base/rng.h"
#include "base/status.h"
#include "physics/crystal/crystal_structure.h"

enum { PG_CRYSTAL_SUBST_MAX_CLASSES = 8 };

typedef struct pg_crystal_subst_opts {
    double radius_tol;  /* |r' - r| / r allowed (0.25) */
    double keep;        /* probability a class keeps its ion (0.25) */
    double alkali;      /* probability of trying Li/Na first (0.8) */
    double split;       /* probability of splitting one class (0.5) */
    double jitter;      /* relative lattice scaling noise (0.03) */
    int max_tries;      /* draws before giving up (200) */
} pg_crystal_subst_opts;

pg_crystal_subst_opts pg_crystal_subst_defaults(void);

/* An ion an element class may become. */
typedef struct pg_crystal_ion {
    int z, ox;
    double radius; /* Shannon, A */
} pg_crystal_ion;

/* Whether the prototype can be substituted: at most
 * PG_CRYSTAL_SUBST_MAX_CLASSES classes, every atom with a non-zero
 * oxidation state, a Shannon radius > 0 and bond-valence parameters.
 * *why (may be NULL) gets a static reason when not. */
int pg_crystal_subst_usable(const pg_crystal_structure *proto,
                            const char **why);

/* One draw: out (created with enough room) becomes the substituted,
 * scaled structure with oxidation states, sigma (proto->n) its ions'
 * radii; *found = 0 when no draw within max_tries satisfied the rules
 * (out untouched). The draws use rng alone. */
pg_status pg_crystal_substitute(const pg_crystal_structure *proto,
                                const pg_crystal_subst_opts *o, pg_rng *rng,
                                pg_crystal_structure *out, double *sigma,
                                int *found);

#endif
