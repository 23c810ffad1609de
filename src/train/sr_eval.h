/* Evaluation of a super-resolution checkpoint against bicubic
 * interpolation (`physgan eval sr`, docs/terrain.md "Super-resolution").
 *
 * Every validation patch (terrain/1, metres) is block-averaged by the
 * model's sr_factor (physics/terrain/terrain_sr_pairs.h); the model (normalised by
 * the coarse patch, as in training, then mapped back to metres) and the
 * bicubic baseline (physics/terrain/terrain_bicubic.h) and bicubic plus
 * iterative back-projection (the same file: block means enforced) each
 * reconstruct the fine patch, and all three are compared with the true
 * patch:
 *   rmse_m          sqrt(mean over all cells of (z - z_true)^2), metres
 *   slope_rmse_deg  the same on slope angles (physics/terrain/terrain_penalties.h), degrees
 *   psd_error       RMS over the non-empty radial bins of the difference
 *                   of the set-mean log10 PSDs (12 bins), in decades
 *   block_error_m   the largest |block mean of the reconstruction - the
 *                   coarse value| over every block of every patch, metres:
 *                   how far it is from averaging back to the coarse DEM
 *   depression_cell_frac  the share of cells inside closed depressions
 *                   deeper than PG_TERRAIN_HYDRO_DEPRESSION_FRAC of the
 *                   patch relief (physics/terrain/terrain_hydro.h, as
 *                   `eval terrain` counts them); the true patches' share
 *                   is reported beside it (truth_depression_cell_frac)
 * The model row can use the flip ensemble and draining of generate
 * (pg_sr_eval_opts). Not collective. */
#ifndef PG_TRAIN_SR_EVAL_H
#define PG_TRAIN_SR_EVAL_H

#include <stddef.h>

#include "base/status.h"
#include "physics/terrain/terrain_breach.h"

typedef struct pg_sr_scores {
    double rmse_m, slope_rmse_deg, psd_error, block_error_m;
    double depression_cell_frac;  /* in [0, 1] */
} pg_sr_scores;

/* How the model row's reconstructions are made (train/generate_cond.h,
 * pg_generate_cond_set_sr): both 0 for G's output as it is. */
typedef struct pg_sr_eval_opts {
    int flip_ensemble;   /* mean over the 4 mirror images */
    int drain_rounds;    /* breach + block-mean rounds, 0 = off */
} pg_sr_eval_opts;

typedef struct pg_sr_eval {
    size_t patches;
    int factor, h, w;
    long step;                /* the checkpoint's training step */
    pg_sr_scores model, bicubic;
    pg_sr_scores backproj;    /* bicubic + 5 back-projection iterations */
    double truth_depression_cell_frac;  /* the true patches' share */
    pg_sr_eval_opts opts;     /* as given */
    pg_terrain_breach_stats drained;  /* what draining cut, all patches */
} pg_sr_eval;

/* Evaluate checkpoint ckpt_path (of a unet_sr run) on val_path. */
pg_status pg_sr_eval_run(const char *ckpt_path, const char *val_path,
                         const pg_sr_eval_opts *opts, pg_sr_eval *out);

#endif
