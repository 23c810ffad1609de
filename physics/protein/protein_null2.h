/* HMMER3's null2 (biased-composition) correction of a full-sequence
 * Forward score, as hmmsearch applies it by default (protein_null2.c
 * says how, and what it does not reproduce). */
#ifndef PG_PHYSICS_PROTEIN_NULL2_H
#define PG_PHYSICS_PROTEIN_NULL2_H

#include <stdint.h>

#include "base/status.h"
#include "physics/protein/protein_profile.h"

/* The bias of seq[0..L) (indices 0..19) in bits: hmmsearch's score is
 * pg_protein_forward_bits minus it (the domain-sum reconstruction, where
 * hmmsearch takes it, included: then the "bias" can be negative). *regions: the domain regions found;
 * *split: how many of them hmmsearch would split into several envelopes
 * (treated here as one). */
pg_status pg_protein_null2_bits(pg_protein_profile *p, const uint8_t *seq,
                                int L, double *bias_bits, int *regions,
                                int *split);

#endif
