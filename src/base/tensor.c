#include "base/tensor.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"

pg_status pg_tensor_shape(pg_tensor *t, int ndim, const int *shape)
{
    if (ndim < 1 || ndim > PG_MAX_DIMS)
        return PG_FAIL(PG_ERR_SHAPE, "tensor rank %d not in 1..%d", ndim,
                       PG_MAX_DIMS);
    size_t size = 1;
    for (int i = 0; i < ndim; i++) {
        if (shape[i] < 1)
            return PG_FAIL(PG_ERR_SHAPE, "tensor extent %d of dim %d < 1",
                           shape[i], i);
        size *= (size_t)shape[i];
    }
    t->ndim = ndim;
    for (int i = 0; i < PG_MAX_DIMS; i++) t->shape[i] = i < ndim ? shape[i] : 1;
    t->size = size;
    return PG_OK;
}

pg_status pg_tensor_alloc(pg_tensor *t, int ndim, const int *shape)
{
    PG_CHECK(pg_tensor_shape(t, ndim, shape));
    t->data = pg_alloc(t->size * sizeof(float));
    if (!t->data)
        return PG_FAIL(PG_ERR_NOMEM, "tensor of %zu floats", t->size);
    t->owned = 1;
    return PG_OK;
}

void pg_tensor_release(pg_tensor *t)
{
    if (t->owned) pg_free(t->data);
    memset(t, 0, sizeof *t);
}

int pg_tensor_same_shape(const pg_tensor *a, const pg_tensor *b)
{
    if (a->ndim != b->ndim) return 0;
    for (int i = 0; i < a->ndim; i++)
        if (a->shape[i] != b->shape[i]) return 0;
    return 1;
}

const char *pg_tensor_shape_str(const pg_tensor *t, char *buf, size_t len)
{
    size_t used = (size_t)snprintf(buf, len, "(");
    for (int i = 0; i < t->ndim && used < len; i++)
        used += (size_t)snprintf(buf + used, len - used, "%s%d",
                                 i ? ", " : "", t->shape[i]);
    if (used < len) snprintf(buf + used, len - used, ")");
    return buf;
}
