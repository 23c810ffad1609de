/* FASTA output of a sequence set (docs/formats.md, "FASTA output"): one
 * record per sequence, ">ID DESCRIPTION" then the residues in lines of 60
 * letters, written atomically. HMMER, aligners and `physgan import fasta`
 * read it back. Not collective. */
#ifndef PG_PHYSICS_PROTEIN_IO_FASTA_WRITE_H
#define PG_PHYSICS_PROTEIN_IO_FASTA_WRITE_H

#include "base/status.h"
#include "physics/protein/protein_seqs.h"

/* Sequences order[0..n) of s (every sequence in order when order is
 * NULL, n ignored then); desc[i] (may be NULL, or an entry NULL) follows
 * sequence i's id on its '>' line. */
pg_status pg_protein_fasta_write(const char *path, const pg_protein_seqs *s,
                                 const int *order, int n,
                                 const char *const *desc);

#endif
