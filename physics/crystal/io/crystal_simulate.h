/* The crystal training-set generator (`physgan simulate crystal`,
 * docs/crystals.md): substituted prototypes of real structures, relaxed
 * in the Ewald + Born-Mayer force field, with energies, residual forces,
 * space groups and the conductivity PROXY, into a crystal/1 file.
 *
 * Prototypes: the structures of a crystal/1 file from `import cif` that
 * pg_crystal_subst_usable accepts (every ion with an oxidation state, a
 * Shannon radius and bond-valence parameters; at most max_atoms atoms),
 * one per distinct (reduced formula, space group). Candidate k (0 <= k <
 * candidates) takes prototype k mod P and its own RNG stream (seed, k,
 * PG_CRYSTAL_SIM_RNG_STREAM), so a candidate's result depends on neither
 * the rank count nor the shard: candidates [begin, begin + count) of a
 * shard (pg_shard_range) go round-robin over the ranks, rank 0 gathers
 * and writes. A candidate whose substitution puts the same ion on every
 * site as an earlier candidate of the same prototype is a duplicate and
 * is not relaxed (every rank recomputes the earlier candidates' cheap
 * substitutions, so shards agree on duplicates too).
 *
 * Each candidate: a substitution (physics/crystal/crystal_substitute.h),
 * relaxation (crystal_relax.h); accepted when the relaxation converged,
 * the energy is negative (bound), the volume changed by less than a
 * factor vol_factor, no two atoms are closer than min_dist and no
 * cation-anion pair closer than `overlap` times the sum of their radii; then
 * spglib's space group, the GII and (with Li or Na; Li first) the proxy.
 */
#ifndef PG_CRYSTAL_IO_SIMULATE_H
#define PG_CRYSTAL_IO_SIMULATE_H

#include <mpi.h>
#include <stdint.h>

#include "base/progress.h"
#include "base/status.h"
#include "physics/crystal/crystal_relax.h"
#include "physics/crystal/crystal_substitute.h"

enum { PG_CRYSTAL_SIM_RNG_STREAM = 5 };

/* The proxy datasets hold finite numbers only (HDF5 validation refuses
 * NaN and Inf): PROXY_NONE where the structure has neither Li nor Na
 * (/props/proxy_mobile 0), NO_PATH where no level lets the ion percolate
 * (or, for the hop, there is no second mobile ion). */
#define PG_CRYSTAL_SIM_PROXY_NONE (-1.0)
#define PG_CRYSTAL_SIM_NO_PATH 1e30

typedef struct pg_crystal_sim_opts {
    const char *prototypes; /* crystal/1 file (import cif) */
    long candidates;        /* total over all shards */
    int shard, shards;      /* this shard of the candidates (0, 1) */
    int max_atoms;          /* per cell, also the padding A (40) */
    uint64_t seed;
    double symprec;         /* spglib, A (0.01) */
    double min_dist;        /* A (0.5) */
    double vol_factor;      /* largest volume change in the relaxation (2) */
    double overlap;         /* smallest r / (sigma_i + sigma_j) of a cation-
                               anion pair (pg_crystal_overlap_min, 0.75) */
    double proxy_spacing;   /* proxy grid, A (0.2); 0: no proxy */
    pg_crystal_subst_opts subst;
    pg_crystal_relax_opts relax;
} pg_crystal_sim_opts;

pg_status pg_crystal_sim_defaults(pg_crystal_sim_opts *o);

typedef enum pg_crystal_sim_outcome {
    PG_CRYSTAL_SIM_ACCEPTED,
    PG_CRYSTAL_SIM_NO_SUBSTITUTION,
    PG_CRYSTAL_SIM_COLLAPSED,   /* crystal_relax.h: ions collapsing */
    PG_CRYSTAL_SIM_NOT_CONVERGED,
    PG_CRYSTAL_SIM_UNBOUND,
    PG_CRYSTAL_SIM_VOLUME,
    PG_CRYSTAL_SIM_TOO_CLOSE,
    PG_CRYSTAL_SIM_OVERLAP,     /* a cation-anion pair below `overlap` */
    PG_CRYSTAL_SIM_FAILED,      /* relaxation error (energy not finite) */
    PG_CRYSTAL_SIM_DUPLICATE,
    PG_CRYSTAL_SIM_OUTCOMES
} pg_crystal_sim_outcome;

/* "accepted", "no_substitution", ... (JSON keys of the summary). */
const char *pg_crystal_sim_outcome_name(pg_crystal_sim_outcome o);

typedef struct pg_crystal_sim_summary {
    int prototypes_read, prototypes_used;
    /* structures of the prototypes file left out: more than max_atoms;
     * refused by pg_crystal_subst_usable; a (formula, space group) seen */
    int prototypes_too_big, prototypes_unusable, prototypes_repeated;
    long candidates;                        /* of this shard */
    long outcome[PG_CRYSTAL_SIM_OUTCOMES];
    long written, with_li_na, same_spacegroup;
    double seconds;     /* wall */
    double cpu_seconds; /* CPU time of all ranks together */
} pg_crystal_sim_summary;

/* Collective over comm (duplicated; MPI_COMM_NULL: one process without
 * MPI). Rank 0 writes path (atomically) and fills *sum; progress (rank 0;
 * may be NULL) counts rank 0's candidates. Every rank returns the same
 * status; PG_ERR_ARG when no prototype is usable or nothing is accepted. */
pg_status pg_crystal_simulate(const pg_crystal_sim_opts *o, MPI_Comm comm,
                              const char *path, pg_progress *progress,
                              pg_crystal_sim_summary *sum);

#endif
