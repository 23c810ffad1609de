/* Numeric CSV tables.
 *
 * The format read: a header row of column names, then rows of numbers, all
 * separated by commas. Names may be double-quoted ("a,b" and "say ""x"""
 * work); cells may be quoted too. Spaces and tabs around a field are
 * ignored, CRLF line ends and a UTF-8 byte-order mark are accepted, and
 * blank lines are skipped. Refused, with "FILE:LINE:COLUMN: message"
 * (1-based; COLUMN counts bytes): an empty file, a header without data
 * rows, empty or duplicate names, a row with a different number of fields
 * than the header, an empty cell, a cell that is not a number, and NaN,
 * Inf or a number out of double range. Quoted fields may not span lines.
 */
#ifndef PG_IO_CSV_H
#define PG_IO_CSV_H

#include <stddef.h>

#include "base/status.h"

typedef struct pg_csv {
    size_t rows, cols;
    char **names;  /* cols column names */
    double *data;  /* rows x cols, row-major */
    char *source;  /* file name used in messages */
    long header_line; /* line of the header row (1 unless blank lines lead) */
} pg_csv;

/* Read and validate a CSV file (PG_ERR_IO when it cannot be read,
 * PG_ERR_FORMAT when it is malformed). */
pg_status pg_csv_read(const char *path, pg_csv **out);
/* Parse CSV text of len bytes; source names it in error messages. */
pg_status pg_csv_parse(const char *text, size_t len, const char *source,
                       pg_csv **out);
void pg_csv_destroy(pg_csv **c);

/* Index of the column called name, or PG_ERR_ARG with a message naming the
 * header line and listing the columns there are. */
pg_status pg_csv_column_index(const pg_csv *c, const char *name, size_t *col);

#endif
