/* Random number streams.
 *
 * Every source of randomness in physgan is a pg_rng: a GSL generator seeded
 * from (seed, rank, stream id), so that runs are reproducible per rank and
 * independent streams (parameter init, data shuffling, noise, dropout) do
 * not perturb one another. The full generator state can be saved into a byte
 * buffer and restored exactly (checkpoints).
 */
#ifndef PG_BASE_RNG_H
#define PG_BASE_RNG_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/* Stream ids in use; new streams get a new id, never reuse one. */
typedef enum pg_rng_stream {
    PG_RNG_INIT = 1,    /* parameter initialisation */
    PG_RNG_NOISE = 2,   /* latent noise */
    PG_RNG_DATA = 3,    /* shuffling and augmentation */
    PG_RNG_DROPOUT = 4, /* dropout masks, Gumbel noise */
    PG_RNG_TEST = 99,   /* tests */
} pg_rng_stream;

typedef struct pg_rng pg_rng;

pg_status pg_rng_create(uint64_t seed, int rank, int stream, pg_rng **out);
void pg_rng_destroy(pg_rng **r);

double pg_rng_uniform(pg_rng *r);          /* [0, 1) */
double pg_rng_uniform_pos(pg_rng *r);      /* (0, 1) */
double pg_rng_gaussian(pg_rng *r, double sigma);
unsigned long pg_rng_uniform_int(pg_rng *r, unsigned long n); /* [0, n) */
void pg_rng_fill_gaussian(pg_rng *r, float *x, size_t n, double sigma);
void pg_rng_fill_uniform(pg_rng *r, float *x, size_t n, double lo, double hi);
/* The GSL generator underneath, for GSL routines that take one. */
void *pg_rng_gsl(pg_rng *r);

/* Bytes needed to save the state of r. */
size_t pg_rng_state_size(const pg_rng *r);
/* Copy the state into buf (pg_rng_state_size bytes). */
void pg_rng_state_save(const pg_rng *r, void *buf);
/* Restore a state saved from a generator of the same kind. */
pg_status pg_rng_state_load(pg_rng *r, const void *buf, size_t n);

#endif
