/* spglib wrappers (crystal_spglib.h). */
#include "physics/crystal/io/crystal_spglib.h"

#include <ctype.h>
#include <math.h>
#include <spglib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

pg_status pg_crystal_spacegroup(const pg_crystal_structure *s, double symprec,
                                int *number, char symbol[16])
{
    *number = 0;
    symbol[0] = 0;
    double lat[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) lat[i][j] = s->lattice[3 * j + i];
    SpglibDataset *d = spg_get_dataset(lat, (double(*)[3])s->frac,
                                       s->z, s->n, symprec);
    if (!d)
        return PG_FAIL(PG_ERR_NUMERIC, "spglib found no space group: %s",
                       spg_get_error_message(spg_get_error_code()));
    *number = d->spacegroup_number;
    snprintf(symbol, 16, "%s", d->international_symbol);
    spg_free_dataset(d);
    return PG_OK;
}

/* The atom of s's element z at f (wrapped, within tol A), -1 if none. */
static int atom_at(const pg_crystal_structure *s, const double f[3], int z,
                   double tol)
{
    for (int j = 0; j < s->n; j++) {
        if (s->z[j] != z) continue;
        double d[3], c[3] = {0, 0, 0};
        for (int k = 0; k < 3; k++) {
            d[k] = f[k] - s->frac[3 * j + k];
            d[k] -= floor(d[k] + 0.5);
        }
        for (int k = 0; k < 3; k++)
            for (int m = 0; m < 3; m++) c[m] += d[k] * s->lattice[3 * k + m];
        if (c[0] * c[0] + c[1] * c[1] + c[2] * c[2] < tol * tol) return j;
    }
    return -1;
}

pg_status pg_crystal_symmetry_permutations(const pg_crystal_structure *s,
                                           double symprec, int **perm,
                                           int *n_ops)
{
    *perm = NULL;
    *n_ops = 0;
    int max_ops = 48 * (s->n > 0 ? s->n : 1); /* point ops x translations */
    int (*rot)[3][3] = malloc((size_t)max_ops * sizeof *rot);
    double (*trans)[3] = malloc((size_t)max_ops * sizeof *trans);
    int *p = malloc((size_t)max_ops * (size_t)s->n * sizeof *p + 1);
    if (!rot || !trans || !p) {
        free(rot);
        free(trans);
        free(p);
        return PG_FAIL(PG_ERR_NOMEM, "symmetry of %d atoms", s->n);
    }
    double lat[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) lat[i][j] = s->lattice[3 * j + i];
    int n = spg_get_symmetry(rot, trans, max_ops, lat,
                             (double(*)[3])s->frac, s->z, s->n, symprec);
    pg_status st = PG_OK;
    if (n <= 0)
        st = PG_FAIL(PG_ERR_NUMERIC, "spglib found no symmetry: %s",
                     spg_get_error_message(spg_get_error_code()));
    int kept = 0;
    for (int k = 0; k < n; k++) {
        int *row = p + (size_t)kept * (size_t)s->n, ok = 1;
        for (int i = 0; ok && i < s->n; i++) {
            double f[3];
            for (int a = 0; a < 3; a++) {
                f[a] = trans[k][a];
                for (int b = 0; b < 3; b++) f[a] += rot[k][a][b] * s->frac[3 * i + b];
            }
            row[i] = atom_at(s, f, s->z[i], 2 * symprec);
            ok = row[i] >= 0;
        }
        kept += ok;
    }
    free(rot);
    free(trans);
    if (st != PG_OK) {
        free(p);
        return st;
    }
    *perm = p;
    *n_ops = kept;
    return PG_OK;
}

/* Lower case without blanks or underscores, cut at '{' or ':'. */
static void squash(const char *in, char *out, size_t cap)
{
    size_t n = 0;
    for (; *in && *in != '{' && *in != ':' && n + 1 < cap; in++)
        if (!isspace((unsigned char)*in) && *in != '_')
            out[n++] = (char)tolower((unsigned char)*in);
    out[n] = 0;
}

static int rhombohedral(const char *hm, const double cell[6])
{
    if (hm && (strstr(hm, "rhomb") || strstr(hm, ":R") || strstr(hm, ":r")))
        return 1;
    if (hm && (strstr(hm, "hex") || strstr(hm, ":H") || strstr(hm, ":h")))
        return 0;
    double tol = 1e-3;
    return fabs(cell[0] - cell[1]) < tol * cell[0] &&
           fabs(cell[0] - cell[2]) < tol * cell[0] &&
           fabs(cell[3] - cell[4]) < 1e-2 && fabs(cell[3] - cell[5]) < 1e-2 &&
           fabs(cell[3] - 90) > 1e-2;
}

/* The Hall number 1..530 for the symbols, 0 when none matches. */
static int hall_number_of(const char *hall, const char *hm, int number,
                          const double cell[6])
{
    char want[64], got[64];
    if (hall && *hall) {
        squash(hall, want, sizeof want);
        for (int h = 1; h <= 530; h++) {
            SpglibSpacegroupType t = spg_get_spacegroup_type(h);
            squash(t.hall_symbol, got, sizeof got);
            if (!strcmp(want, got)) return h;
        }
    }
    int rh = rhombohedral(hm, cell);
    if (hm && *hm) {
        squash(hm, want, sizeof want);
        for (int h = 1; h <= 530; h++) {
            SpglibSpacegroupType t = spg_get_spacegroup_type(h);
            if (t.choice[0] == 'R' && !rh) continue;
            if (t.choice[0] == 'H' && rh) continue;
            char full[64], shrt[64];
            squash(t.international_full, full, sizeof full);
            squash(t.international_short, shrt, sizeof shrt);
            if (!strcmp(want, full) || !strcmp(want, shrt)) return h;
        }
    }
    if (number >= 1 && number <= 230)
        for (int h = 1; h <= 530; h++) {
            SpglibSpacegroupType t = spg_get_spacegroup_type(h);
            if (t.number != number) continue;
            if (t.choice[0] == 'R' && !rh) continue;
            if (t.choice[0] == 'H' && rh) continue;
            return h;
        }
    return 0;
}

pg_status pg_crystal_symops_from_symbol(const char *hall, const char *hm,
                                        int number, const double cell[6],
                                        pg_crystal_symop **ops, int *n)
{
    *ops = NULL;
    *n = 0;
    int h = hall_number_of(hall, hm, number, cell);
    if (!h)
        return PG_FAIL(PG_ERR_FORMAT, "no space group known to spglib for "
                       "Hall '%s', H-M '%s', number %d", hall ? hall : "",
                       hm ? hm : "", number);
    int (*rot)[3][3] = malloc(192 * sizeof *rot);
    double (*tr)[3] = malloc(192 * sizeof *tr);
    pg_crystal_symop *o = NULL;
    int m = 0;
    if (rot && tr) m = spg_get_symmetry_from_database(rot, tr, h);
    if (m > 0) o = calloc((size_t)m, sizeof *o);
    if (!o) {
        free(rot);
        free(tr);
        return PG_FAIL(PG_ERR_NOMEM, "space-group operations");
    }
    for (int k = 0; k < m; k++) {
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) o[k].r[3 * i + j] = rot[k][i][j];
            o[k].t[i] = tr[k][i];
        }
    }
    free(rot);
    free(tr);
    *ops = o;
    *n = m;
    return PG_OK;
}

int pg_crystal_spacegroup_of_symbol(const char *hall, const char *hm,
                                    int number, const double cell[6])
{
    if (number >= 1 && number <= 230) return number;
    int h = hall_number_of(hall, hm, 0, cell);
    return h ? spg_get_spacegroup_type(h).number : 0;
}
