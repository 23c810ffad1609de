/* The structure type (crystal_structure.h). */
#include "physics/crystal/crystal_structure.h"

#include <math.h>
#include <stdlib.h>

pg_status pg_crystal_structure_create(int cap, pg_crystal_structure **out)
{
    *out = NULL;
    pg_crystal_structure *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "crystal structure");
    *out = s;
    if (cap < 8) cap = 8;
    s->frac = malloc((size_t)cap * 3 * sizeof *s->frac);
    s->z = calloc((size_t)cap, sizeof *s->z);
    s->ox = calloc((size_t)cap, sizeof *s->ox);
    s->site = calloc((size_t)cap, sizeof *s->site);
    s->cap = cap;
    if (!s->frac || !s->z || !s->ox || !s->site) {
        pg_crystal_structure_destroy(out);
        return PG_FAIL(PG_ERR_NOMEM, "crystal structure of %d atoms", cap);
    }
    return PG_OK;
}

void pg_crystal_structure_destroy(pg_crystal_structure **s)
{
    if (!s || !*s) return;
    free((*s)->frac);
    free((*s)->z);
    free((*s)->ox);
    free((*s)->site);
    free(*s);
    *s = NULL;
}

static pg_status grow(void **p, size_t elem, int cap)
{
    void *q = realloc(*p, (size_t)cap * elem);
    if (!q) return PG_FAIL(PG_ERR_NOMEM, "crystal structure of %d atoms", cap);
    *p = q;
    return PG_OK;
}

pg_status pg_crystal_structure_append(pg_crystal_structure *s,
                                      const double frac[3], int z, int site)
{
    if (s->n == s->cap) {
        int cap = 2 * s->cap;
        PG_CHECK(grow((void **)&s->frac, 3 * sizeof *s->frac, cap));
        PG_CHECK(grow((void **)&s->z, sizeof *s->z, cap));
        PG_CHECK(grow((void **)&s->ox, sizeof *s->ox, cap));
        PG_CHECK(grow((void **)&s->site, sizeof *s->site, cap));
        s->cap = cap;
    }
    for (int k = 0; k < 3; k++) {
        double f = frac[k] - floor(frac[k]);
        s->frac[3 * s->n + k] = f >= 1 ? 0 : f;
    }
    s->z[s->n] = z;
    s->ox[s->n] = 0;
    s->site[s->n] = site;
    s->n++;
    return PG_OK;
}
