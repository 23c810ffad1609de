/* A set of protein sequences on plain arrays: residue indices
 * (protein_alphabet.h), ids and family labels. What the importers build,
 * the protein/1 file holds and the scorers read.
 *
 * Residues of all sequences are stored back to back: sequence i is
 * res[start[i] .. start[i] + length[i]). Families are named once
 * (families[0..n_families)) and each sequence has an index into them.
 * Not thread-safe; no MPI. */
#ifndef PG_PHYSICS_PROTEIN_SEQS_H
#define PG_PHYSICS_PROTEIN_SEQS_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef struct pg_protein_seqs {
    int n;
    uint8_t *res;        /* all residues, 0..19 */
    size_t n_res;
    size_t *start;       /* n */
    int32_t *length;     /* n, >= 1 */
    int32_t *family;     /* n, index into families */
    char **ids;          /* n, NUL-terminated */
    int n_families;
    char **families;     /* n_families names */
    int max_length;      /* longest sequence */
    size_t cap_seqs, cap_res, cap_families;
} pg_protein_seqs;

pg_status pg_protein_seqs_create(pg_protein_seqs **out);
void pg_protein_seqs_destroy(pg_protein_seqs **s);

/* Index of the family called name, added when new. */
pg_status pg_protein_seqs_family(pg_protein_seqs *s, const char *name,
                                 int *index);
/* Append a sequence of len >= 1 residues (indices 0..19) of family
 * index family (from pg_protein_seqs_family). */
pg_status pg_protein_seqs_add(pg_protein_seqs *s, const char *id,
                              const uint8_t *res, int len, int family);

/* Residues of sequence i. */
static inline const uint8_t *pg_protein_seqs_at(const pg_protein_seqs *s,
                                                int i)
{
    return s->res + s->start[i];
}

#endif
