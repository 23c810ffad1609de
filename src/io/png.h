/* PNG images with libpng: 8-bit grey or RGB.
 *
 * Pixels are rows top to bottom, each row left to right, `channels` bytes
 * a pixel (1 grey, 3 RGB), no padding between rows. Images are encoded in
 * memory (for base64 embedding in HTML) or written to a file atomically
 * (io/atomic_file.h). Not collective.
 */
#ifndef PG_IO_PNG_H
#define PG_IO_PNG_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

/* Largest width or height accepted (libpng's own limit is larger; this
 * keeps width * height * 3 far from overflow). */
enum { PG_PNG_MAX_SIDE = 1 << 15 };

/* Encode into a malloc'd buffer *out of *out_len bytes (free with free).
 * PG_ERR_ARG for channels other than 1 or 3 or a size outside
 * [1, PG_PNG_MAX_SIDE]; libpng's failures become PG_ERR_INTERNAL with its
 * message. */
pg_status pg_png_encode(const uint8_t *pixels, int width, int height,
                        int channels, unsigned char **out, size_t *out_len);

/* Encode and write to path atomically (PG_ERR_IO naming the path). */
pg_status pg_png_write_file(const char *path, const uint8_t *pixels,
                            int width, int height, int channels);

#endif
