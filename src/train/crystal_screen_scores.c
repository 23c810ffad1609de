/* crystal_screen/1 files: the shards of a crystal screen's costly scores
 * (crystal_screen_scores.h). */
#include "train/crystal_screen_scores.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/h5.h"
#include "io/schema.h"

/* /finite's classes: a float dataset may hold no NaN or Inf. */
enum { VAL_NAN = 0, VAL_FINITE = 1, VAL_PINF = 2, VAL_NINF = 3 };

/* The integer attributes a reading run must share with the writing one. */
enum { N_INT = 6 };
static const char *const INT_NAMES[N_INT] = {"seed", "n", "from", "relax",
                                             "latent_steps", "candidates"};
static const char *const INT_OPTS[N_INT] = {
    "--seed", "--n", "--from given (1) or not (0)", "--relax (1) or not (0)",
    "--latent-steps", "candidate count"};

static void int_key(const pg_crystal_screen_opts *o, int candidates,
                    int64_t *v)
{
    v[0] = (int64_t)o->seed;
    v[1] = o->n;
    v[2] = o->from != NULL;
    v[3] = o->relax;
    v[4] = o->latent_steps;
    v[5] = candidates;   /* last: the options above explain a difference */
}

/* A = the largest candidate: the same in every shard of one run. */
static int max_atoms(const pg_crystal_candidates *c)
{
    int a = 1;
    for (int i = 0; i < c->n; i++)
        if (c->s[i]->n > a) a = c->s[i]->n;
    return a;
}

/* Rows of one shard, as written (and read back whole). */
typedef struct rows {
    size_t n, a;
    int32_t *index, *natoms, *species, *ox;
    uint8_t *finite;
    double *scores, *lattice, *frac;
} rows;

static pg_status rows_alloc(rows *r, size_t n, size_t a)
{
    r->n = n;
    r->a = a;
    r->index = calloc(n + 1, sizeof *r->index);
    r->natoms = calloc(n + 1, sizeof *r->natoms);
    r->species = calloc(n * a + 1, sizeof *r->species);
    r->ox = calloc(n * a + 1, sizeof *r->ox);
    r->finite = calloc(n * F_COUNT + 1, sizeof *r->finite);
    r->scores = calloc(n * F_COUNT + 1, sizeof *r->scores);
    r->lattice = calloc(n * 9 + 1, sizeof *r->lattice);
    r->frac = calloc(n * a * 3 + 1, sizeof *r->frac);
    if (!r->index || !r->natoms || !r->species || !r->ox || !r->finite ||
        !r->scores || !r->lattice || !r->frac)
        return PG_FAIL(PG_ERR_NOMEM, "scores of %zu candidates", n);
    return PG_OK;
}

static void rows_free(rows *r)
{
    free(r->index);
    free(r->natoms);
    free(r->species);
    free(r->ox);
    free(r->finite);
    free(r->scores);
    free(r->lattice);
    free(r->frac);
}

/* Row j <- candidate i. */
static void row_put(rows *r, size_t j, int i, const pg_crystal_structure *s,
                    const double *f)
{
    r->index[j] = i;
    r->natoms[j] = s->n;
    for (int k = 0; k < F_COUNT; k++) {
        double v = f[(size_t)i * F_COUNT + k];
        uint8_t cls = isnan(v) ? VAL_NAN : isfinite(v) ? VAL_FINITE
                      : v > 0  ? VAL_PINF : VAL_NINF;
        r->finite[j * F_COUNT + k] = cls;
        r->scores[j * F_COUNT + k] = cls == VAL_FINITE ? v : 0;
    }
    memcpy(r->lattice + j * 9, s->lattice, 9 * sizeof *r->lattice);
    for (int a = 0; a < s->n; a++) {
        r->species[j * r->a + a] = s->z[a];
        r->ox[j * r->a + a] = s->ox[a];
        memcpy(r->frac + (j * r->a + a) * 3, s->frac + 3 * a,
               3 * sizeof *r->frac);
    }
}

static pg_status rows_write(pg_h5_file *w, const rows *r)
{
    size_t d1[1] = {r->n}, d2[2] = {r->n, r->a}, dF[2] = {r->n, F_COUNT},
           dL[3] = {r->n, 3, 3}, dX[3] = {r->n, r->a, 3};
    PG_CHECK(pg_h5_dataset_write(w, "/index", PG_H5_I32, 1, d1, r->index,
                                 NULL, 0));
    PG_CHECK(pg_h5_dataset_write(w, "/natoms", PG_H5_I32, 1, d1, r->natoms,
                                 NULL, 0));
    PG_CHECK(pg_h5_dataset_write(w, "/species", PG_H5_I32, 2, d2, r->species,
                                 NULL, 0));
    PG_CHECK(pg_h5_dataset_write(w, "/oxidation", PG_H5_I32, 2, d2, r->ox,
                                 "e", 0));
    PG_CHECK(pg_h5_dataset_write(w, "/scores", PG_H5_F64, 2, dF, r->scores,
                                 NULL, 0));
    PG_CHECK(pg_h5_dataset_write(w, "/finite", PG_H5_U8, 2, dF, r->finite,
                                 NULL, 0));
    PG_CHECK(pg_h5_dataset_write(w, "/lattice", PG_H5_F64, 3, dL, r->lattice,
                                 "A", 0));
    return pg_h5_dataset_write(w, "/frac", PG_H5_F64, 3, dX, r->frac, NULL, 0);
}

static pg_status write_attrs(pg_h5_file *w, const pg_crystal_screen_opts *o,
                             int candidates)
{
    int64_t iv[N_INT];
    int_key(o, candidates, iv);
    for (int k = 0; k < N_INT; k++)
        PG_CHECK(pg_h5_attr_write_int(w, "/", INT_NAMES[k], iv[k]));
    PG_CHECK(pg_h5_attr_write_double(w, "/", "symprec", o->symprec));
    PG_CHECK(pg_h5_attr_write_double(w, "/", "latent_step", o->latent_step));
    return pg_h5_attr_write_string(w, "/", "compositions", o->compositions);
}

pg_status pg_crystal_screen_scores_write(const char *path,
                                         const pg_crystal_screen_opts *o,
                                         const pg_crystal_candidates *c,
                                         int first, int count,
                                         const double *f)
{
    if (count < 1)
        return PG_FAIL(PG_ERR_ARG, "%s: a shard without candidates (%d "
                       "in all): use fewer shards", path, c->n);
    rows r = {0};
    pg_h5_file *w = NULL;
    pg_status st = rows_alloc(&r, (size_t)count, (size_t)max_atoms(c));
    for (int j = 0; st == PG_OK && j < count; j++)
        row_put(&r, (size_t)j, first + j, c->s[first + j], f);
    if (st == PG_OK)
        st = pg_h5_writer_open(path, PG_CRYSTAL_SCREEN_SCHEMA,
                               "physgan screen crystals --shard", &w);
    if (st == PG_OK) st = rows_write(w, &r);
    if (st == PG_OK) st = write_attrs(w, o, c->n);
    if (st == PG_OK) st = pg_h5_writer_commit(&w);
    else pg_h5_writer_abort(&w);
    rows_free(&r);
    return st;
}

/* The file's root attributes against the reading run's. */
static pg_status check_key(pg_h5_file *f, const char *path,
                           const pg_crystal_screen_opts *o, int candidates)
{
    int64_t want[N_INT];
    int_key(o, candidates, want);
    for (int k = 0; k < N_INT; k++) {
        int64_t got;
        PG_CHECK(pg_h5_attr_read_int(f, "/", INT_NAMES[k], &got));
        if (got != want[k])
            return PG_FAIL(PG_ERR_ARG, "%s: attribute %s is %lld, this run's "
                           "%s is %lld: the shards were screened with other "
                           "options", path, INT_NAMES[k], (long long)got,
                           INT_OPTS[k], (long long)want[k]);
    }
    const char *dn[2] = {"symprec", "latent_step"};
    const char *dopt[2] = {"--symprec", "--latent-step"};
    const double dv[2] = {o->symprec, o->latent_step};
    for (int k = 0; k < 2; k++) {
        double got;
        PG_CHECK(pg_h5_attr_read_double(f, "/", dn[k], &got));
        if (got != dv[k])
            return PG_FAIL(PG_ERR_ARG, "%s: attribute %s is %g, this run's "
                           "%s is %g: the shards were screened with other "
                           "options", path, dn[k], got, dopt[k], dv[k]);
    }
    char *comp = NULL;
    PG_CHECK(pg_h5_attr_read_string(f, "/", "compositions", &comp));
    int same = !strcmp(comp, o->compositions);
    pg_status st = same ? PG_OK
                        : PG_FAIL(PG_ERR_ARG, "%s: attribute compositions is "
                                  "%s, this run's --compositions is %s: the "
                                  "shards were screened with other options",
                                  path, comp, o->compositions);
    free(comp);
    return st;
}

/* Rows must be the run's candidates 0..n-1 in order, each with the atoms
 * this run made: the merge of every shard, in shard order. */
static pg_status check_rows(const char *path, const rows *r,
                            const pg_crystal_candidates *c)
{
    for (int i = 0; i < c->n; i++) {
        if (r->index[i] != i)
            return PG_FAIL(PG_ERR_ARG, "%s: row %d holds candidate %d, not "
                           "%d: merge every shard, in shard order", path, i,
                           (int)r->index[i], i);
        const pg_crystal_structure *s = c->s[i];
        int same = r->natoms[i] == s->n && (size_t)s->n <= r->a;
        for (int a = 0; same && a < s->n; a++)
            same = r->species[(size_t)i * r->a + a] == s->z[a];
        if (!same)
            return PG_FAIL(PG_ERR_ARG, "%s: candidate %d has other atoms "
                           "than this run made (%d): another checkpoint or "
                           "--from file?", path, i, s->n);
    }
    return PG_OK;
}

static pg_status rows_read(pg_h5_file *f, rows *r)
{
    size_t n = r->n, a = r->a;
    PG_CHECK(pg_h5_dataset_read(f, "/index", PG_H5_I32, r->index, n));
    PG_CHECK(pg_h5_dataset_read(f, "/natoms", PG_H5_I32, r->natoms, n));
    PG_CHECK(pg_h5_dataset_read(f, "/species", PG_H5_I32, r->species, n * a));
    PG_CHECK(pg_h5_dataset_read(f, "/oxidation", PG_H5_I32, r->ox, n * a));
    PG_CHECK(pg_h5_dataset_read(f, "/scores", PG_H5_F64, r->scores,
                                n * F_COUNT));
    PG_CHECK(pg_h5_dataset_read(f, "/finite", PG_H5_U8, r->finite,
                                n * F_COUNT));
    PG_CHECK(pg_h5_dataset_read(f, "/lattice", PG_H5_F64, r->lattice, n * 9));
    return pg_h5_dataset_read(f, "/frac", PG_H5_F64, r->frac, n * a * 3);
}

/* Candidate i <- row i (checked by check_rows). */
static void row_take(const rows *r, size_t i, pg_crystal_structure *s,
                     double *f)
{
    static const double cls_value[4] = {NAN, 0, INFINITY, -INFINITY};
    for (int k = 0; k < F_COUNT; k++) {
        uint8_t cls = r->finite[i * F_COUNT + k];
        f[i * F_COUNT + k] = cls == VAL_FINITE ? r->scores[i * F_COUNT + k]
                                               : cls_value[cls & 3];
    }
    memcpy(s->lattice, r->lattice + i * 9, 9 * sizeof *r->lattice);
    for (int a = 0; a < s->n; a++) {
        s->ox[a] = r->ox[i * r->a + a];
        memcpy(s->frac + 3 * a, r->frac + (i * r->a + a) * 3,
               3 * sizeof *r->frac);
    }
}

pg_status pg_crystal_screen_scores_read(const char *path,
                                        const pg_crystal_screen_opts *o,
                                        pg_crystal_candidates *c, double *f)
{
    pg_h5_file *h = NULL;
    PG_CHECK(pg_h5_file_open_valid(path, PG_CRYSTAL_SCREEN_SCHEMA, &h));
    rows r = {0};
    pg_h5_dataset_info info, sp;
    pg_status st = check_key(h, path, o, c->n);
    if (st == PG_OK) st = pg_h5_dataset_info_get(h, "/index", &info);
    if (st == PG_OK) st = pg_h5_dataset_info_get(h, "/species", &sp);
    if (st == PG_OK && info.dims[0] != (size_t)c->n)
        st = PG_FAIL(PG_ERR_ARG, "%s: %zu scored candidates, this run has "
                     "%d: merge every shard", path, info.dims[0], c->n);
    if (st == PG_OK) st = rows_alloc(&r, (size_t)c->n, sp.dims[1]);
    if (st == PG_OK) st = rows_read(h, &r);
    if (st == PG_OK) st = check_rows(path, &r, c);
    for (int i = 0; st == PG_OK && i < c->n; i++)
        row_take(&r, (size_t)i, c->s[i], f);
    pg_h5_file_close(&h);
    rows_free(&r);
    return st;
}
