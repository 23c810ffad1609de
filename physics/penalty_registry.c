/* The registry of penalty kinds: the domains' tables in one place
 * (physics/penalty_registry.h). */
#include "physics/penalty_registry.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A new domain adds its table here, after those whose keys come before
 * its own in the job schema. */
static const pg_penalty_domain *const DOMAINS[] = {
    &pg_terrain_penalty_domain,
    &pg_foam_penalty_domain,
    &pg_crystal_penalty_domain,
    &pg_protein_penalty_domain,
};
enum { N_DOMAINS = (int)(sizeof DOMAINS / sizeof DOMAINS[0]) };

const pg_penalty_domain *const *pg_penalty_domains(int *n)
{
    *n = N_DOMAINS;
    return DOMAINS;
}

pg_status pg_penalty_kind_find(const char *name, const pg_penalty_kind **out)
{
    char known[512] = "";
    size_t len = 0;
    *out = NULL;
    for (int d = 0; d < N_DOMAINS; d++)
        for (int k = 0; k < DOMAINS[d]->n_kinds; k++) {
            const pg_penalty_kind *kind = &DOMAINS[d]->kinds[k];
            if (name && !strcmp(kind->name, name)) {
                *out = kind;
                return PG_OK;
            }
            if (len < sizeof known)
                len += (size_t)snprintf(known + len, sizeof known - len,
                                        "%s%s", len ? ", " : "", kind->name);
        }
    return PG_FAIL(PG_ERR_ARG, "unknown penalty %s (known: %s)",
                   name ? name : "(null)", known);
}

pg_status pg_penalty_domain_find(const char *name,
                                 const pg_penalty_domain **out)
{
    char known[256] = "";
    size_t len = 0;
    *out = NULL;
    for (int d = 0; d < N_DOMAINS; d++) {
        if (name && !strcmp(DOMAINS[d]->name, name)) {
            *out = DOMAINS[d];
            return PG_OK;
        }
        if (len < sizeof known)
            len += (size_t)snprintf(known + len, sizeof known - len, "%s%s",
                                    len ? ", " : "", DOMAINS[d]->name);
    }
    return PG_FAIL(PG_ERR_ARG, "unknown penalty domain %s (known: %s)",
                   name ? name : "(null)", known);
}

static pg_status append(pg_key_spec *keys, int cap, int *n,
                        const pg_key_spec *add, int n_add)
{
    if (*n + n_add > cap)
        return PG_FAIL(PG_ERR_INTERNAL, "penalty registry: more than %d "
                       "[physics] keys", cap);
    if (n_add) memcpy(keys + *n, add, (size_t)n_add * sizeof *add);
    *n += n_add;
    return PG_OK;
}

pg_status pg_penalty_registry_keys(pg_key_spec *keys, int cap, int *n)
{
    *n = 0;
    for (int d = 0; d < N_DOMAINS; d++) {
        const pg_penalty_domain *dom = DOMAINS[d];
        for (int k = 0; k < dom->n_kinds; k++)
            PG_CHECK(append(keys, cap, n, dom->kinds[k].keys,
                            dom->kinds[k].n_keys));
        PG_CHECK(append(keys, cap, n, dom->keys, dom->n_keys));
    }
    return PG_OK;
}

void pg_penalty_ref_destroy(pg_penalty_ref **r)
{
    if (!r || !*r) return;
    if ((*r)->destroy_ctx) (*r)->destroy_ctx((*r)->ctx);
    free(*r);
    *r = NULL;
}

pg_status pg_penalty_ref_mean(const pg_penalty_kind *k,
                              const pg_penalty_args *a, const float *x,
                              size_t n, double **out)
{
    *out = NULL;
    if (!k->ref_create || !n)
        return PG_FAIL(PG_ERR_ARG, "penalty %s: no data reference to "
                       "gather (%zu samples)", k->name, n);
    pg_penalty_ref *r = NULL;
    PG_CHECK(k->ref_create(a, &r));
    double *mean = calloc((size_t)r->len, sizeof *mean);
    r->sums = mean; /* add() accumulates in place; divided below */
    pg_status st = mean ? r->add(r, x, n)
                        : PG_FAIL(PG_ERR_NOMEM, "penalty %s reference",
                                  k->name);
    for (int j = 0; st == PG_OK && j < r->len; j++) mean[j] /= (double)n;
    r->sums = NULL; /* not the ref's to free */
    pg_penalty_ref_destroy(&r);
    if (st != PG_OK) {
        free(mean);
        return st;
    }
    *out = mean;
    return PG_OK;
}
