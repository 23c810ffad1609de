/* Line-by-line reading of a text file, plain or gzip-compressed (zlib
 * reads both), for the protein importers and the profile reader: lines of
 * any length, trailing CR/LF removed, the line number kept for messages
 * ("FILE:LINE: ..."). Not thread-safe. */
#ifndef PG_PHYSICS_PROTEIN_IO_LINES_H
#define PG_PHYSICS_PROTEIN_IO_LINES_H

#include "base/status.h"

typedef struct pg_protein_lines pg_protein_lines;

pg_status pg_protein_lines_open(const char *path, pg_protein_lines **out);
void pg_protein_lines_close(pg_protein_lines **r);

/* Next line into *line (valid until the next call), or *line = NULL at
 * the end of the file. */
pg_status pg_protein_lines_next(pg_protein_lines *r, char **line);

/* Number of the line last returned (1-based), and the file's name. */
long pg_protein_lines_number(const pg_protein_lines *r);
const char *pg_protein_lines_path(const pg_protein_lines *r);

#endif
