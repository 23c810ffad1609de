#include "base/rng.h"

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <stdlib.h>
#include <string.h>

struct pg_rng {
    gsl_rng *g;
};

/* splitmix64 finaliser: decorrelates nearby (seed, rank, stream) triples
 * before they become an MT19937 seed. */
static uint64_t mix64(uint64_t z)
{
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

pg_status pg_rng_create(uint64_t seed, int rank, int stream, pg_rng **out)
{
    *out = NULL;
    if (rank < 0 || stream < 0)
        return PG_FAIL(PG_ERR_ARG, "rng rank %d / stream %d must be >= 0",
                       rank, stream);
    pg_rng *r = calloc(1, sizeof *r);
    if (!r) return PG_FAIL(PG_ERR_NOMEM, "rng");
    r->g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r->g) {
        free(r);
        return PG_FAIL(PG_ERR_NOMEM, "gsl_rng_alloc");
    }
    uint64_t h = mix64(mix64(mix64(seed) ^ (uint64_t)rank) ^
                       ((uint64_t)stream << 32));
    /* gsl_rng_set takes an unsigned long; 0 would select the default. */
    gsl_rng_set(r->g, (unsigned long)(h | 1u));
    *out = r;
    return PG_OK;
}

void pg_rng_destroy(pg_rng **r)
{
    if (!r || !*r) return;
    gsl_rng_free((*r)->g);
    free(*r);
    *r = NULL;
}

double pg_rng_uniform(pg_rng *r) { return gsl_rng_uniform(r->g); }
double pg_rng_uniform_pos(pg_rng *r) { return gsl_rng_uniform_pos(r->g); }
double pg_rng_gaussian(pg_rng *r, double sigma)
{
    return gsl_ran_gaussian_ziggurat(r->g, sigma);
}
unsigned long pg_rng_uniform_int(pg_rng *r, unsigned long n)
{
    return gsl_rng_uniform_int(r->g, n);
}
void pg_rng_fill_gaussian(pg_rng *r, float *x, size_t n, double sigma)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)gsl_ran_gaussian_ziggurat(r->g, sigma);
}
void pg_rng_fill_uniform(pg_rng *r, float *x, size_t n, double lo, double hi)
{
    for (size_t i = 0; i < n; i++)
        x[i] = (float)(lo + (hi - lo) * gsl_rng_uniform(r->g));
}
void *pg_rng_gsl(pg_rng *r) { return r->g; }

size_t pg_rng_state_size(const pg_rng *r) { return gsl_rng_size(r->g); }

void pg_rng_state_save(const pg_rng *r, void *buf)
{
    memcpy(buf, gsl_rng_state(r->g), gsl_rng_size(r->g));
}

pg_status pg_rng_state_load(pg_rng *r, const void *buf, size_t n)
{
    if (n != gsl_rng_size(r->g))
        return PG_FAIL(PG_ERR_FORMAT,
                       "rng state has %zu bytes, generator %s needs %zu", n,
                       gsl_rng_name(r->g), gsl_rng_size(r->g));
    memcpy(gsl_rng_state(r->g), buf, n);
    return PG_OK;
}
