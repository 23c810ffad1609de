/* Synthetic terrain datasets (terrain_simulate.h). */
#include "physics/terrain/io/terrain_simulate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/rng.h"
#include "io/h5.h"
#include "io/schema.h"
#include "io/terrain_file.h"
#include "physics/terrain/terrain_breach.h"
#include "physics/terrain/terrain_penalties.h"

/* Where the patches come from: patch k into z, and the file's own root
 * attributes. */
typedef struct patch_source {
    void (*patch)(void *ctx, long k, float *z);
    pg_status (*attrs)(void *ctx, pg_h5_file *w);
    void *ctx;
} patch_source;

/* Generate, write row by row (memory for one patch), measure. */
static pg_status write_measured(const pg_terrain_grid *g, long count,
                                double breach_m, const char *out,
                                const char *source, const patch_source *src,
                                pg_terrain_sim_result *res)
{
    pg_status s = PG_OK;
    pg_terrain_psd_ws *ws = NULL;
    pg_terrain_fill *fill = NULL;
    pg_terrain_breach_stats cut = {0};
    pg_h5_file *w = NULL;
    size_t nn = (size_t)g->h * (size_t)g->w;
    float *z = malloc(nn * sizeof *z);
    double *deg = malloc(nn * sizeof *deg);
    double logsum[PG_TERRAIN_PSD_DEFAULT_BINS] = {0};
    double logone[PG_TERRAIN_PSD_DEFAULT_BINS];
    if (!z || !deg) {
        s = PG_FAIL(PG_ERR_NOMEM, "simulate terrain: %d x %d patch", g->h,
                    g->w);
        goto done;
    }
    PG_CHECK_GOTO(s, pg_terrain_psd_create(g, PG_TERRAIN_PSD_DEFAULT_BINS,
                                           &ws), done);
    PG_CHECK_GOTO(s, pg_h5_writer_open(out, "terrain/1", source, &w), done);
    PG_CHECK_GOTO(s, src->attrs(src->ctx, w), done);
    PG_CHECK_GOTO(s, pg_h5_attr_write_double(w, "/", "breach_drop_m",
                                             breach_m), done);
    if (breach_m > 0)
        PG_CHECK_GOTO(s, pg_terrain_fill_create(g->h, g->w, &fill), done);
    size_t dims[3] = {(size_t)count, (size_t)g->h, (size_t)g->w};
    PG_CHECK_GOTO(s, pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3, dims,
                                         NULL, "m", 0), done);
    pg_terrain_slope_stats st;
    pg_terrain_slope_stats_init(&st, 90.0); /* only mean and max used */
    for (long k = 0; k < count; k++) {
        src->patch(src->ctx, k, z);
        if (fill) pg_terrain_breach_run(fill, z, breach_m, &cut);
        PG_CHECK_GOTO(s, pg_h5_dataset_write_rows(w, "/terrain", PG_H5_F32,
                                                  (size_t)k, 1, z), done);
        pg_terrain_slope_stats_add(&st, g, z, 1, deg);
        PG_CHECK_GOTO(s, pg_terrain_psd_log_mean(ws, z, 1, logone), done);
        for (int b = 0; b < PG_TERRAIN_PSD_DEFAULT_BINS; b++)
            logsum[b] += logone[b] / (double)count;
    }
    PG_CHECK_GOTO(s, pg_h5_writer_commit(&w), done);
    res->count = count;
    res->breach_cells = (double)cut.cells;
    res->mean_deg = pg_terrain_slope_stats_mean_deg(&st);
    res->max_deg = st.max_deg;
    pg_terrain_psd_fit_range(ws, &res->kmin, &res->kmax);
    /* Too few bins in the fit range on tiny patches: report no exponent
     * rather than fail, the file is written. */
    if (pg_terrain_psd_beta(ws, logsum, res->kmin, res->kmax, &res->beta)) {
        pg_error_clear();
        res->beta = NAN;
    }
done:
    pg_h5_writer_abort(&w);
    pg_terrain_fill_destroy(&fill);
    pg_terrain_psd_destroy(&ws);
    free(z);
    free(deg);
    return s;
}

/* ---- fractal patches ---------------------------------------------------- */

typedef struct fractal_ctx {
    const pg_terrain_synth_params *p;
    long seed;
    pg_terrain_synth *syn;
    pg_rng *rng;
} fractal_ctx;

static void fractal_patch(void *ctx, long k, float *z)
{
    (void)k;
    fractal_ctx *c = ctx;
    pg_terrain_synth_patch(c->syn, c->rng, z);
}

static pg_status fractal_attrs(void *ctx, pg_h5_file *w)
{
    const fractal_ctx *c = ctx;
    PG_CHECK(pg_h5_attr_write_double(w, "/", "cell_size_m",
                                     c->p->cell_size_m));
    PG_CHECK(pg_h5_attr_write_double(w, "/", "synth_beta", c->p->beta));
    PG_CHECK(pg_h5_attr_write_double(w, "/", "synth_relief_m",
                                     c->p->relief_m));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "synth_seed", c->seed));
    return PG_OK;
}

pg_status pg_terrain_simulate_write(const pg_terrain_synth_params *p,
                                    long count, long seed, double breach_m,
                                    const char *out,
                                    pg_terrain_sim_result *res)
{
    pg_status s = PG_OK;
    fractal_ctx c = {p, seed, NULL, NULL};
    PG_CHECK_GOTO(s, pg_terrain_synth_create(p, &c.syn), done);
    PG_CHECK_GOTO(s, pg_rng_create((uint64_t)seed, 0, PG_RNG_DATA, &c.rng),
                  done);
    char source[256];
    snprintf(source, sizeof source, "physgan simulate terrain: spectral "
             "synthesis, beta %g, cell %g m, relief %g m, seed %ld", p->beta,
             p->cell_size_m, p->relief_m, seed);
    pg_terrain_grid g = {p->size, p->size, p->cell_size_m, p->cell_size_m};
    patch_source src = {fractal_patch, fractal_attrs, &c};
    s = write_measured(&g, count, breach_m, out, source, &src, res);
done:
    pg_rng_destroy(&c.rng);
    pg_terrain_synth_destroy(&c.syn);
    return s;
}

/* ---- phase-randomised surrogates of a real file ------------------------- */

typedef struct like_ctx {
    const char *path;
    long seed;
    size_t n;             /* source patches */
    float *z;             /* n patches */
    double dx, dy;
    pg_terrain_synth *syn;
    pg_rng *rng;
} like_ctx;

static void like_patch(void *ctx, long k, float *z)
{
    like_ctx *c = ctx;
    size_t side = (size_t)pg_terrain_synth_size(c->syn) / 2;
    size_t nn = side * side;
    pg_terrain_synth_like(c->syn, c->rng, c->z + ((size_t)k % c->n) * nn, z);
}

static pg_status like_attrs(void *ctx, pg_h5_file *w)
{
    const like_ctx *c = ctx;
    PG_CHECK(pg_h5_attr_write_double(w, "/", "cell_size_m", c->dx));
    if (c->dy != c->dx)
        PG_CHECK(pg_h5_attr_write_double(w, "/", "cell_size_y_m", c->dy));
    PG_CHECK(pg_h5_attr_write_string(w, "/", "synth_like", c->path));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "synth_seed", c->seed));
    return PG_OK;
}

/* All of src's patches into c (square ones of 8..4096 cells, finite). */
static pg_status like_read(like_ctx *c, int *side)
{
    pg_h5_file *f = NULL;
    pg_status st;
    int h, w;
    PG_CHECK(pg_h5_file_open_valid(c->path, "terrain/1", &f));
    st = pg_terrain_file_read(f, &c->n, &h, &w, &c->dx, &c->dy, &c->z);
    pg_h5_file_close(&f);
    PG_CHECK(st);
    if (h != w || h < 8 || h > 4096)
        return PG_FAIL(PG_ERR_FORMAT, "%s: --like needs square patches of "
                       "8..4096 cells; /terrain holds %d x %d", c->path, h,
                       w);
    *side = h;
    size_t nn = (size_t)h * (size_t)w;
    for (size_t i = 0; i < c->n * nn; i++)
        if (!isfinite(c->z[i]))
            return PG_FAIL(PG_ERR_FORMAT, "%s: /terrain patch %zu holds a "
                           "non-finite elevation", c->path, i / nn);
    return PG_OK;
}

pg_status pg_terrain_simulate_like_write(const char *path, long count,
                                         long seed, double breach_m,
                                         const char *out,
                                         pg_terrain_sim_result *res)
{
    pg_status s = PG_OK;
    like_ctx c = {.path = path, .seed = seed};
    int side = 0;
    PG_CHECK_GOTO(s, like_read(&c, &side), done);
    if (count <= 0) count = (long)c.n;
    /* beta, cell size and relief are unused by synth_like; valid values. */
    pg_terrain_synth_params p = {2 * side, 0.0, c.dx, 1.0};
    PG_CHECK_GOTO(s, pg_terrain_synth_create(&p, &c.syn), done);
    PG_CHECK_GOTO(s, pg_rng_create((uint64_t)seed, 0, PG_RNG_DATA, &c.rng),
                  done);
    char source[4352];
    snprintf(source, sizeof source, "physgan simulate terrain --like %s: "
             "phase-randomised surrogates, seed %ld", path, seed);
    pg_terrain_grid g = {side, side, c.dx, c.dy};
    patch_source src = {like_patch, like_attrs, &c};
    s = write_measured(&g, count, breach_m, out, source, &src, res);
done:
    pg_rng_destroy(&c.rng);
    pg_terrain_synth_destroy(&c.syn);
    free(c.z);
    return s;
}
