/* DEM tiling: region split, patch extraction, no-data drop and fill,
 * per-patch offsets, terrain/1 output (physics/terrain/io/dem_tile.h). */
#include "physics/terrain/io/dem_tile.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5.h"

enum { GZIP_LEVEL = 4 };

void pg_dem_tiling_destroy(pg_dem_tiling **t)
{
    if (!t || !*t) return;
    pg_dem_patches *pp[2] = {&(*t)->train, &(*t)->val};
    for (int i = 0; i < 2; i++) {
        free(pp[i]->z);
        free(pp[i]->filled);
        free(pp[i]->origin_rc);
        free(pp[i]->offset_m);
        free(pp[i]->scale_m);
    }
    free(*t);
    *t = NULL;
}

static size_t count_origins(int len, int patch, int stride)
{
    return len < patch ? 0 : (size_t)((len - patch) / stride + 1);
}

/* Fill the NaN cells of a P x P patch by rounds of 8-neighbour averaging
 * (see the header); mask gets 1 for every filled cell. `next` and `todo`
 * are scratch of P*P. Returns the number of filled cells. */
static size_t fill_patch(float *z, uint8_t *mask, int P, float *next,
                         size_t *todo)
{
    size_t n_todo = 0, filled = 0;
    for (size_t i = 0; i < (size_t)P * P; i++) {
        mask[i] = isnan(z[i]) ? 1 : 0;
        if (mask[i]) todo[n_todo++] = i;
    }
    filled = n_todo;
    while (n_todo) {
        size_t keep = 0;
        for (size_t k = 0; k < n_todo; k++) {
            int r = (int)(todo[k] / P), c = (int)(todo[k] % P);
            double sum = 0;
            int cnt = 0;
            for (int dr = -1; dr <= 1; dr++)
                for (int dc = -1; dc <= 1; dc++) {
                    int rr = r + dr, cc = c + dc;
                    if ((!dr && !dc) || rr < 0 || cc < 0 || rr >= P || cc >= P)
                        continue;
                    float v = z[(size_t)rr * P + cc];
                    if (!isnan(v)) {
                        sum += v;
                        cnt++;
                    }
                }
            next[todo[k]] = cnt ? (float)(sum / cnt) : NAN;
        }
        /* Commit after the whole round, then keep the still-empty cells. */
        for (size_t k = 0; k < n_todo; k++) {
            z[todo[k]] = next[todo[k]];
            if (isnan(next[todo[k]])) todo[keep++] = todo[k];
        }
        if (keep == n_todo) break; /* no valid cell at all: cannot happen
                                      for kept patches */
        n_todo = keep;
    }
    return filled;
}

static pg_status patches_alloc(pg_dem_patches *pp, size_t cap, int P)
{
    size_t cells = cap * P * P;
    pp->z = malloc((cells ? cells : 1) * sizeof *pp->z);
    pp->filled = malloc(cells ? cells : 1);
    pp->origin_rc = malloc((cap ? cap : 1) * 2 * sizeof *pp->origin_rc);
    pp->offset_m = malloc((cap ? cap : 1) * sizeof *pp->offset_m);
    pp->scale_m = malloc((cap ? cap : 1) * sizeof *pp->scale_m);
    if (!pp->z || !pp->filled || !pp->origin_rc || !pp->offset_m ||
        !pp->scale_m)
        return PG_FAIL(PG_ERR_NOMEM, "%zu patches of %d x %d", cap, P, P);
    return PG_OK;
}

/* Cut the strip [pp->col0, pp->col1) into patches. */
static pg_status tile_strip(const pg_dem *d, const pg_dem_tile_params *p,
                            pg_dem_patches *pp)
{
    int P = p->patch;
    size_t nr = count_origins(d->rows, P, p->stride);
    size_t nc = count_origins(pp->col1 - pp->col0, P, p->stride);
    pp->patch = P;
    pp->candidates = nr * nc;
    pp->z_min = INFINITY;
    pp->z_max = -INFINITY;
    PG_CHECK(patches_alloc(pp, pp->candidates, P));
    size_t pp_cells = (size_t)P * P;
    float *next = malloc(pp_cells * sizeof *next);
    size_t *todo = malloc(pp_cells * sizeof *todo);
    if (!next || !todo) {
        free(next);
        free(todo);
        return PG_FAIL(PG_ERR_NOMEM, "patch scratch");
    }
    for (size_t i = 0; i < nr; i++) {
        for (size_t j = 0; j < nc; j++) {
            int r0 = (int)i * p->stride, c0 = pp->col0 + (int)j * p->stride;
            float *z = pp->z + pp->n * pp_cells;
            size_t bad = 0;
            for (int r = 0; r < P; r++) {
                const float *src = d->z + (size_t)(r0 + r) * d->cols + c0;
                memcpy(z + (size_t)r * P, src, P * sizeof *z);
                for (int c = 0; c < P; c++) bad += isnan(src[c]);
            }
            if (bad == pp_cells || (double)bad > p->max_nodata * pp_cells) {
                pp->dropped++;
                continue;
            }
            size_t filled = fill_patch(z, pp->filled + pp->n * pp_cells, P,
                                       next, todo);
            pp->filled_cells += filled;
            pp->filled_patches += filled > 0;
            float lo = z[0], hi = z[0];
            for (size_t k = 1; k < pp_cells; k++) {
                lo = z[k] < lo ? z[k] : lo;
                hi = z[k] > hi ? z[k] : hi;
            }
            pp->z_min = lo < pp->z_min ? lo : pp->z_min;
            pp->z_max = hi > pp->z_max ? hi : pp->z_max;
            pp->offset_m[pp->n] = (float)(0.5 * ((double)lo + hi));
            pp->scale_m[pp->n] = hi > lo ? (float)(0.5 * ((double)hi - lo))
                                         : 1.0f;
            pp->origin_rc[2 * pp->n] = r0;
            pp->origin_rc[2 * pp->n + 1] = c0;
            pp->n++;
        }
    }
    free(next);
    free(todo);
    return PG_OK;
}

static pg_status check_params(const pg_dem *d, const pg_dem_tile_params *p)
{
    if (p->patch < 2)
        return PG_FAIL(PG_ERR_ARG, "patch %d: must be at least 2", p->patch);
    if (p->stride < 1)
        return PG_FAIL(PG_ERR_ARG, "stride %d: must be at least 1",
                       p->stride);
    if (!(p->val_fraction >= 0 && p->val_fraction < 1))
        return PG_FAIL(PG_ERR_ARG, "val_fraction %g: must be in [0, 1)",
                       p->val_fraction);
    if (p->gap < 0)
        return PG_FAIL(PG_ERR_ARG, "gap %d: must be >= 0", p->gap);
    if (!(p->max_nodata >= 0 && p->max_nodata <= 1))
        return PG_FAIL(PG_ERR_ARG, "max_nodata %g: must be in [0, 1]",
                       p->max_nodata);
    if (p->patch > d->rows || p->patch > d->cols)
        return PG_FAIL(PG_ERR_SHAPE, "%s: patch of %d x %d cells is larger "
                       "than the raster (%d rows x %d columns)", d->source,
                       p->patch, p->patch, d->rows, d->cols);
    return PG_OK;
}

pg_status pg_dem_tile(const pg_dem *d, const pg_dem_tile_params *p,
                      pg_dem_tiling **out)
{
    *out = NULL;
    PG_CHECK(check_params(d, p));
    pg_status s = PG_OK;
    pg_dem_tiling *t = calloc(1, sizeof *t);
    if (!t) return PG_FAIL(PG_ERR_NOMEM, "tiling");
    int val_cols = (int)lround(p->val_fraction * d->cols);
    if (p->val_fraction > 0 && val_cols < 1) val_cols = 1;
    int split = d->cols - val_cols;
    t->train.col0 = 0;
    t->train.col1 = val_cols ? split - p->gap : d->cols;
    t->val.col0 = split;
    t->val.col1 = d->cols;
    if (t->train.col1 < p->patch) {
        s = PG_FAIL(PG_ERR_SHAPE, "%s: the training strip (columns 0..%d of "
                    "%d) is narrower than the %d-cell patch; lower the "
                    "validation fraction or the gap", d->source,
                    t->train.col1 - 1, d->cols, p->patch);
        goto fail;
    }
    if (val_cols && val_cols < p->patch) {
        s = PG_FAIL(PG_ERR_SHAPE, "%s: the validation strip (columns %d..%d, "
                    "%d wide) is narrower than the %d-cell patch; raise the "
                    "validation fraction", d->source, split, d->cols - 1,
                    val_cols, p->patch);
        goto fail;
    }
    PG_CHECK_GOTO(s, tile_strip(d, p, &t->train), fail);
    if (val_cols) PG_CHECK_GOTO(s, tile_strip(d, p, &t->val), fail);
    pg_dem_patches *pp[2] = {&t->train, &t->val};
    const char *what[2] = {"training", "validation"};
    for (int i = 0; i < (val_cols ? 2 : 1); i++)
        if (!pp[i]->n) {
            s = PG_FAIL(PG_ERR_FORMAT, "%s: every one of the %zu %s patches "
                        "has more than %g%% no-data cells", d->source,
                        pp[i]->candidates, what[i], 100 * p->max_nodata);
            goto fail;
        }
    *out = t;
    return PG_OK;
fail:
    pg_dem_tiling_destroy(&t);
    return s;
}

static pg_status write_attrs(pg_h5_file *w, const pg_dem_patches *pp,
                             const pg_dem *d, const pg_dem_tile_params *p,
                             const char *split)
{
    PG_CHECK(pg_h5_attr_write_double(w, "/", "cell_size_m", d->dx_m));
    if (d->dy_m != d->dx_m)
        PG_CHECK(pg_h5_attr_write_double(w, "/", "cell_size_y_m", d->dy_m));
    if (d->crs[0]) PG_CHECK(pg_h5_attr_write_string(w, "/", "crs", d->crs));
    static const char *const how[] = {
        [PG_DEM_CELL_GIVEN] = "given on the command line",
        [PG_DEM_CELL_PROJECTED] = "projected CRS linear units",
        [PG_DEM_CELL_GEOGRAPHIC] = "geographic CRS: ellipsoid radii of "
                                   "curvature at the centre latitude "
                                   "(approximation elsewhere)",
    };
    PG_CHECK(pg_h5_attr_write_string(w, "/", "cell_size_method",
                                     how[d->cell_source]));
    if (d->cell_source == PG_DEM_CELL_GEOGRAPHIC)
        PG_CHECK(pg_h5_attr_write_double(w, "/", "centre_lat_deg",
                                         d->centre_lat_deg));
    PG_CHECK(pg_h5_attr_write_string(w, "/", "split", split));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "split_col0", pp->col0));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "split_col1", pp->col1));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "raster_rows", d->rows));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "raster_cols", d->cols));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "patch", p->patch));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "stride", p->stride));
    PG_CHECK(pg_h5_attr_write_double(w, "/", "max_nodata", p->max_nodata));
    PG_CHECK(pg_h5_attr_write_int(w, "/", "filled_cells",
                                  (int64_t)pp->filled_cells));
    return PG_OK;
}

pg_status pg_dem_patches_write(const char *path, const pg_dem_patches *pp,
                               const pg_dem *d, const pg_dem_tile_params *p,
                               const char *split)
{
    pg_h5_file *w = NULL;
    pg_status s;
    char source[1024];
    snprintf(source, sizeof source, "%s (%s), %s patches", d->source,
             d->format, split);
    PG_CHECK(pg_h5_writer_open(path, "terrain/1", source, &w));
    size_t P = (size_t)pp->patch;
    size_t dims3[3] = {pp->n, P, P}, dims2[2] = {pp->n, 2}, dims1[1] = {pp->n};
    PG_CHECK_GOTO(s, pg_h5_dataset_write(w, "/terrain", PG_H5_F32, 3, dims3,
                                         pp->z, "m", GZIP_LEVEL), fail);
    PG_CHECK_GOTO(s, pg_h5_dataset_write(w, "/filled", PG_H5_U8, 3, dims3,
                                         pp->filled, "1", GZIP_LEVEL), fail);
    PG_CHECK_GOTO(s, pg_h5_dataset_write(w, "/origin_rc", PG_H5_I32, 2, dims2,
                                         pp->origin_rc, "1", 0), fail);
    PG_CHECK_GOTO(s, pg_h5_dataset_write(w, "/offset_m", PG_H5_F32, 1, dims1,
                                         pp->offset_m, "m", 0), fail);
    PG_CHECK_GOTO(s, pg_h5_dataset_write(w, "/scale_m", PG_H5_F32, 1, dims1,
                                         pp->scale_m, "m", 0), fail);
    PG_CHECK_GOTO(s, write_attrs(w, pp, d, p, split), fail);
    PG_CHECK(pg_h5_writer_commit(&w));
    return PG_OK;
fail:
    pg_h5_writer_abort(&w);
    return s;
}
