/* 2D dry-foam coarsening by the large-Q Potts model (Glazier–Weaire).
 *
 * An N x N periodic lattice of int32 bubble ids, one id per bubble. The
 * energy is J per unlike pair of sites within the Moore stencil (the 8
 * first and second neighbours); energies and the temperature are in units
 * of J (k_B = 1). The initial state is a Voronoi tessellation of B random
 * seeds (periodic distance).
 *
 * Dynamics (default): Metropolis with neighbour-id proposals. One Monte
 * Carlo step (MCS) is one checkerboard sweep: the four 2x2 sublattices in
 * turn, every site of a sublattice attempted once. Only boundary sites (at
 * least one unlike neighbour) are visited; an interior site's attempt would
 * propose its own id and change nothing, so skipping it leaves the dynamics
 * exactly the full sweep's, and one sweep still counts N^2 attempted site
 * updates (docs/foam.md, "Monte Carlo time"). SPPARKS's potts/neighonly
 * rule in random order is the other choice (pg_foam_proposal below;
 * docs/foam.md, "Two proposal rules").
 *
 * Not thread-safe per object; different objects are independent.
 */
#ifndef PG_DATA_FOAM_POTTS_H
#define PG_DATA_FOAM_POTTS_H

#include <stddef.h>
#include <stdint.h>

#include "base/rng.h"
#include "base/status.h"

/* RNG stream of the simulator: pg_rng_create(seed, sequence id, this). */
enum { PG_FOAM_RNG_STREAM = 801 };

/* Sites in the interaction stencil (Moore: first + second neighbours). */
enum { PG_FOAM_STENCIL = 8 };
/* Text for the `simulator` attribute of foam/1 files. */
#define PG_FOAM_SIMULATOR_NAME \
    "potts-glazier-weaire, stencil moore-8 (1st+2nd neighbours), " \
    "metropolis neighbour-id proposals, checkerboard sweeps of boundary sites"

/* Proposal rules (`simulate foam --proposal NAME`).
 *   STENCIL   (default, "stencil"): the id of one of the 8 stencil sites
 *             drawn uniformly (the site's own id: a no-op), checkerboard
 *             sweeps of the boundary sites (below).
 *   NEIGHONLY ("neighonly"): SPPARKS's potts/neighonly: one of the
 *             DISTINCT ids among the unlike stencil sites drawn uniformly,
 *             sites visited in random order, N^2 uniform draws with
 *             replacement per MCS (SPPARKS `sweep random`).
 * Both accept by Metropolis at the temperature: always when dE <= 0,
 * with probability exp(-dE / T) otherwise. docs/foam.md ("Two proposal
 * rules") gives the MCS mapping between them. */
typedef enum pg_foam_proposal {
    PG_FOAM_PROPOSAL_STENCIL = 0,
    PG_FOAM_PROPOSAL_NEIGHONLY,
    PG_FOAM_PROPOSALS
} pg_foam_proposal;

/* By name; PG_ERR_ARG naming the accepted names. */
pg_status pg_foam_proposal_parse(const char *name, pg_foam_proposal *out);
const char *pg_foam_proposal_name(pg_foam_proposal q);

/* Visiting orders (`simulate foam --sweep NAME`); one MCS is N^2
 * attempted site updates in both.
 *   CHECKERBOARD ("checkerboard", default): the four 2x2 sublattices in a
 *             random order per MCS, every boundary site of each once
 *             (interior attempts are no-ops and skipped, below).
 *   RANDOM    ("random"): N^2 sites drawn uniformly with replacement per
 *             MCS (SPPARKS `sweep random`); interior draws skipped. */
typedef enum pg_foam_sweep {
    PG_FOAM_SWEEP_CHECKERBOARD = 0,
    PG_FOAM_SWEEP_RANDOM,
    PG_FOAM_SWEEPS
} pg_foam_sweep;
pg_status pg_foam_sweep_parse(const char *name, pg_foam_sweep *out);
const char *pg_foam_sweep_name(pg_foam_sweep q);
/* The order `simulate foam` uses with rule q unless told: RANDOM for
 * NEIGHONLY (SPPARKS's; in checkerboard order it coarsens about twice as
 * fast, docs/foam.md "Two proposal rules"), CHECKERBOARD for STENCIL. */
pg_foam_sweep pg_foam_sweep_default(pg_foam_proposal q);

/* The `simulator` attribute of foam/1 files written with (q, w) into buf
 * (256 bytes suffice); PG_FOAM_SIMULATOR_NAME for the defaults. */
void pg_foam_simulator_describe(pg_foam_proposal q, pg_foam_sweep w,
                                char *buf, size_t size);

typedef struct pg_foam_potts pg_foam_potts;

/* Create an n x n lattice (n even, >= 4) initialised as a Voronoi
 * tessellation of `bubbles` seeds at distinct random sites drawn from rng
 * (1 <= bubbles <= n*n). Each Voronoi cell is made 4-connected: digital
 * fragments cut off from a cell's seed are given to a neighbouring cell.
 * `temperature` is k_B T / J (>= 0). The simulator keeps its own
 * reference to rng for the dynamics (the caller keeps ownership). */
pg_status pg_foam_potts_create(int n, int bubbles, double temperature,
                               pg_rng *rng, pg_foam_potts **out);
/* The same from given labels (n*n ids >= 0, e.g. a frame of a foam/1
 * file: `simulate foam --init`), time 0. */
pg_status pg_foam_potts_create_from(int n, const int32_t *labels,
                                    double temperature, pg_rng *rng,
                                    pg_foam_potts **out);
void pg_foam_potts_destroy(pg_foam_potts **p);

/* The proposal rule of later runs (STENCIL after create). */
void pg_foam_potts_set_proposal(pg_foam_potts *p, pg_foam_proposal q);
pg_foam_proposal pg_foam_potts_proposal(const pg_foam_potts *p);
/* The visiting order of later runs (CHECKERBOARD after create). RANDOM on
 * a whole lattice builds a list of the boundary sites (8 more bytes per
 * site; PG_ERR_NOMEM without them) through which runs skip the interior
 * draws exactly, and draws its random words from GSL's taus2 seeded by
 * one word of rng (so its runs differ from MT19937-only versions, same
 * statistics); the checkerboard bitsets go stale then and are rebuilt
 * when CHECKERBOARD is set again (docs/foam.md, "Two proposal rules"). */
pg_status pg_foam_potts_set_sweep(pg_foam_potts *p, pg_foam_sweep q);

/* Run `mcs` Monte Carlo steps (N^2 attempted site updates each) with the
 * proposal rule set. No allocation. */
void pg_foam_potts_run(pg_foam_potts *p, long mcs);

int pg_foam_potts_size(const pg_foam_potts *p);
/* The n*n ids, row-major; valid until the next run. */
const int32_t *pg_foam_potts_labels(const pg_foam_potts *p);
/* Monte Carlo time in MCS since creation. */
double pg_foam_potts_time(const pg_foam_potts *p);
/* Total energy in units of J, kept incrementally. */
long pg_foam_potts_energy(const pg_foam_potts *p);
/* Total energy recomputed from the labels (for checks). */
long pg_foam_potts_energy_recompute(const pg_foam_potts *p);
/* From now on every attempt of site i by pg_foam_potts_run adds 1 to
 * counts[i] (n*n counters, the caller's; NULL stops counting): tests of
 * the visiting order. */
void pg_foam_potts_count_visits(pg_foam_potts *p, uint32_t *counts);
/* Number of boundary sites now. */
long pg_foam_potts_boundary_count(const pg_foam_potts *p);
/* Attempted updates on boundary sites since creation (the work done). */
long long pg_foam_potts_boundary_attempts(const pg_foam_potts *p);
/* Attempted site updates as the reference counts them (n*n per MCS). */
long long pg_foam_potts_site_attempts(const pg_foam_potts *p);
/* Sites of the Voronoi start moved to a neighbouring cell to make every
 * cell 4-connected. */
long pg_foam_potts_reassigned(const pg_foam_potts *p);
/* Accepted flips since creation. */
long long pg_foam_potts_flips(const pg_foam_potts *p);

/* ---- Strips of a domain-decomposed lattice (physics/foam/io/
 * foam_decomp.h runs them over MPI ranks; docs/foam.md, "One foam on
 * many ranks"). A strip holds `rows` consecutive rows of an n-wide
 * lattice (periodic in x) plus one halo row above (row 0) and below (row
 * rows + 1): copies of the neighbouring strips' edge rows, read by the
 * stencils of the strip's own edge rows but never updated here. ---- */

/* A strip from labels of (rows + 2) x n ids >= 0, halo rows included
 * (rows even, >= 2, so sublattice parity is the array row's). */
pg_status pg_foam_potts_create_strip(int n, int rows, const int32_t *labels,
                                     double temperature, pg_rng *rng,
                                     pg_foam_potts **out);
/* Row r (0 .. rows + 1) of the strip's array, n ids. Only the halo rows
 * (0 and rows + 1) may be written, followed by
 * pg_foam_potts_strip_halo_changed. */
int32_t *pg_foam_potts_strip_row(const pg_foam_potts *p, int r);
/* Update the bookkeeping after the halo rows were rewritten. */
void pg_foam_potts_strip_halo_changed(pg_foam_potts *p);
/* One pass over the boundary sites of the own rows of sublattice c = 2
 * (array row & 1) + (column & 1), the rule set (a quarter of a
 * checkerboard MCS; the caller draws the sublattice order). */
void pg_foam_potts_strip_sublattice(pg_foam_potts *p, int c);
/* `attempts` sites drawn uniformly with replacement from array rows
 * [r0, r1) (clipped to the own rows), each attempted by the rule set
 * (interior draws skipped): one sector pass of random order. */
void pg_foam_potts_strip_random(pg_foam_potts *p, int r0, int r1,
                                long attempts);

/* Check the incremental bookkeeping against a recomputation from the
 * labels: unlike-neighbour counts, energy (not kept by strips), and the
 * boundary sets (exactly the sites with an unlike neighbour are marked,
 * each in its sublattice).
 * PG_ERR_INTERNAL naming the first mismatch. */
pg_status pg_foam_potts_verify(const pg_foam_potts *p);

/* Attempt one update of site (x, y) now, outside the sweep order (tests
 * of the energy bookkeeping). Returns the energy change (0 if rejected). */
int pg_foam_potts_attempt(pg_foam_potts *p, int x, int y);
/* The same with the neighonly rule; *proposed gets the id it proposed
 * (-1 when (x, y) has no unlike stencil site: nothing is drawn). */
int pg_foam_potts_attempt_neighonly(pg_foam_potts *p, int x, int y,
                                    int32_t *proposed);

#endif
