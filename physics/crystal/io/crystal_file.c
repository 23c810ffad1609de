/* crystal/1 files (crystal_file.h). */
#include "physics/crystal/io/crystal_file.h"

#include <stdlib.h>

#include "io/h5.h"
#include "physics/crystal/crystal_lattice.h"
#include "io/schema.h"

typedef struct arrays {
    float *lattice, *matrix, *frac, *gii;
    short *species, *ox;
    int *natoms, *sg, *sg_cif;
    const char **source, **formula;
} arrays;

static void arrays_free(arrays *a)
{
    free(a->lattice);
    free(a->matrix);
    free(a->frac);
    free(a->gii);
    free(a->species);
    free(a->ox);
    free(a->natoms);
    free(a->sg);
    free(a->sg_cif);
    free(a->source);
    free(a->formula);
}

static pg_status fill(const pg_crystal_import *im, int A, arrays *a)
{
    size_t n = (size_t)im->n;
    a->lattice = calloc(n * 6, sizeof *a->lattice);
    a->matrix = calloc(n * 9, sizeof *a->matrix);
    a->frac = calloc(n * (size_t)A * 3, sizeof *a->frac);
    a->gii = calloc(n, sizeof *a->gii);
    a->species = calloc(n * (size_t)A, sizeof *a->species);
    a->ox = calloc(n * (size_t)A, sizeof *a->ox);
    a->natoms = calloc(n, sizeof *a->natoms);
    a->sg = calloc(n, sizeof *a->sg);
    a->sg_cif = calloc(n, sizeof *a->sg_cif);
    a->source = calloc(n, sizeof *a->source);
    a->formula = calloc(n, sizeof *a->formula);
    if (!a->lattice || !a->matrix || !a->frac || !a->gii || !a->species ||
        !a->ox || !a->natoms || !a->sg || !a->sg_cif || !a->source ||
        !a->formula)
        return PG_FAIL(PG_ERR_NOMEM, "crystal/1 arrays of %zu structures", n);
    for (size_t i = 0; i < n; i++) {
        const pg_crystal_entry *e = &im->e[i];
        const pg_crystal_structure *s = e->s;
        double p[6];
        pg_crystal_lattice_params(s->lattice, p);
        for (int k = 0; k < 6; k++) a->lattice[6 * i + k] = (float)p[k];
        for (int k = 0; k < 9; k++) a->matrix[9 * i + k] = (float)s->lattice[k];
        for (int j = 0; j < s->n; j++) {
            size_t o = i * (size_t)A + (size_t)j;
            for (int k = 0; k < 3; k++)
                a->frac[3 * o + k] = (float)s->frac[3 * j + k];
            a->species[o] = (short)s->z[j];
            a->ox[o] = (short)s->ox[j];
        }
        a->natoms[i] = s->n;
        a->sg[i] = e->sg;
        a->sg_cif[i] = e->sg_cif;
        a->gii[i] = (float)e->gii;
        a->source[i] = e->source;
        a->formula[i] = e->formula;
    }
    return PG_OK;
}

pg_status pg_crystal_file_write(const char *path, const pg_crystal_import *im,
                                double symprec, const char *source)
{
    pg_crystal_file_layout layout = {0};
    return pg_crystal_file_write_layout(path, im, symprec, source, &layout);
}

pg_status pg_crystal_file_write_layout(const char *path,
                                       const pg_crystal_import *im,
                                       double symprec, const char *source,
                                       const pg_crystal_file_layout *layout)
{
    if (im->n < 1)
        return PG_FAIL(PG_ERR_ARG, "%s: no structure to write", path);
    int A = 0;
    for (int i = 0; i < im->n; i++)
        if (im->e[i].s->n > A) A = im->e[i].s->n;
    if (layout->pad_atoms > 0) {
        if (A > layout->pad_atoms)
            return PG_FAIL(PG_ERR_ARG, "%s: a structure of %d atoms does not "
                           "fit the padding to %d", path, A,
                           layout->pad_atoms);
        A = layout->pad_atoms;
    }
    arrays a = {0};
    pg_h5_file *w = NULL;
    pg_status st;
    PG_CHECK_GOTO(st, fill(im, A, &a), done);
    PG_CHECK_GOTO(st, pg_h5_writer_open(path, "crystal/1", source, &w), done);
    size_t N = (size_t)im->n, dl[2] = {N, 6}, dm[3] = {N, 3, 3},
           df[3] = {N, (size_t)A, 3}, ds[2] = {N, (size_t)A}, d1[1] = {N};
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/lattice", PG_H5_F32, 2, dl,
                                          a.lattice, "A,A,A,deg,deg,deg", 0),
                  fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/matrix", PG_H5_F32, 3, dm,
                                          a.matrix, "A", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/frac", PG_H5_F32, 3, df,
                                          a.frac, "1", 4), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/species", PG_H5_I16, 2, ds,
                                          a.species, "1", 4), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/oxidation", PG_H5_I16, 2, ds,
                                          a.ox, "e", 4), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/natoms", PG_H5_I32, 1, d1,
                                          a.natoms, "1", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/spacegroup", PG_H5_I32, 1, d1,
                                          a.sg, "1", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/spacegroup_cif", PG_H5_I32, 1,
                                          d1, a.sg_cif, "1", 0), fail);
    PG_CHECK_GOTO(st, pg_h5_dataset_write(w, "/props/gii", PG_H5_F32, 1, d1,
                                          a.gii, "v.u.", 0), fail);
    if (!layout->no_strings) {
        PG_CHECK_GOTO(st, pg_h5_strings_write(w, "/source", a.source, N),
                      fail);
        PG_CHECK_GOTO(st, pg_h5_strings_write(w, "/formula", a.formula, N),
                      fail);
    }
    if (layout->extra) PG_CHECK_GOTO(st, layout->extra(w, layout->ctx), fail);
    PG_CHECK_GOTO(st, pg_h5_attr_write_int(w, "/", "max_atoms", A), fail);
    PG_CHECK_GOTO(st, pg_h5_attr_write_double(w, "/", "symprec_A", symprec),
                  fail);
    PG_CHECK_GOTO(st, pg_h5_writer_commit(&w), done);
    goto done;
fail:
    pg_h5_writer_abort(&w);
done:
    arrays_free(&a);
    return st;
}

void pg_crystal_data_destroy(pg_crystal_data **d)
{
    if (!d || !*d) return;
    free((*d)->lattice);
    free((*d)->matrix);
    free((*d)->frac);
    free((*d)->species);
    free((*d)->oxidation);
    free((*d)->natoms);
    free((*d)->spacegroup);
    free(*d);
    *d = NULL;
}

static pg_status read_array(pg_h5_file *f, const char *name, pg_h5_type t,
                            size_t count, void **out)
{
    pg_h5_dataset_info info;
    PG_CHECK(pg_h5_dataset_info_get(f, name, &info));
    if (info.nelem != count)
        return PG_FAIL(PG_ERR_FORMAT, "%s: %s has %zu values, expected %zu",
                       pg_h5_file_path(f), name, info.nelem, count);
    *out = malloc(count * pg_h5_type_size(t));
    if (!*out) return PG_FAIL(PG_ERR_NOMEM, "%s", name);
    PG_CHECK(pg_h5_dataset_read(f, name, t, *out, count));
    return PG_OK;
}

pg_status pg_crystal_file_read(const char *path, pg_crystal_data **out)
{
    *out = NULL;
    pg_h5_file *f = NULL;
    PG_CHECK(pg_h5_file_open_valid(path, "crystal/1", &f));
    pg_crystal_data *d = calloc(1, sizeof *d);
    pg_status st = PG_OK;
    if (!d) {
        st = PG_FAIL(PG_ERR_NOMEM, "crystal data");
        goto done;
    }
    pg_h5_dataset_info info;
    PG_CHECK_GOTO(st, pg_h5_dataset_info_get(f, "/species", &info), done);
    if (info.rank != 2) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: /species has rank %d, expected 2",
                     path, info.rank);
        goto done;
    }
    size_t N = info.dims[0], A = info.dims[1];
    d->n = (int)N;
    d->max_atoms = (int)A;
    PG_CHECK_GOTO(st, read_array(f, "/lattice", PG_H5_F32, N * 6,
                                 (void **)&d->lattice), done);
    PG_CHECK_GOTO(st, read_array(f, "/matrix", PG_H5_F32, N * 9,
                                 (void **)&d->matrix), done);
    PG_CHECK_GOTO(st, read_array(f, "/frac", PG_H5_F32, N * A * 3,
                                 (void **)&d->frac), done);
    PG_CHECK_GOTO(st, read_array(f, "/species", PG_H5_I16, N * A,
                                 (void **)&d->species), done);
    PG_CHECK_GOTO(st, read_array(f, "/oxidation", PG_H5_I16, N * A,
                                 (void **)&d->oxidation), done);
    PG_CHECK_GOTO(st, read_array(f, "/natoms", PG_H5_I32, N,
                                 (void **)&d->natoms), done);
    PG_CHECK_GOTO(st, read_array(f, "/spacegroup", PG_H5_I32, N,
                                 (void **)&d->spacegroup), done);
    for (size_t i = 0; i < N; i++)
        if (d->natoms[i] < 0 || (size_t)d->natoms[i] > A) {
            st = PG_FAIL(PG_ERR_FORMAT, "%s: /natoms[%zu] = %d outside "
                         "0..%zu", path, i, d->natoms[i], A);
            goto done;
        }
done:
    pg_h5_file_close(&f);
    if (st != PG_OK)
        pg_crystal_data_destroy(&d);
    *out = d;
    return st;
}

pg_status pg_crystal_data_structure(const pg_crystal_data *d, int i,
                                    pg_crystal_structure *s)
{
    s->n = 0;
    for (int k = 0; k < 9; k++) s->lattice[k] = d->matrix[(size_t)i * 9 + k];
    for (int a = 0; a < d->natoms[i]; a++) {
        size_t r = (size_t)i * (size_t)d->max_atoms + (size_t)a;
        const double f[3] = {d->frac[r * 3], d->frac[r * 3 + 1],
                             d->frac[r * 3 + 2]};
        PG_CHECK(pg_crystal_structure_append(s, f, d->species[r], a));
        s->ox[a] = d->oxidation[r];
    }
    return PG_OK;
}

pg_status pg_crystal_file_read_prop(const char *path, const char *name, int n,
                                    int as_int, void *buf)
{
    pg_h5_file *f = NULL;
    pg_h5_dataset_info info;
    pg_status st;
    PG_CHECK(pg_h5_file_open(path, "crystal/1", &f));
    if (!pg_h5_is_dataset(f, name)) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s has no %s (written by physgan "
                     "simulate crystal)", path, name);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_h5_dataset_info_get(f, name, &info), done);
    if (info.nelem != (size_t)n) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: %s has %zu values for %d structures",
                     path, name, info.nelem, n);
        goto done;
    }
    st = pg_h5_dataset_read(f, name, as_int ? PG_H5_I32 : PG_H5_F32, buf,
                            (size_t)n);
done:
    pg_h5_file_close(&f);
    return st;
}
