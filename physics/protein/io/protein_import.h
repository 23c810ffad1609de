/* Importing protein sequences from FASTA and Stockholm files (plain or
 * gzip-compressed) into a pg_protein_seqs (docs/proteins.md, "Import"),
 * with the residue rule of protein_alphabet.h applied by
 * protein_record.h. Both append to seqs, so several files make one set.
 *
 * FASTA: a record is a '>' line (the id is its first word; the rest, the
 * description, is not kept) and the lines up to the next '>'. Lines
 * before the first '>' other than blank ones are an error. Family:
 * o->family, or the file's base name without extensions.
 *
 * Stockholm: "# STOCKHOLM 1.0", then "#=GF ID name" and other markup
 * (ignored), rows "name aligned-text" that may continue in later blocks,
 * and "//" ending each alignment (a file may hold several). Gaps are
 * dropped and insert-state lower case upper-cased, so each row becomes
 * the sequence it aligns. Family: o->family, else the alignment's #=GF
 * ID, else (as hmmbuild names it) the file's base name without
 * extensions; a second alignment without an ID in the same file is an
 * error naming its "//" line. */
#ifndef PG_PHYSICS_PROTEIN_IO_IMPORT_H
#define PG_PHYSICS_PROTEIN_IO_IMPORT_H

#include "base/status.h"
#include "physics/protein/io/protein_record.h"
#include "physics/protein/protein_seqs.h"

/* Either reader, for code that handles both formats alike. */
typedef pg_status (*pg_protein_reader)(const char *path,
                                       const pg_protein_import_opts *o,
                                       pg_protein_seqs *seqs,
                                       pg_protein_import_report *rep);

pg_status pg_protein_fasta_read(const char *path,
                                const pg_protein_import_opts *o,
                                pg_protein_seqs *seqs,
                                pg_protein_import_report *rep);
pg_status pg_protein_stockholm_read(const char *path,
                                    const pg_protein_import_opts *o,
                                    pg_protein_seqs *seqs,
                                    pg_protein_import_report *rep);

#endif
