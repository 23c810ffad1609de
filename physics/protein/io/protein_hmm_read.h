/* Reading HMMER3 profile files (.hmm text, format HMMER3/f as hmmbuild
 * 3.1-3.3 writes it; plain or gzip-compressed), docs/proteins.md,
 * "Profiles". A file may hold several profiles (each ends with "//").
 *
 * Read: NAME, ACC, DESC, LENG, ALPH (must be amino), GA/TC/NC, the STATS
 * LOCAL MSV/VITERBI/FORWARD calibrations, the optional COMPO line, node 0
 * (insert emissions and begin transitions) and nodes 1..LENG (match
 * emissions with their annotation columns, which are skipped, insert
 * emissions, transitions). Values are negative natural logs of
 * probabilities, "*" for zero. Every error names the file and line. */
#ifndef PG_PHYSICS_PROTEIN_IO_HMM_READ_H
#define PG_PHYSICS_PROTEIN_IO_HMM_READ_H

#include "base/status.h"
#include "physics/protein/protein_hmm.h"

/* All profiles of path; *out is an array of *n (>= 1), freed with
 * pg_protein_hmm_list_destroy. */
pg_status pg_protein_hmm_read(const char *path, pg_protein_hmm ***out,
                              int *n);
void pg_protein_hmm_list_destroy(pg_protein_hmm ***list, int n);

#endif
