/* Internals shared by the crystal_screen*.c files (not a public header). */
#ifndef PG_TRAIN_CRYSTAL_SCREEN_IMPL_H
#define PG_TRAIN_CRYSTAL_SCREEN_IMPL_H

#include "physics/crystal/crystal_structure.h"
#include "train/crystal_codec.h"
#include "train/crystal_screen.h"

/* Per-candidate scores, doubles so that one reduction gathers them. */
enum {
    F_STRUCT_OK, F_MIN_DIST, F_CHARGE_OK, F_SPACEGROUP, F_VOLUME_PER_ATOM,
    F_ELEMENTS, F_MOBILE, F_LEVEL1, F_LEVEL2, F_LEVEL3, F_HOP, F_RELAXED,
    F_COUNT
};

/* F_RELAXED: the relaxation's outcome (0: not tried, the candidate is not
 * charge valid or --relax is off). */
enum {
    RELAX_CONVERGED = 1, RELAX_UNCONVERGED = -1, RELAX_COLLAPSED = -2,
    RELAX_FAILED = -3   /* no Shannon radius, or no finite energy */
};

/* The candidates: structures (every rank holds all of them) and the
 * property head's prediction of each (v.u.; NAN without a checkpoint). */
typedef struct pg_crystal_candidates {
    int n;
    pg_crystal_structure **s;
    double *head;
    int cond;   /* from a composition-conditional G */
} pg_crystal_candidates;

/* crystal_screen_source.c: from a checkpoint or a crystal/1 file. */
pg_status pg_crystal_candidates_make(const pg_crystal_screen_opts *o,
                                     pg_crystal_candidates *c);
void pg_crystal_candidates_release(pg_crystal_candidates *c);

/* crystal_screen_comp.c: n compositions (share, n x K: each species'
 * share of the codec's slots) from o->compositions and o->train_path. */
pg_status pg_crystal_screen_compositions(const pg_crystal_screen_opts *o,
                                         const pg_crystal_codec *codec, int n,
                                         float *share);

/* crystal_screen_score.c: score s (relaxing it in place with relax), f
 * F_COUNT values; ox (s->n) gets the oxidation states of the charge
 * assignment (0 without one). */
pg_status pg_crystal_candidate_score(pg_crystal_structure *s, int relax,
                                     double symprec, double *f);

#endif
