/* One Potts foam (physics/foam/foam_potts.h) domain-decomposed over the
 * ranks of a communicator: rank r owns a strip of consecutive rows
 * (an even count, as equal as the pairs allow) plus one halo row above and
 * below, exchanged with the neighbouring ranks (periodic in y; in x every
 * strip is whole and periodic) after every pass. The update order keeps
 * the serial rule's statistics (docs/foam.md, "One foam on many ranks"):
 *
 *   checkerboard: per MCS the four 2x2 sublattices in a random order drawn
 *     from a stream shared by all ranks; a pass attempts every boundary
 *     site of one sublattice on every rank. No two sites of a sublattice
 *     are in each other's stencil, on one rank or across ranks, so this is
 *     the serial sweep exactly (in distribution; with one generator shared
 *     in raster order, bit for bit: tests/unit_foam_strip.c).
 *   random: SPPARKS's sectors. Each strip is cut into two sectors (upper
 *     and lower half); per MCS, `slices` rounds, each visiting the two
 *     sectors in a random shared order; a pass draws (sector sites) /
 *     slices sites uniformly from its sector on every rank at once. The
 *     same sector of two ranks is separated by the other sector (>= 1 row,
 *     the stencil's reach), which is not updated during the pass, so the
 *     ranks' attempts are independent single-site Metropolis moves, each
 *     of which keeps detailed balance as in the serial rule. Over one MCS
 *     every site gets one attempt on average, as in SPPARKS (`sector yes`,
 *     nstop = 1 / slices).
 *
 * Each rank draws from its own stream (seed, sequence, PG_FOAM_RNG_STREAM_
 * STRIP + rank); the pass order from (seed, sequence, PG_FOAM_RNG_STREAM_
 * ORDER), the same on every rank.
 */
#ifndef PG_DATA_FOAM_DECOMP_H
#define PG_DATA_FOAM_DECOMP_H

#include <mpi.h>
#include <stdint.h>

#include "base/status.h"
#include "physics/foam/foam_potts.h"

/* RNG streams of a decomposed run (beside PG_FOAM_RNG_STREAM, which makes
 * the Voronoi start, the same start as a serial run's). */
enum {
    PG_FOAM_RNG_STREAM_ORDER = 802,
    PG_FOAM_RNG_STREAM_STRIP = 1 << 20 /* + rank */
};

/* Sector rounds per MCS of random order unless told (`--slices`). */
enum { PG_FOAM_DECOMP_SLICES = 4 };

typedef struct pg_foam_decomp_opts {
    int n;                      /* lattice side (even) */
    double temperature;         /* k_B T / J */
    pg_foam_proposal proposal;
    pg_foam_sweep sweep;
    uint64_t seed;
    int sequence;               /* sequence id: the streams' second key */
    int slices;                 /* >= 1: sector rounds per MCS (random) */
} pg_foam_decomp_opts;

typedef struct pg_foam_decomp pg_foam_decomp;

/* Rows [*y0, *y0 + *rows) of an n-row lattice owned by rank r of
 * `ranks`; PG_ERR_ARG when a rank would get fewer than 2 rows. */
pg_status pg_foam_decomp_rows(int n, int ranks, int r, int *y0, int *rows);

/* Collective over comm (MPI_COMM_NULL: one process, no MPI call): each
 * rank's strip of `start` (n*n ids, read on rank 0 only; may be NULL on
 * the others), scattered from rank 0. Every rank returns the same
 * status. */
pg_status pg_foam_decomp_create(const pg_foam_decomp_opts *o, MPI_Comm comm,
                                const int32_t *start, pg_foam_decomp **out);
/* Not collective. */
void pg_foam_decomp_destroy(pg_foam_decomp **d);

/* Collective: `mcs` Monte Carlo steps of the whole lattice. */
pg_status pg_foam_decomp_run(pg_foam_decomp *d, long mcs);

/* This rank's strip: first global row, row count, its rows*n ids (valid
 * until the next run). */
int pg_foam_decomp_y0(const pg_foam_decomp *d);
int pg_foam_decomp_nrows(const pg_foam_decomp *d);
const int32_t *pg_foam_decomp_labels(const pg_foam_decomp *d);

/* Collective: the whole lattice (n*n ids) into `all` on rank 0 (ignored,
 * may be NULL, elsewhere). */
pg_status pg_foam_decomp_gather(pg_foam_decomp *d, int32_t *all);

/* Work and traffic of this rank since creation: boundary attempts, halo
 * bytes sent, seconds spent in halo exchanges (waits included). */
long long pg_foam_decomp_attempts(const pg_foam_decomp *d);
long long pg_foam_decomp_flips(const pg_foam_decomp *d);
double pg_foam_decomp_halo_bytes(const pg_foam_decomp *d);
double pg_foam_decomp_halo_seconds(const pg_foam_decomp *d);

/* Check this rank's bookkeeping (pg_foam_potts_verify). Not collective. */
pg_status pg_foam_decomp_verify(const pg_foam_decomp *d);

#endif
