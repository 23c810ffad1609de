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
