#include "base/mem.h"

#include <stdlib.h>
#include <string.h>

void *pg_alloc(size_t bytes)
{
    if (bytes == 0) return NULL;
    size_t rounded = (bytes + PG_ALIGN - 1) / PG_ALIGN * PG_ALIGN;
    void *p = aligned_alloc(PG_ALIGN, rounded);
    if (p) memset(p, 0, rounded);
    return p;
}

void *pg_realloc(void *p, size_t old_bytes, size_t new_bytes)
{
    void *q = pg_alloc(new_bytes);
    if (!q) return NULL;
    if (p) memcpy(q, p, old_bytes < new_bytes ? old_bytes : new_bytes);
    free(p);
    return q;
}

void pg_free(void *p) { free(p); }
