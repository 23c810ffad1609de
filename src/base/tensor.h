/* Dense float32 tensors: NCHW for images, NCL for sequences, (N, F) for
 * features. Contiguous, row-major, 64-byte aligned when owned. */
#ifndef PG_BASE_TENSOR_H
#define PG_BASE_TENSOR_H

#include <stddef.h>

#include "base/status.h"

#define PG_MAX_DIMS 4

typedef struct pg_tensor {
    int ndim;
    int shape[PG_MAX_DIMS];
    size_t size;   /* product of shape */
    float *data;   /* NULL until allocated */
    int owned;     /* 1 when data was allocated by pg_tensor_alloc */
} pg_tensor;

/* Set the shape (ndim <= 4, every extent >= 1) without allocating. */
pg_status pg_tensor_shape(pg_tensor *t, int ndim, const int *shape);
/* Set the shape and allocate zeroed, aligned storage. */
pg_status pg_tensor_alloc(pg_tensor *t, int ndim, const int *shape);
/* Free owned storage and reset to an empty tensor. */
void pg_tensor_release(pg_tensor *t);

/* Extents helpers: batch is shape[0]; "per sample" is size / shape[0]. */
static inline int pg_tensor_batch(const pg_tensor *t) { return t->shape[0]; }
static inline size_t pg_tensor_per_sample(const pg_tensor *t)
{
    return t->size / (size_t)t->shape[0];
}
/* Same ndim and extents. */
int pg_tensor_same_shape(const pg_tensor *a, const pg_tensor *b);
/* "(64, 3, 32, 32)" into buf; returns buf. */
const char *pg_tensor_shape_str(const pg_tensor *t, char *buf, size_t len);

#endif
