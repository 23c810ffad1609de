/* The costly scores of `physgan screen crystals` in a file, for job arrays
 * (docs/crystals.md, "Job arrays"): a run with --shard I/N scores its
 * contiguous part of the candidates (relaxation, validity, space group,
 * the PROXY) and writes them as a crystal_screen/1 file; `physgan merge`
 * concatenates the parts in shard order; a run with --scores MERGED.h5
 * makes the same candidates again (cheap), takes their scores and their
 * (relaxed) geometry from the file instead of computing them, and ranks
 * and writes the files one unsharded run would, byte for byte.
 *
 * crystal_screen/1 (docs/formats.md): per scored candidate /index (its
 * index among the run's candidates), /natoms, /species (N,A: Z, 0 on
 * padding), /scores (N,F: the F_COUNT values of crystal_screen_impl.h,
 * 0 where not finite) with /finite (N,F: 1 finite, 0 NaN, 2 +Inf, 3 -Inf;
 * the validator refuses NaN in a float dataset), /lattice (N,3,3, A:
 * after relaxation), /frac (N,A,3), /oxidation (N,A); A is the run's
 * largest candidate, so every shard has the same A. Root attributes
 * seed, n, candidates, from, relax, latent_steps (integers), symprec,
 * latent_step (numbers) and compositions (string), which a --scores run
 * checks against its own. */
#ifndef PG_TRAIN_CRYSTAL_SCREEN_SCORES_H
#define PG_TRAIN_CRYSTAL_SCREEN_SCORES_H

#include "train/crystal_screen_impl.h"

#define PG_CRYSTAL_SCREEN_SCHEMA "crystal_screen/1"

/* Write candidates [first, first + count) of c: f (F_COUNT a candidate,
 * every candidate) and their geometry and oxidation states. Atomic. */
pg_status pg_crystal_screen_scores_write(const char *path,
                                         const pg_crystal_screen_opts *o,
                                         const pg_crystal_candidates *c,
                                         int first, int count,
                                         const double *f);

/* Read path (every candidate, in order, as the merge of all shards gives)
 * after checking its attributes against o and c->n, that /index is
 * 0..n-1 (a missing or repeated shard names the first wrong row) and that
 * every candidate has c's atoms; f (F_COUNT x n) and c's lattices,
 * coordinates and oxidation states get the file's. */
pg_status pg_crystal_screen_scores_read(const char *path,
                                        const pg_crystal_screen_opts *o,
                                        pg_crystal_candidates *c, double *f);

#endif
