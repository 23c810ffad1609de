/* Labelled image sets in HDF5, schema images/1 (docs/adversarial.md):
 *
 *   /images  float32 (N, C, H, W), values in [0, 1], units "1"
 *   /labels  int32 (N), class indices in [0, classes), units "1"
 *   root attributes: physgan_schema = "images/1", created_by, source,
 *                    classes (integer >= 2)
 *
 * Written atomically (io/h5.h). Reading checks the schema, the shapes and
 * every value, and names the file, the dataset and the first bad element.
 */
#ifndef PG_DATA_IMAGES_H5_H
#define PG_DATA_IMAGES_H5_H

#include <stdint.h>

#include "base/status.h"

#define PG_IMAGES_SCHEMA "images/1"

typedef struct pg_images {
    int n, c, h, w, classes;
    float *x;        /* n * c * h * w */
    int32_t *labels; /* n */
} pg_images;

/* Write im to path atomically; source names where it came from. */
pg_status pg_images_write(const char *path, const pg_images *im,
                          const char *source);
/* Read and validate; *out is freed with pg_images_destroy. */
pg_status pg_images_read(const char *path, pg_images **out);
void pg_images_destroy(pg_images **im);

#endif
