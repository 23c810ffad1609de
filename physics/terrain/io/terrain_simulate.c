/* Synthetic terrain datasets (terrain_simulate.h). */
#include "physics/terrain/io/terrain_simulate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/rng.h"
#include "io/h5.h"
#include "physics/terrain/terrain_penalties.h"

static pg_status write_root_attrs(pg_h5_file *w,
                                  const pg_terrain_synth_params *p, long seed)
{
    PG_CHECK(pg_h5_attr_write_double(w, "/", "cell_size_m", p->cell_size_m));
    PG_CHECK(pg_h5_attr_write_double(w, "/", "synth_beta", p->beta));
    PG_CHECK(pg_h5_attr_write_double(w, "/", "synth_relief_m", p->relief_m));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "synth_seed", seed));
    return PG_OK;
}

/* Generate, write row by row (memory for one patch), measure. */
pg_status pg_terrain_simulate_write(const pg_terrain_synth_params *p,
                                    long count, long seed, const char *out,
                                    pg_terrain_sim_result *res)
{
    pg_status s = PG_OK;
    pg_terrain_synth *syn = NULL;
    pg_terrain_psd_ws *ws = NULL;
    pg_rng *rng = NULL;
    pg_h5_file *w = NULL;
    size_t nn = (size_t)p->size * p->size;
    float *z = malloc(nn * sizeof *z);
    double *deg = malloc(nn * sizeof *deg);
    double logsum[PG_TERRAIN_PSD_DEFAULT_BINS] = {0};
    double logone[PG_TERRAIN_PSD_DEFAULT_BINS];
    if (!z || !deg) {
        s = PG_FAIL(PG_ERR_NOMEM, "simulate terrain: %d x %d patch", p->size,
                     p->size);
        goto done;
    }
    pg_terrain_grid g = {p->size, p->size, p->cell_size_m, p->cell_size_m};
    PG_CHECK_GOTO(s, pg_terrain_synth_create(p, &syn), done);
    PG_CHECK_GOTO(s, pg_terrain_psd_create(&g, PG_TERRAIN_PSD_DEFAULT_BINS,
                                           &ws), done);
    PG_CHECK_GOTO(s, pg_rng_create((uint64_t)seed, 0, PG_RNG_DATA, &rng),
                  done);
    char source[256];
    snprintf(source, sizeof source, "physgan simulate terrain: spectral "
             "synthesis, beta %g, cell %g m, relief %g m, seed %ld", p->beta,
             p->cell_size_m, p->relief_m, seed);
    PG_CHECK_GOTO(s, pg_h5_writer_open(out, "terrain/1", source, &w), done);
    PG_CHECK_GOTO(s, write_root_attrs(w, p, seed), done);
    size_t dims[3] = {(size_t)count, (size_t)p->size, (size_t)p->size};
    PG_CHECK_GOTO(s, pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3, dims,
                                         NULL, "m", 0), done);
    pg_terrain_slope_stats st;
    pg_terrain_slope_stats_init(&st, 90.0); /* only mean and max used */
    for (long k = 0; k < count; k++) {
        pg_terrain_synth_patch(syn, rng, z);
        PG_CHECK_GOTO(s, pg_h5_dataset_write_rows(w, "/terrain", PG_H5_F32,
                                                  (size_t)k, 1, z), done);
        pg_terrain_slope_stats_add(&st, &g, z, 1, deg);
        PG_CHECK_GOTO(s, pg_terrain_psd_log_mean(ws, z, 1, logone), done);
        for (int b = 0; b < PG_TERRAIN_PSD_DEFAULT_BINS; b++)
            logsum[b] += logone[b] / (double)count;
    }
    PG_CHECK_GOTO(s, pg_h5_writer_commit(&w), done);
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
    pg_rng_destroy(&rng);
    pg_terrain_psd_destroy(&ws);
    pg_terrain_synth_destroy(&syn);
    free(z);
    free(deg);
    return s;
}
