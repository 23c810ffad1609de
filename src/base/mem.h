/* Aligned allocation for tensors and flat parameter buffers. */
#ifndef PG_BASE_MEM_H
#define PG_BASE_MEM_H

#include <stddef.h>

#define PG_ALIGN 64

/* 64-byte aligned, zero-filled; NULL on failure (or when n == 0). */
void *pg_alloc(size_t bytes);
/* Grow an aligned block, keeping old contents and zero-filling the rest. */
void *pg_realloc(void *p, size_t old_bytes, size_t new_bytes);
void pg_free(void *p);

#endif
