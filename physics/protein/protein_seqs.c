#include "physics/protein/protein_seqs.h"

#include <stdlib.h>
#include <string.h>

#include "physics/protein/protein_alphabet.h"

pg_status pg_protein_seqs_create(pg_protein_seqs **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return PG_FAIL(PG_ERR_NOMEM, "protein sequence set");
    return PG_OK;
}

void pg_protein_seqs_destroy(pg_protein_seqs **s)
{
    if (!s || !*s) return;
    pg_protein_seqs *p = *s;
    for (int i = 0; i < p->n; i++) free(p->ids[i]);
    for (int i = 0; i < p->n_families; i++) free(p->families[i]);
    free(p->res);
    free(p->start);
    free(p->length);
    free(p->family);
    free(p->ids);
    free(p->families);
    free(p);
    *s = NULL;
}

/* Grow *buf (of *cap elements of size el) to hold at least need. */
static int grow(void **buf, size_t *cap, size_t need, size_t el)
{
    if (need <= *cap) return 1;
    size_t c = *cap ? *cap : 64;
    while (c < need) c *= 2;
    void *p = realloc(*buf, c * el);
    if (!p) return 0;
    *buf = p;
    *cap = c;
    return 1;
}

/* Room for need sequences in the four per-sequence arrays, which share
 * one capacity. */
static int grow_seqs(pg_protein_seqs *s, size_t need)
{
    if (need <= s->cap_seqs) return 1;
    size_t c = s->cap_seqs ? 2 * s->cap_seqs : 64;
    void *a = realloc(s->start, c * sizeof *s->start);
    if (a) s->start = a;
    void *b = a ? realloc(s->length, c * sizeof *s->length) : NULL;
    if (b) s->length = b;
    void *f = b ? realloc(s->family, c * sizeof *s->family) : NULL;
    if (f) s->family = f;
    void *i = f ? realloc(s->ids, c * sizeof *s->ids) : NULL;
    if (i) s->ids = i;
    if (!i) return 0;
    s->cap_seqs = c;
    return 1;
}

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

pg_status pg_protein_seqs_family(pg_protein_seqs *s, const char *name,
                                 int *index)
{
    for (int i = 0; i < s->n_families; i++)
        if (strcmp(s->families[i], name) == 0) {
            *index = i;
            return PG_OK;
        }
    if (!grow((void **)&s->families, &s->cap_families,
              (size_t)s->n_families + 1, sizeof *s->families) ||
        !(s->families[s->n_families] = dup(name)))
        return PG_FAIL(PG_ERR_NOMEM, "family name %s", name);
    *index = s->n_families++;
    return PG_OK;
}

pg_status pg_protein_seqs_add(pg_protein_seqs *s, const char *id,
                              const uint8_t *res, int len, int family)
{
    if (len < 1 || family < 0 || family >= s->n_families)
        return PG_FAIL(PG_ERR_ARG, "sequence %s: length %d, family %d of %d",
                       id, len, family, s->n_families);
    for (int j = 0; j < len; j++)
        if (res[j] >= PG_PROTEIN_K)
            return PG_FAIL(PG_ERR_ARG, "sequence %s: residue %d is index %d",
                           id, j + 1, (int)res[j]);
    if (!grow_seqs(s, (size_t)s->n + 1) ||
        !grow((void **)&s->res, &s->cap_res, s->n_res + (size_t)len, 1))
        return PG_FAIL(PG_ERR_NOMEM, "%d sequences", s->n + 1);
    char *copy = dup(id);
    if (!copy) return PG_FAIL(PG_ERR_NOMEM, "sequence id %s", id);
    memcpy(s->res + s->n_res, res, (size_t)len);
    s->start[s->n] = s->n_res;
    s->length[s->n] = len;
    s->family[s->n] = family;
    s->ids[s->n] = copy;
    s->n_res += (size_t)len;
    s->n++;
    if (len > s->max_length) s->max_length = len;
    return PG_OK;
}
