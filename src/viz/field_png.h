/* Scalar fields (terrain, film fields) as coloured PNG images: a colour
 * map over a value range, optionally darkened by a hillshade. Encoded in
 * memory or written atomically through io/png.h. Not collective. */
#ifndef PG_VIZ_FIELD_PNG_H
#define PG_VIZ_FIELD_PNG_H

#include <stddef.h>

#include "base/status.h"
#include "viz/colormap.h"

/* A scalar field (h rows of w floats) coloured with map m over [lo, hi]
 * (colormap.h; lo = hi = NAN: the field's own finite range), encoded as an
 * RGB PNG. When shade is not NULL (h * w values in [0, 1], e.g. a
 * hillshade) the colours are darkened by it with ambient light 0.35. */
pg_status pg_field_png_encode(const float *field, int h, int w,
                              pg_colormap m, double lo, double hi,
                              const float *shade, unsigned char **out,
                              size_t *out_len);
pg_status pg_field_png_write_file(const char *path, const float *field,
                                  int h, int w, pg_colormap m, double lo,
                                  double hi, const float *shade);

#endif
