/* The protein/1 HDF5 file (docs/formats.md, docs/proteins.md):
 *
 *   /seq     uint8 (N, L)  residue indices 0..19 (protein_alphabet.h), then
 *                          20 (padding) up to L = the longest sequence
 *   /length  int32 (N)     residues of each sequence, 1..L
 *   /family  int32 (N)     index into the families attribute
 *   /ids     uint8 (N, W)  each sequence's id, ASCII, NUL-padded
 *   root attributes: alphabet = "ACDEFGHIKLMNPQRSTVWY", pad_index = 20,
 *   families (names joined by newlines, index order), classes (their
 *   number), source.
 *
 * Written atomically (io/h5.h). Reading checks the schema, shapes and
 * every value, naming the file, dataset and first bad row. */
#ifndef PG_PHYSICS_PROTEIN_IO_FILE_H
#define PG_PHYSICS_PROTEIN_IO_FILE_H

#include "base/status.h"
#include "physics/protein/protein_seqs.h"

#define PG_PROTEIN_SCHEMA "protein/1"

pg_status pg_protein_file_write(const char *path, const pg_protein_seqs *s,
                                const char *source);
pg_status pg_protein_file_read(const char *path, pg_protein_seqs **out);

#endif
