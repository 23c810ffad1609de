/* A small reader for NumPy .npy files holding one 2-D array
 * (https://numpy.org/doc/stable/reference/generated/numpy.lib.format.html).
 *
 * Accepted: magic "\x93NUMPY", format version 1 (16-bit header length),
 * 2 or 3 (32-bit), a header dict with 'descr' one of '<f4', '<f8', '<i2',
 * '<i4' ('|'-free little-endian types), 'fortran_order': False and a
 * two-element 'shape'. Anything else is refused with an error naming the
 * file and the field. Values are returned as doubles.
 */
#ifndef PG_DATA_NPY_READ_H
#define PG_DATA_NPY_READ_H

#include <stddef.h>

#include "base/status.h"

/* 1 when the file starts with the .npy magic bytes, else 0 (also when it
 * cannot be read). */
int pg_npy_is_npy(const char *path);

/* Read a 2-D array: *out (malloc'd, rows*cols, row-major), its shape and
 * dtype string ("<f4"). PG_ERR_IO when the file cannot be read,
 * PG_ERR_FORMAT for a malformed or unsupported file. Not collective. */
pg_status pg_npy_read_2d(const char *path, double **out, int *rows,
                         int *cols, char dtype[8]);

#endif
