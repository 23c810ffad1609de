/* Loading and measuring terrain/1 files for eval terrain
 * (train/terrain_compare.h). */
#include "train/terrain_compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5.h"
#include "io/terrain_file.h"
#include "io/schema.h"

/* A failure of a measure on the file's patches, with the file named. */
static pg_status named(pg_status st, const char *path)
{
    if (st == PG_OK) return PG_OK;
    return PG_FAIL(st == PG_ERR_NOMEM ? st : PG_ERR_FORMAT, "%s: %s", path,
                   pg_error_message());
}

static pg_status read_file(pg_terrain_set *s)
{
    pg_h5_file *f = NULL;
    pg_status st;
    double dx, dy;
    int h, w;
    PG_CHECK(pg_h5_file_open_valid(s->path, "terrain/1", &f));
    PG_CHECK_GOTO(st, pg_terrain_file_read(f, &s->n, &h, &w, &dx, &dy,
                                           &s->z), done);
    s->grid = (pg_terrain_grid){h, w, dx, dy};
    if (pg_h5_attr_exists(f, "/", "split")) {
        char *split = NULL;
        PG_CHECK_GOTO(st, pg_h5_attr_read_string(f, "/", "split", &split),
                      done);
        snprintf(s->split, sizeof s->split, "%s", split);
        free(split);
    }
done:
    pg_h5_file_close(&f);
    return st;
}

static pg_status measure(pg_terrain_set *s, const pg_terrain_compare_opts *o)
{
    pg_terrain_hydro *hy = NULL;
    pg_terrain_psd_ws *psd = NULL;
    pg_status st;
    PG_CHECK(named(pg_terrain_eval_create(&s->grid, o->max_slope_deg, &s->ev),
                   s->path));
    PG_CHECK(named(pg_terrain_eval_add(s->ev, s->z, s->n), s->path));
    PG_CHECK(named(pg_terrain_eval_summarize(s->ev, &s->sum), s->path));
    st = named(pg_terrain_hydro_create(&s->grid, &o->hydro, &hy), s->path);
    if (st == PG_OK) st = named(pg_terrain_hydro_add(hy, s->z, s->n), s->path);
    if (st == PG_OK)
        st = named(pg_terrain_hydro_summarize(hy, &s->hydro), s->path);
    pg_terrain_hydro_destroy(&hy);
    PG_CHECK(st);
    /* Patches under 16 cells a side have no checkerboard level: levels 0. */
    PG_CHECK(named(pg_terrain_psd_create(&s->grid, PG_TERRAIN_PSD_DEFAULT_BINS,
                                         &psd), s->path));
    if (pg_terrain_checkerboard_score(psd, s->z, s->n, &s->checker) != PG_OK) {
        pg_error_clear();
        memset(&s->checker, 0, sizeof s->checker);
    }
    pg_terrain_psd_destroy(&psd);
    return PG_OK;
}

pg_status pg_terrain_set_load(const char *path,
                              const pg_terrain_compare_opts *o,
                              pg_terrain_set **out)
{
    *out = NULL;
    pg_terrain_set *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "%s", path);
    s->path = path;
    pg_status st = read_file(s);
    if (st == PG_OK) st = measure(s, o);
    if (st != PG_OK) {
        pg_terrain_set_destroy(&s);
        return st;
    }
    *out = s;
    return PG_OK;
}

void pg_terrain_set_destroy(pg_terrain_set **sp)
{
    if (!sp || !*sp) return;
    pg_terrain_eval_destroy(&(*sp)->ev);
    free((*sp)->z);
    free(*sp);
    *sp = NULL;
}

double pg_terrain_set_ks(const pg_terrain_set *a, const pg_terrain_set *b)
{
    size_t na, nb;
    const double *sa = pg_terrain_eval_sorted_slopes(a->ev, &na);
    const double *sb = pg_terrain_eval_sorted_slopes(b->ev, &nb);
    return pg_terrain_ks_distance(sa, na, sb, nb);
}

pg_status pg_terrain_set_c2st(const pg_terrain_set *a,
                              const pg_terrain_set *b,
                              const pg_c2st_params *p, pg_c2st_result *out)
{
    if (a->grid.h != b->grid.h || a->grid.w != b->grid.w)
        return PG_FAIL(PG_ERR_ARG, "two-sample test: %s has %d x %d patches "
                       "and %s %d x %d; the classifier needs one size",
                       a->path, a->grid.h, a->grid.w, b->path, b->grid.h,
                       b->grid.w);
    /* The same file twice: two disjoint halves of it (c2st.h). */
    const float *bz = strcmp(a->path, b->path) ? b->z : a->z;
    pg_status st = pg_c2st_run(a->z, a->n, bz, b->n, a->grid.h, a->grid.w,
                               p, out);
    if (st != PG_OK)
        return PG_FAIL(st, "two-sample test of %s against %s: %s", a->path,
                       b->path, pg_error_message());
    return PG_OK;
}
