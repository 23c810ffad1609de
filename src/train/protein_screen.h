/* `physgan screen proteins` (docs/proteins.md, "Screening"): sequences of
 * one family from a protein_gan checkpoint, scored, filtered for novelty
 * and ranked.
 *
 * G generates n sequences for the family (latents and Gumbel noise from
 * seed), or, with from_profile, the family's training profile draws them
 * column by column; each is read up to its first end token; empty ones are dropped and
 * exact duplicates kept once. Every unique sequence gets
 *   - critic_p: the function critic's probability of the family,
 *   - d_real:   sigmoid of D's realness logit,
 *   - hmm_bits, hmm_evalue: physgan's HMMER3 Forward score and E-value
 *     (Z = the number of unique sequences) with the chosen profile, when
 *     one is given (NaN otherwise),
 *   - max_identity, nearest: the largest identity to the family's
 *     training sequences (protein_identity.h) and that sequence's id,
 *   - score = log critic_p + log d_real (the rank key: the critic's and
 *     D's verdicts as probabilities, both wanted).
 * Sequences with max_identity >= max_identity (copies of known ones) are
 * kept out of the top set; the top k by score are the top set, whose mean
 * pairwise identity is reported (diversity).
 *
 * Outputs in out_dir (created): top.fasta and all.fasta (every unique
 * sequence, in rank order), ranked.csv (every score of every unique
 * sequence, with its rank and whether it passed the novelty filter) and
 * screen.html (summary and histograms of every score, all vs top).
 *
 * Collective over comm (MPI_COMM_NULL: one process): every rank generates
 * the same sequences and scores its share of them (profile and novelty,
 * the costly part); rank 0 gathers the scores, ranks and writes, so the
 * outputs do not depend on the number of ranks. r is rank 0's.
 *
 * Job arrays (shards, scores_path): each task generates the same
 * sequences and scores only its part; `physgan merge` joins the parts;
 * a run given the merged file writes the files one run would, byte for
 * byte (protein_screen_scores.h). */
#ifndef PG_TRAIN_PROTEIN_SCREEN_H
#define PG_TRAIN_PROTEIN_SCREEN_H

#include <mpi.h>
#include <stdint.h>

#include "base/status.h"

typedef struct pg_protein_screen_opts {
    const char *checkpoint;
    const char *train_path;  /* the training split (protein/1): family
                                names and the novelty reference */
    const char *family;      /* a family name of train_path */
    const char *hmm_path;    /* HMMER3 profile file (first profile), or
                                NULL */
    const char *out_dir;
    int n, top;
    double max_identity;     /* novelty filter, (0, 1] */
    uint64_t seed;
    int from_profile;        /* draw the sequences from the training
                                split's profile (protein_pssm.h, the
                                checkpoint's [physics]
                                protein_profile_pseudocount) instead of
                                G: the simple baseline, scored alike */
    int shard, shards;       /* shards > 0: score only the shard-th of
                                shards contiguous parts of the unique
                                sequences (io/shard.h's ranges) and write
                                them to out_dir/scores-I-of-N.h5
                                (protein_screen_scores.h), nothing else */
    const char *scores_path; /* or NULL: take every score from this
                                protein_screen/1 file (the merged shards)
                                instead of computing them */
} pg_protein_screen_opts;

typedef struct pg_protein_screen_result {
    int generated, empty, duplicates, unique, novel, top;
    int length;              /* the model's L */
    double median_max_identity;   /* over the unique sequences */
    double mean_pairwise_top;     /* NaN with fewer than 2 in the top */
    double mean_critic_p, mean_d_real;
    int hmm_hits;            /* unique sequences with E < 0.01 (-1: no
                                profile); with shards, not computed */
    int scored_first, scored_count;   /* the unique sequences scored */
    char scores_file[4200];  /* with shards: the file written */
} pg_protein_screen_result;

pg_status pg_protein_screen_run(const pg_protein_screen_opts *o,
                                MPI_Comm comm, pg_protein_screen_result *r);

#endif
