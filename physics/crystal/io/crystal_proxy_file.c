/* The proxy over a crystal/1 file (crystal_proxy_file.h). */
#include "physics/crystal/io/crystal_proxy_file.h"

#include <stdlib.h>

#include "physics/crystal/crystal_formula.h"
#include "physics/crystal/io/crystal_file.h"

static pg_status one(const pg_crystal_data *d, int i,
                     const pg_crystal_proxy_opts *o, pg_crystal_proxy_row *r)
{
    size_t A = (size_t)d->max_atoms;
    pg_crystal_structure *s = NULL;
    PG_CHECK(pg_crystal_structure_create(d->natoms[i], &s));
    pg_status st = PG_OK;
    for (int k = 0; k < 9; k++) s->lattice[k] = d->matrix[9 * (size_t)i + k];
    for (int a = 0; a < d->natoms[i] && st == PG_OK; a++) {
        size_t o3 = (i * A + (size_t)a) * 3;
        double f[3] = {d->frac[o3], d->frac[o3 + 1], d->frac[o3 + 2]};
        st = pg_crystal_structure_append(s, f, d->species[i * A + (size_t)a],
                                         a);
        s->ox[a] = d->oxidation[i * A + (size_t)a];
    }
    r->index = i;
    r->spacegroup = d->spacegroup[i];
    r->natoms = d->natoms[i];
    if (st == PG_OK)
        st = pg_crystal_formula(s->z, s->n, r->formula, sizeof r->formula);
    if (st == PG_OK) st = pg_crystal_proxy_compute(s, o, &r->proxy);
    pg_crystal_structure_destroy(&s);
    PG_CHECK(st);
    return PG_OK;
}

pg_status pg_crystal_proxy_file(const char *path,
                                const pg_crystal_proxy_opts *o,
                                pg_crystal_proxy_row **rows, int *n)
{
    *rows = NULL;
    *n = 0;
    pg_crystal_data *d = NULL;
    PG_CHECK(pg_crystal_file_read(path, &d));
    pg_crystal_proxy_row *r = calloc((size_t)(d->n ? d->n : 1), sizeof *r);
    if (!r) {
        pg_crystal_data_destroy(&d);
        return PG_FAIL(PG_ERR_NOMEM, "proxy rows");
    }
    pg_status st = PG_OK;
    int m = 0;
    for (int i = 0; i < d->n && st == PG_OK; i++) {
        int has = 0;
        for (int a = 0; a < d->natoms[i]; a++)
            has |= d->species[(size_t)i * d->max_atoms + a] == o->mobile_z;
        if (!has) continue;
        st = one(d, i, o, &r[m]);
        if (st == PG_OK) m++;
    }
    pg_crystal_data_destroy(&d);
    if (st != PG_OK) {
        free(r);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *rows = r;
    *n = m;
    return PG_OK;
}
