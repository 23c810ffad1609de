/* Everything `physgan eval terrain` measures of a terrain/1 file, and the
 * comparisons between two of them (docs/terrain.md, "Evaluating
 * terrain"): slope statistics and their KS distance, PSD beta, relief,
 * hydrology and curvature (physics/terrain/terrain_hydro.h), the
 * checkerboard score (terrain_checkerboard.h) and the classifier
 * two-sample test (train/c2st.h). Not collective. */
#ifndef PG_TRAIN_TERRAIN_COMPARE_H
#define PG_TRAIN_TERRAIN_COMPARE_H

#include <stddef.h>

#include "base/status.h"
#include "physics/terrain/terrain_checkerboard.h"
#include "physics/terrain/terrain_eval.h"
#include "physics/terrain/terrain_hydro.h"
#include "train/c2st.h"

typedef struct pg_terrain_compare_opts {
    double max_slope_deg;              /* theta_max, [0, 90) */
    pg_terrain_hydro_params hydro;
} pg_terrain_compare_opts;

/* One file, loaded whole and measured. */
typedef struct pg_terrain_set {
    const char *path;                  /* borrowed */
    char split[32];                    /* the file's `split` attribute
                                          ("train", "val") or "" */
    pg_terrain_grid grid;
    size_t n;                          /* patches */
    float *z;                          /* n * H * W metres */
    pg_terrain_eval *ev;
    pg_terrain_eval_summary sum;
    pg_terrain_hydro_summary hydro;
    pg_terrain_checkerboard checker;   /* checker.levels 0: too small */
} pg_terrain_set;

/* Read /terrain (float32 (N, H, W), N > 0) and the cell sizes of a
 * terrain/1 file and measure it. Errors name the file. */
pg_status pg_terrain_set_load(const char *path,
                              const pg_terrain_compare_opts *o,
                              pg_terrain_set **out);
void pg_terrain_set_destroy(pg_terrain_set **s);

/* KS distance between the per-cell slope distributions of a and b. */
double pg_terrain_set_ks(const pg_terrain_set *a, const pg_terrain_set *b);

/* The two-sample classifier test of a against b: PG_ERR_ARG naming both
 * files when their patch sizes differ. One file given twice (the same
 * path) is tested as two disjoint random halves of itself. */
pg_status pg_terrain_set_c2st(const pg_terrain_set *a,
                              const pg_terrain_set *b,
                              const pg_c2st_params *p, pg_c2st_result *out);

#endif
