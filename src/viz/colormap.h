/* Colour maps: a value range mapped onto a small table of colours.
 *
 * A value v in [lo, hi] becomes t = (v - lo) / (hi - lo), clamped to
 * [0, 1]; the colour is the linear interpolation (in sRGB bytes) between
 * the two table entries around t. When hi <= lo every value maps to
 * t = 0.5. NaN and infinities map to PG_COLORMAP_INVALID_RGB (magenta) so
 * that bad cells stand out.
 *
 *   grey     black -> white
 *   viridis  matplotlib's perceptually uniform map, 11 samples
 *            (#440154 ... #fde725): for any scalar field
 *   terrain  matplotlib's "terrain": deep blue, cyan, green, pale yellow,
 *            brown, white: for elevations
 */
#ifndef PG_IO_COLORMAP_H
#define PG_IO_COLORMAP_H

#include <stddef.h>
#include <stdint.h>

#include "base/status.h"

typedef enum pg_colormap {
    PG_COLORMAP_GREY,
    PG_COLORMAP_VIRIDIS,
    PG_COLORMAP_TERRAIN,
    PG_COLORMAP_COUNT
} pg_colormap;

extern const uint8_t PG_COLORMAP_INVALID_RGB[3];

/* "grey", "viridis", "terrain". */
const char *pg_colormap_name(pg_colormap m);
/* PG_ERR_ARG listing the known names when name is none of them. */
pg_status pg_colormap_from_name(const char *name, pg_colormap *out);

/* Colour of t in [0, 1] (clamped; NaN gives the invalid colour). */
void pg_colormap_rgb(pg_colormap m, double t, uint8_t rgb[3]);

/* Colour n values (stride 1) into rgb (3 n bytes) over [lo, hi]. */
void pg_colormap_apply(pg_colormap m, const float *v, size_t n, double lo,
                       double hi, uint8_t *rgb);

/* Smallest and largest finite value of v (both NaN when none is). */
void pg_colormap_range(const float *v, size_t n, double *lo, double *hi);

#endif
