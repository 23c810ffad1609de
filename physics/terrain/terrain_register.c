/* The terrain penalties by name: their [physics] keys and constructors
 * (physics/penalty_registry.h). The keys' order is the job schema's. */
#include <stdlib.h>

#include "physics/penalty_registry.h"
#include "physics/terrain/terrain_depression.h"
#include "physics/terrain/terrain_penalties.h"
#include "physics/terrain/terrain_slope_dist.h"

static pg_terrain_grid grid_of(const pg_penalty_geom *g)
{
    return (pg_terrain_grid){g->h, g->w, g->dx_m, g->dy_m};
}

/* ---- terrain.slope --------------------------------------------------------- */

static const pg_key_spec SLOPE_KEYS[] = {
    {"physics", "terrain_slope_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of terrain.slope (slope-limit penalty; 0 = off)"},
    {"physics", "terrain_max_slope_deg", PG_KEY_DOUBLE, "45", 0, 89.9, NULL,
     "slope limit of terrain.slope, degrees"},
};

static pg_status slope_create(const pg_penalty_args *a, pg_penalty **out)
{
    pg_terrain_grid g = grid_of(&a->geom);
    return pg_terrain_slope_penalty_create(&g, a->param[0], a->weight, out);
}

/* ---- terrain.roughness ----------------------------------------------------- */

static const pg_key_spec ROUGH_KEYS[] = {
    {"physics", "terrain_roughness_weight", PG_KEY_DOUBLE, "0", 0, 1e6,
     NULL, "weight of terrain.roughness (PSD vs the training data; 0 = off)"},
};

/* The reference: the training patches' mean log10 PSD, as count-weighted
 * sums of each batch's mean. */
typedef struct rough_ref {
    pg_terrain_psd_ws *ws;
    double *psd; /* one batch's mean, nbins */
} rough_ref;

static void rough_ref_free(void *v)
{
    rough_ref *r = v;
    if (!r) return;
    pg_terrain_psd_destroy(&r->ws);
    free(r->psd);
    free(r);
}

static pg_status rough_ref_add(pg_penalty_ref *ref, const float *x, size_t n)
{
    rough_ref *r = ref->ctx;
    PG_CHECK(pg_terrain_psd_log_mean(r->ws, x, n, r->psd));
    for (int k = 0; k < ref->len; k++) ref->sums[k] += r->psd[k] * (double)n;
    return PG_OK;
}

static pg_status rough_ref_create(const pg_penalty_args *a,
                                  pg_penalty_ref **out)
{
    pg_terrain_grid g = grid_of(&a->geom);
    pg_penalty_ref *ref = calloc(1, sizeof *ref);
    rough_ref *r = calloc(1, sizeof *r);
    *out = NULL;
    if (!ref || !r) {
        free(ref);
        free(r);
        return PG_FAIL(PG_ERR_NOMEM, "terrain.roughness reference");
    }
    *ref = (pg_penalty_ref){.len = PG_TERRAIN_PSD_DEFAULT_BINS, .ctx = r,
                            .add = rough_ref_add,
                            .destroy_ctx = rough_ref_free};
    pg_status st = pg_terrain_psd_create(&g, ref->len, &r->ws);
    if (st == PG_OK && !(r->psd = malloc((size_t)ref->len * sizeof *r->psd)))
        st = PG_FAIL(PG_ERR_NOMEM, "terrain.roughness reference");
    if (st != PG_OK) {
        pg_penalty_ref_destroy(&ref);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = ref;
    return PG_OK;
}

static pg_status rough_create(const pg_penalty_args *a, pg_penalty **out)
{
    if (!a->ref)
        return PG_FAIL(PG_ERR_ARG, "terrain.roughness: no data reference");
    pg_terrain_grid g = grid_of(&a->geom);
    return pg_terrain_roughness_penalty_create(
        &g, PG_TERRAIN_PSD_DEFAULT_BINS, a->ref, a->weight, out);
}

/* ---- terrain.depression ---------------------------------------------------- */

static const pg_key_spec DEPRESSION_KEYS[] = {
    {"physics", "terrain_depression_weight", PG_KEY_DOUBLE, "0", 0, 1e6,
     NULL, "weight of terrain.depression (mean squared depth of water the "
     "patch would hold, m^2; real land drains; 0 = off)"},
};

static pg_status depression_create(const pg_penalty_args *a,
                                   pg_penalty **out)
{
    pg_terrain_grid g = grid_of(&a->geom);
    return pg_terrain_depression_penalty_create(&g, a->weight, out);
}

/* ---- terrain.slope_dist ---------------------------------------------------- */

static const pg_key_spec SLOPE_DIST_KEYS[] = {
    {"physics", "terrain_slope_dist_weight", PG_KEY_DOUBLE, "0", 0, 1e6,
     NULL, "weight of terrain.slope_dist (squared 2-Wasserstein distance, "
     "rad^2, between the batch's slope angles and the training data's; "
     "0 = off)"},
};

/* The reference: the training patches' pooled slope-angle histogram. */
typedef struct slope_dist_ref {
    pg_terrain_grid g;
    double *deg; /* one patch's angles */
} slope_dist_ref;

static void slope_dist_ref_free(void *v)
{
    slope_dist_ref *r = v;
    if (!r) return;
    free(r->deg);
    free(r);
}

static pg_status slope_dist_ref_add(pg_penalty_ref *ref, const float *x,
                                    size_t n)
{
    slope_dist_ref *r = ref->ctx;
    pg_terrain_slope_dist_hist_add(&r->g, x, n, r->deg, ref->sums);
    return PG_OK;
}

static pg_status slope_dist_ref_create(const pg_penalty_args *a,
                                       pg_penalty_ref **out)
{
    *out = NULL;
    pg_terrain_grid g = grid_of(&a->geom);
    PG_CHECK(pg_terrain_grid_check(&g));
    pg_penalty_ref *ref = calloc(1, sizeof *ref);
    slope_dist_ref *r = calloc(1, sizeof *r);
    if (!ref || !r ||
        !(r->deg = malloc((size_t)g.h * (size_t)g.w * sizeof *r->deg))) {
        if (r) free(r->deg);
        free(ref);
        free(r);
        return PG_FAIL(PG_ERR_NOMEM, "terrain.slope_dist reference");
    }
    r->g = g;
    *ref = (pg_penalty_ref){.len = PG_TERRAIN_SLOPE_DIST_BINS, .ctx = r,
                            .add = slope_dist_ref_add,
                            .destroy_ctx = slope_dist_ref_free};
    *out = ref;
    return PG_OK;
}

static pg_status slope_dist_create(const pg_penalty_args *a,
                                   pg_penalty **out)
{
    if (!a->ref)
        return PG_FAIL(PG_ERR_ARG, "terrain.slope_dist: no data reference");
    pg_terrain_grid g = grid_of(&a->geom);
    return pg_terrain_slope_dist_penalty_create(&g, a->geom.batch, a->ref,
                                                a->weight, out);
}

/* ---- the domain --------------------------------------------------------------- */

static const pg_penalty_kind KINDS[] = {
    {"terrain.slope", SLOPE_KEYS, 2, slope_create, NULL},
    {"terrain.roughness", ROUGH_KEYS, 1, rough_create, rough_ref_create},
    {"terrain.depression", DEPRESSION_KEYS, 1, depression_create, NULL},
    {"terrain.slope_dist", SLOPE_DIST_KEYS, 1, slope_dist_create,
     slope_dist_ref_create},
};

/* Read by physgan train (the ramp is its gain in pg_penalty_list_eval). */
static const pg_key_spec DOMAIN_KEYS[] = {
    {"physics", "warmup_steps", PG_KEY_INT, "0", 0, 1000000000, NULL,
     "train: the terrain penalties' gradient is ramped linearly from 0 to "
     "full weight over this many first steps (0 = full from the start)"},
};

const pg_penalty_domain pg_terrain_penalty_domain = {
    "terrain", KINDS, (int)(sizeof KINDS / sizeof KINDS[0]), DOMAIN_KEYS,
    (int)(sizeof DOMAIN_KEYS / sizeof DOMAIN_KEYS[0])};
