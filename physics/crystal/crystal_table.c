/* Embedded table rows (crystal_table.h). */
#include "physics/crystal/crystal_table.h"

#include <string.h>

int pg_crystal_table_rows(const unsigned char *data, unsigned long len,
                          int (*row)(const char *line, int lineno, void *ctx),
                          void *ctx)
{
    const char *p = (const char *)data, *end = p + len;
    char line[256];
    for (int lineno = 1; p < end; lineno++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = (size_t)((nl ? nl : end) - p);
        if (n >= sizeof line) n = sizeof line - 1;
        memcpy(line, p, n);
        line[n] = 0;
        p = nl ? nl + 1 : end;
        if (!line[0] || line[0] == '#') continue;
        int rc = row(line, lineno, ctx);
        if (rc) return rc;
    }
    return 0;
}
