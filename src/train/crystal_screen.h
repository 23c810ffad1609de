/* `physgan screen crystals` (docs/crystals.md, "Screening"): candidates
 * from a crystal_vaegan checkpoint (G on z ~ N(0, I), each slot's sampled
 * species; a composition-conditional G on compositions from
 * --compositions, crystal_screen_comp.c) or from a crystal/1 file
 * (--from: the baseline of screening the training set itself), each
 * optionally relaxed in the training set's force field, validated,
 * de-duplicated, scored and ranked:
 *
 *   structural validity   every pair of atoms (periodic images included)
 *                         at least 0.5 A apart, and at least one atom
 *   charge validity       crystal_charge_valid.h (SMACT's rule)
 *   space group           spglib at --symprec
 *   duplicates            the same reduced formula, space group and volume
 *                         per atom within 5 % as an earlier valid
 *                         candidate (an approximation of structure
 *                         matching, documented as such)
 *   novel                 no training structure (--train) matches so
 *   objective             the conductivity PROXY (crystal_conduction.h,
 *                         oxidation states from the charge assignment) of
 *                         the Li or Na ion: the 3D percolation level, lower
 *                         first; the property head's prediction beside it
 *
 * The top K of the valid, unique candidates with Li or Na are written as
 * DIR/NNN_FORMULA.cif (P1); DIR/ranked.csv holds every candidate and every
 * score; DIR/spacegroups.csv the space-group counts (and the training
 * set's); DIR/spacegroups_tolerance.csv both at each spglib tolerance of
 * crystal_sg_distribution.h (the training set's found again at each);
 * DIR/screen.html the summary and the top candidates with a
 * projected picture. Candidates are scored round-robin over the ranks of
 * comm (collective); rank 0 ranks and writes. With --shard I/N only the
 * I-th of N contiguous parts of the candidates is scored and written as
 * a crystal_screen/1 file; --scores reads the merged parts
 * (crystal_screen_scores.h). */
#ifndef PG_TRAIN_CRYSTAL_SCREEN_H
#define PG_TRAIN_CRYSTAL_SCREEN_H

#include <mpi.h>
#include <stdint.h>

#include "base/status.h"
#include "physics/crystal/io/crystal_sg_distribution.h"

typedef struct pg_crystal_screen_opts {
    const char *checkpoint;  /* a crystal_vaegan checkpoint, or NULL */
    const char *from;        /* a crystal/1 file instead, or NULL */
    const char *train_path;  /* the training set (novelty, distributions) */
    const char *out_dir;
    int n, top;              /* candidates (from: the first n), top K */
    uint64_t seed;
    int relax;               /* relax charge-valid candidates first */
    double symprec;          /* spglib tolerance, A */
    int latent_steps;        /* latent optimisation toward the property
                                head's PROXY (0: off) ... */
    double latent_step;      /* ... its gradient step */
    const char *compositions;/* a composition-conditional checkpoint's
                                compositions: "train" (the training set's)
                                or "substitute" (substitutions of them) */
    /* Job arrays (crystal_screen_scores.h): shards > 0 scores only part
     * shard of shards into DIR/scores-I-of-N.h5 and ranks nothing;
     * scores_path takes every score from the merged parts instead. */
    int shard, shards;
    const char *scores_path;
} pg_crystal_screen_opts;

typedef struct pg_crystal_screen_result {
    int candidates, valid_struct, valid_charge, valid, unique, novel;
    int with_mobile, percolating, top, relaxed;
    /* --relax: candidates kept as generated because the relaxation did
     * not converge (200 iterations), collapsed, or could not run */
    int relax_unconverged, relax_collapsed, relax_failed;
    int spacegroups, p1;              /* distinct groups, P1 count (valid) */
    double median_level_valid;        /* PROXY 3D level, valid + mobile */
    double median_level_top;          /* ... of the top K */
    double median_level_train;        /* ... of the training set (NAN) */
    double w_volume, w_elements;      /* Wasserstein to training (NAN) */
    double p1_train;                  /* training set's P1 fraction */
    /* the valid candidates' space groups against the training set's at
     * each tolerance (spacegroups_tolerance.csv) */
    double sg_symprec[PG_CRYSTAL_SG_TOLS];
    pg_crystal_sg_compare sg[PG_CRYSTAL_SG_TOLS];
    /* medians of the free parameters if kept in the group found at
     * 0.01 A (Wyckoff orbits' free coordinates + lattice) and of 3 n + 6
     * (P1): valid candidates, training set (NAN when none) */
    double sym_par_median, p1_par_median;
    double sym_par_train_median, p1_par_train_median;
    double rho_head;                  /* Spearman head vs PROXY (NAN) */
    const char *compositions;         /* the source of the conditional
                                         G's compositions, or "none" */
    /* --shard: the candidates scored and the file written */
    int scored_first, scored_count;
    char scores_file[4200];
} pg_crystal_screen_result;

/* Collective over comm. */
pg_status pg_crystal_screen_run(const pg_crystal_screen_opts *o,
                                MPI_Comm comm, pg_crystal_screen_result *r);

#endif
