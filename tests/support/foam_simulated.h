/* Simulated foam frames for the foam tests (header-only): a Potts run of
 * n x n sites from a Voronoi start of `bubbles` bubbles at k_B T / J =
 * temperature, RNG stream PG_FOAM_RNG_STREAM of `seed`; frame 0 after
 * `start` MCS, then one frame every `interval` MCS, into seq
 * (frames x n x n). */
#ifndef PG_TESTS_FOAM_SIMULATED_H
#define PG_TESTS_FOAM_SIMULATED_H

#include <stdint.h>
#include <string.h>

#include "base/rng.h"
#include "physics/foam/foam_potts.h"
#include "runner.h"

static inline void foam_simulated_frames(uint64_t seed, int n, int bubbles,
                                         double temperature, long start,
                                         int frames, long interval,
                                         int32_t *seq)
{
    pg_rng *rng = NULL;
    pg_foam_potts *p = NULL;
    CU_ASSERT_FATAL(pg_rng_create(seed, 0, PG_FOAM_RNG_STREAM, &rng) == PG_OK);
    CU_ASSERT_FATAL(pg_foam_potts_create(n, bubbles, temperature, rng, &p) ==
                    PG_OK);
    pg_foam_potts_run(p, start);
    for (int t = 0; t < frames; t++) {
        if (t) pg_foam_potts_run(p, interval);
        memcpy(seq + (size_t)t * n * n, pg_foam_potts_labels(p),
               sizeof(int32_t) * (size_t)n * n);
    }
    pg_foam_potts_destroy(&p);
    pg_rng_destroy(&rng);
}

#endif
