/* ESRI ASCII grid writer and reader (see ascii_grid.h). */
#include "io/ascii_grid.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/atomic_file.h"
#include "io/text_buffer.h"

/* Largest side accepted, as for PNGs: keeps nrows * ncols far from
 * overflow. */
enum { MAX_SIDE = 1 << 20 };
/* Cells (4 MB of floats) above which the file's size is checked first. */
static const size_t BIG_GRID = (size_t)1 << 20;

pg_status pg_ascii_grid_write(const char *path, const pg_ascii_grid *g,
                              const float *z)
{
    if (g->ncols < 1 || g->nrows < 1 || g->ncols > MAX_SIDE ||
        g->nrows > MAX_SIDE)
        return PG_FAIL(PG_ERR_ARG, "%s: grid of %d x %d cells", path,
                       g->nrows, g->ncols);
    if (!(g->dx > 0 && g->dy > 0 && isfinite(g->dx) && isfinite(g->dy)) ||
        !isfinite(g->xll) || !isfinite(g->yll) || !isfinite(g->nodata))
        return PG_FAIL(PG_ERR_ARG, "%s: cell size %g x %g, corner (%g, %g) "
                       "and NODATA %g must be finite, sizes > 0", path,
                       g->dx, g->dy, g->xll, g->yll, g->nodata);
    pg_text_buffer b = {0};
    pg_text_buffer_printf(&b, "ncols %d\nnrows %d\nxllcorner %.17g\n"
                          "yllcorner %.17g\n", g->ncols, g->nrows, g->xll,
                          g->yll);
    if (g->dx == g->dy) pg_text_buffer_printf(&b, "cellsize %.17g\n", g->dx);
    else pg_text_buffer_printf(&b, "dx %.17g\ndy %.17g\n", g->dx, g->dy);
    pg_text_buffer_printf(&b, "NODATA_value %.9g\n", g->nodata);
    for (int r = 0; r < g->nrows; r++) {
        const float *row = z + (size_t)r * (size_t)g->ncols;
        for (int c = 0; c < g->ncols; c++) {
            double v = isfinite(row[c]) ? (double)row[c] : g->nodata;
            pg_text_buffer_printf(&b, c ? " %.9g" : "%.9g", v);
        }
        pg_text_buffer_append(&b, "\n");
    }
    return pg_atomic_file_write_text(path, &b);
}

/* ---- reading --------------------------------------------------------------- */

typedef struct header_state {
    double ncols, nrows; /* as written: checked before any cast to int */
    int have_dx, have_dy, corner_x, corner_y;
    double cell, dx, dy, x, y, nodata;
    int have_cell, have_nodata, have_x, have_y;
} header_state;

/* Apply "key value" to h; 0 when key is not a header key. */
static int header_key(header_state *h, const char *key, double v)
{
    if (!strcasecmp(key, "ncols")) h->ncols = v;
    else if (!strcasecmp(key, "nrows")) h->nrows = v;
    else if (!strcasecmp(key, "cellsize")) h->cell = v, h->have_cell = 1;
    else if (!strcasecmp(key, "dx")) h->dx = v, h->have_dx = 1;
    else if (!strcasecmp(key, "dy")) h->dy = v, h->have_dy = 1;
    else if (!strcasecmp(key, "xllcorner")) h->x = v, h->have_x = 1, h->corner_x = 1;
    else if (!strcasecmp(key, "yllcorner")) h->y = v, h->have_y = 1, h->corner_y = 1;
    else if (!strcasecmp(key, "xllcenter")) h->x = v, h->have_x = 1;
    else if (!strcasecmp(key, "yllcenter")) h->y = v, h->have_y = 1;
    else if (!strcasecmp(key, "nodata_value")) h->nodata = v, h->have_nodata = 1;
    else return 0;
    return 1;
}

static pg_status finish_header(const char *path, const header_state *h,
                               pg_ascii_grid *g)
{
    /* (int) of a value outside int's range is undefined (found by
     * fuzzing: "ncols 1e300"), so the range is checked on the double. */
    if (!(h->ncols >= 1 && h->nrows >= 1 && h->ncols <= MAX_SIDE &&
          h->nrows <= MAX_SIDE) || h->ncols != floor(h->ncols) ||
        h->nrows != floor(h->nrows))
        return PG_FAIL(PG_ERR_FORMAT, "%s: ncols = %g, nrows = %g: both must "
                       "be given, whole and in 1..%d", path, h->ncols,
                       h->nrows, MAX_SIDE);
    if (!h->have_x || !h->have_y)
        return PG_FAIL(PG_ERR_FORMAT, "%s: xllcorner/xllcenter and "
                       "yllcorner/yllcenter are required", path);
    g->ncols = (int)h->ncols;
    g->nrows = (int)h->nrows;
    g->dx = h->have_cell ? h->cell : h->dx;
    g->dy = h->have_cell ? h->cell : h->dy;
    if (!(h->have_cell || (h->have_dx && h->have_dy)) ||
        !(g->dx > 0 && g->dy > 0))
        return PG_FAIL(PG_ERR_FORMAT, "%s: cellsize (or dx and dy) must be "
                       "given and > 0", path);
    g->xll = h->corner_x ? h->x : h->x - 0.5 * g->dx;
    g->yll = h->corner_y ? h->y : h->y - 0.5 * g->dy;
    g->nodata = h->have_nodata ? h->nodata : -9999;
    return PG_OK;
}

pg_status pg_ascii_grid_read(const char *path, pg_ascii_grid *g, float **z)
{
    FILE *f = fopen(path, "r");
    if (!f) return PG_FAIL(PG_ERR_IO, "cannot open %s", path);
    header_state h = {0};
    char key[64];
    double v;
    int line = 0;
    pg_status st = PG_OK;
    float *data = NULL;
    /* Header lines until the first line that starts with a number. */
    for (;;) {
        long pos = ftell(f);
        if (fscanf(f, " %63[A-Za-z_]", key) != 1) {
            fseek(f, pos, SEEK_SET);
            break;
        }
        line++;
        if (fscanf(f, "%lf", &v) != 1 || !header_key(&h, key, v)) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s:%d: '%s' is not a header key with "
                         "a number", path, line, key);
            goto done;
        }
    }
    PG_CHECK_GOTO(st, finish_header(path, &h, g), done);
    size_t n = (size_t)g->nrows * (size_t)g->ncols;
    /* Each value takes a character and a separator (the last needs no
     * separator): a header promising more cells than the rest of the file
     * can hold is refused before allocating for them. Small grids are read
     * on, so that a short one is told which row and column is missing. */
    long here = ftell(f);
    if (n > BIG_GRID && here >= 0 && !fseek(f, 0, SEEK_END)) {
        long size = ftell(f);
        fseek(f, here, SEEK_SET);
        if (size >= here && n > ((size_t)(size - here) + 1) / 2) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s: the header promises %d x %d "
                         "values but only %ld bytes follow it", path,
                         g->nrows, g->ncols, size - here);
            goto done;
        }
    }
    data = malloc(n * sizeof *data);
    if (!data) {
        st = PG_FAIL(PG_ERR_NOMEM, "%s: %zu cells", path, n);
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        if (fscanf(f, "%lf", &v) != 1) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s: value %zu (row %zu, column %zu) "
                         "missing or not a number; the header promises %d x "
                         "%d", path, i + 1, i / (size_t)g->ncols + 1,
                         i % (size_t)g->ncols + 1, g->nrows, g->ncols);
            goto done;
        }
        data[i] = v == g->nodata ? NAN : (float)v;
    }
    if (fscanf(f, " %63s", key) == 1) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: more values than the header's %d x "
                     "%d ('%s' follows)", path, g->nrows, g->ncols, key);
        goto done;
    }
    *z = data;
    data = NULL;
done:
    free(data);
    fclose(f);
    return st;
}
