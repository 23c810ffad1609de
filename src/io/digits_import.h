/* Import of the UCI optical-recognition handwritten digits (the copy that
 * scikit-learn ships as sklearn/datasets/data/digits.csv.gz): one image per
 * line, 64 comma-separated pixel counts 0..16 (an 8x8 image, row by row)
 * followed by the label 0..9; no header. The file may be gzip-compressed
 * or plain (zlib reads both).
 *
 * Pixels are scaled to [0, 1] by dividing by 16, giving the images/1
 * layout (N, 1, 8, 8). Blank lines and a CRLF line end are accepted;
 * everything else that is not a well-formed row is refused with
 * "FILE:LINE:COLUMN: message" (1-based, COLUMN counts bytes from the start
 * of the line): a wrong number of fields, an empty field, a field that is
 * not a number, a pixel outside [0, 16], a label that is not an integer in
 * [0, 9], an over-long line, and a file without rows.
 */
#ifndef PG_DATA_DIGITS_IMPORT_H
#define PG_DATA_DIGITS_IMPORT_H

#include <stdint.h>

#include "base/status.h"

enum {
    PG_DIGITS_SIDE = 8,     /* images are 8x8 */
    PG_DIGITS_PIXELS = 64,  /* fields before the label */
    PG_DIGITS_MAX_COUNT = 16, /* a pixel counts the set cells of a 4x4 block */
    PG_DIGITS_CLASSES = 10,
};

/* A labelled image set in images/1 layout. */
typedef struct pg_digits {
    int n;            /* images */
    float *images;    /* n x 1 x 8 x 8, values in [0, 1] */
    int32_t *labels;  /* n labels in [0, 10) */
} pg_digits;

/* Read FILE (gzip or plain text). PG_ERR_IO when it cannot be opened or
 * read, PG_ERR_FORMAT with file:line:column when it is malformed. */
pg_status pg_digits_read(const char *path, pg_digits **out);
void pg_digits_destroy(pg_digits **d);

#endif
