/* One sequence record being read by the FASTA and Stockholm importers:
 * its text arrives in pieces (lines of a FASTA record, rows of an
 * alignment's blocks) and goes through the residue rule of
 * protein_alphabet.h. Invalid characters and residues after a '*' are
 * errors naming file and line; ambiguous residues, empty and over-long
 * sequences make the record rejected, counted in the import report with
 * its first messages. Not thread-safe. */
#ifndef PG_PHYSICS_PROTEIN_IO_RECORD_H
#define PG_PHYSICS_PROTEIN_IO_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"
#include "physics/protein/protein_seqs.h"

/* What an import kept and skipped, with the first skip messages. */
enum { PG_PROTEIN_REPORT_MESSAGES = 5 };
typedef struct pg_protein_import_report {
    int records;           /* sequences read */
    int kept;
    int skipped_ambiguous; /* B Z J X U O */
    int skipped_empty;     /* no residue left after dropping gaps */
    int skipped_long;      /* longer than max_length */
    int n_messages;
    char messages[PG_PROTEIN_REPORT_MESSAGES][256];
} pg_protein_import_report;

typedef struct pg_protein_import_opts {
    const char *family; /* label of every sequence; NULL: from the file */
    int max_length;     /* skip longer sequences; 0: no limit */
} pg_protein_import_opts;

typedef struct pg_protein_record {
    char *id;
    long line;           /* where the record starts */
    uint8_t *res;
    size_t n, cap;
    int stopped;         /* a '*' was read */
    int ambiguous;       /* first ambiguous character, 0 if none */
    long ambiguous_line;
} pg_protein_record;

/* Start the record (reusing its buffers) of the sequence called id on
 * line `line` of path; an id is printable ASCII (protein/1 stores it so),
 * other bytes are an error naming file and line. */
pg_status pg_protein_record_begin(pg_protein_record *r, const char *id,
                                  const char *path, long line);
/* Add the characters text[0..len) of file path, line `line`; spaces and
 * tabs are skipped. */
pg_status pg_protein_record_feed(pg_protein_record *r, const char *text,
                                 size_t len, const char *path, long line);
/* Add the record to seqs with the family index, or count it as skipped in
 * rep (with a message naming path and line). */
pg_status pg_protein_record_end(pg_protein_record *r, const char *path,
                                const pg_protein_import_opts *o, int family,
                                pg_protein_seqs *seqs,
                                pg_protein_import_report *rep);
void pg_protein_record_free(pg_protein_record *r);

/* The family name of a file without --family: its base name without
 * directories and its extensions (".fasta.gz" and so on). *out malloc'd. */
pg_status pg_protein_family_from_path(const char *path, char **out);

#endif
