/* .npy reader: header parsed by hand (a Python dict literal written by
 * numpy.lib.format), data decoded byte by byte as little-endian so the
 * result does not depend on the host's byte order. */
#include "io/npy_read.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const unsigned char MAGIC[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
enum {
    PREAMBLE_V1 = 10,            /* magic, version, uint16 length */
    PREAMBLE_V2 = 12,            /* magic, version, uint32 length */
    MAX_HEADER = 1 << 20,        /* far above numpy's 64 KiB practice */
};
/* Refuse arrays beyond this many cells (8 bytes each in memory). */
static const size_t MAX_CELLS = (size_t)1 << 31;

int pg_npy_is_npy(const char *path)
{
    unsigned char b[sizeof MAGIC];
    FILE *f = fopen(path, "rb");
    if (!f) return 0;
    size_t n = fread(b, 1, sizeof b, f);
    fclose(f);
    return n == sizeof b && !memcmp(b, MAGIC, sizeof b);
}

/* The text after 'key': in the header, with spaces skipped; NULL if absent. */
static const char *dict_value(const char *h, const char *key)
{
    char pat[32];
    snprintf(pat, sizeof pat, "'%s'", key);
    const char *p = strstr(h, pat);
    if (!p) return NULL;
    p += strlen(pat);
    while (*p == ' ') p++;
    if (*p != ':') return NULL;
    p++;
    while (*p == ' ') p++;
    return p;
}

typedef struct dtype_info {
    const char *descr;
    size_t size;
} dtype_info;

static const dtype_info DTYPES[] = {
    {"<f4", 4}, {"<f8", 8}, {"<i2", 2}, {"<i4", 4},
};

static double decode(const unsigned char *b, const char *descr)
{
    uint64_t u = 0;
    size_t size = descr[2] == '8' ? 8 : descr[2] == '4' ? 4 : 2;
    for (size_t i = 0; i < size; i++) u |= (uint64_t)b[i] << (8 * i);
    if (!strcmp(descr, "<f8")) {
        double d;
        memcpy(&d, &u, sizeof d);
        return d;
    }
    if (!strcmp(descr, "<f4")) {
        uint32_t w = (uint32_t)u;
        float f;
        memcpy(&f, &w, sizeof f);
        return f;
    }
    if (!strcmp(descr, "<i4")) return (double)(int32_t)(uint32_t)u;
    return (double)(int16_t)(uint16_t)u;
}

/* Parse descr, fortran_order and shape from the header text. */
static pg_status parse_header(const char *path, const char *h,
                              const dtype_info **dt, long shape[2])
{
    const char *v = dict_value(h, "descr");
    if (!v || *v != '\'')
        return PG_FAIL(PG_ERR_FORMAT, "%s: .npy header has no 'descr'", path);
    char descr[16] = "";
    size_t len = strcspn(v + 1, "'");
    snprintf(descr, sizeof descr, "%.*s", (int)(len < 15 ? len : 15), v + 1);
    *dt = NULL;
    for (size_t i = 0; i < sizeof DTYPES / sizeof DTYPES[0]; i++)
        if (!strcmp(descr, DTYPES[i].descr)) *dt = &DTYPES[i];
    if (!*dt)
        return PG_FAIL(PG_ERR_FORMAT,
                       "%s: unsupported .npy dtype '%s' (supported: '<f4', "
                       "'<f8', '<i2', '<i4')", path, descr);
    v = dict_value(h, "fortran_order");
    if (!v)
        return PG_FAIL(PG_ERR_FORMAT, "%s: .npy header has no "
                       "'fortran_order'", path);
    if (strncmp(v, "False", 5))
        return PG_FAIL(PG_ERR_FORMAT, "%s: .npy array is in Fortran order; "
                       "only C order is supported", path);
    v = dict_value(h, "shape");
    if (!v || *v != '(')
        return PG_FAIL(PG_ERR_FORMAT, "%s: .npy header has no 'shape'", path);
    int rank = 0;
    const char *p = v + 1;
    for (;;) {
        while (*p == ' ' || *p == ',') p++;
        if (*p == ')') break;
        char *end;
        errno = 0;
        long d = strtol(p, &end, 10);
        if (end == p || errno || d < 0)
            return PG_FAIL(PG_ERR_FORMAT, "%s: .npy 'shape' is malformed",
                           path);
        if (rank < 2) shape[rank] = d;
        rank++;
        p = end;
    }
    if (rank != 2)
        return PG_FAIL(PG_ERR_FORMAT, "%s: .npy array has %d dimension%s; "
                       "a 2-D elevation grid is expected", path, rank,
                       rank == 1 ? "" : "s");
    if (shape[0] < 1 || shape[1] < 1 || shape[0] > INT_MAX ||
        shape[1] > INT_MAX || (size_t)shape[0] > MAX_CELLS / (size_t)shape[1])
        return PG_FAIL(PG_ERR_FORMAT, "%s: .npy shape (%ld, %ld) is empty or "
                       "too large", path, shape[0], shape[1]);
    return PG_OK;
}

pg_status pg_npy_read_2d(const char *path, double **out, int *rows,
                         int *cols, char dtype[8])
{
    *out = NULL;
    pg_status s = PG_OK;
    char *header = NULL;
    unsigned char *raw = NULL;
    double *z = NULL;
    FILE *f = fopen(path, "rb");
    if (!f)
        return PG_FAIL(PG_ERR_IO, "%s: cannot open: %s", path,
                       strerror(errno));
    unsigned char pre[PREAMBLE_V2];
    if (fread(pre, 1, PREAMBLE_V1, f) != PREAMBLE_V1 ||
        memcmp(pre, MAGIC, sizeof MAGIC)) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: not a .npy file (no \\x93NUMPY "
                    "magic)", path);
        goto done;
    }
    size_t hlen, pre_len = PREAMBLE_V1;
    if (pre[6] == 1) {
        hlen = pre[8] | (size_t)pre[9] << 8;
    } else if (pre[6] == 2 || pre[6] == 3) {
        if (fread(pre + PREAMBLE_V1, 1, 2, f) != 2) {
            s = PG_FAIL(PG_ERR_FORMAT, "%s: truncated .npy header", path);
            goto done;
        }
        pre_len = PREAMBLE_V2;
        hlen = pre[8] | (size_t)pre[9] << 8 | (size_t)pre[10] << 16 |
               (size_t)pre[11] << 24;
    } else {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: unsupported .npy format version "
                    "%d.%d", path, pre[6], pre[7]);
        goto done;
    }
    if (hlen > MAX_HEADER || !(header = malloc(hlen + 1))) {
        s = PG_FAIL(hlen > MAX_HEADER ? PG_ERR_FORMAT : PG_ERR_NOMEM,
                    "%s: .npy header of %zu bytes", path, hlen);
        goto done;
    }
    if (fread(header, 1, hlen, f) != hlen) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: truncated .npy header", path);
        goto done;
    }
    header[hlen] = '\0';
    const dtype_info *dt = NULL;
    long shape[2] = {0, 0};
    PG_CHECK_GOTO(s, parse_header(path, header, &dt, shape), done);
    size_t n = (size_t)shape[0] * (size_t)shape[1];
    /* The data's size from the file before any allocation: a header can
     * claim billions of cells in a file of a few bytes (found by
     * fuzzing, tests/fuzz/npy/regress/). */
    struct stat fs;
    size_t start = pre_len + hlen;
    if (fstat(fileno(f), &fs) == 0 && S_ISREG(fs.st_mode) &&
        ((size_t)fs.st_size < start ||
         ((size_t)fs.st_size - start) / dt->size < n)) {
        size_t have = (size_t)fs.st_size > start ? (size_t)fs.st_size - start
                                                 : 0;
        s = PG_FAIL(PG_ERR_FORMAT, "%s: .npy data truncated: %zu of %zu "
                    "values after the %zu-byte header (shape (%ld, %ld))",
                    path, have / dt->size, n, start, shape[0], shape[1]);
        goto done;
    }
    raw = malloc(n * dt->size);
    z = malloc(n * sizeof *z);
    if (!raw || !z) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: %ld x %ld array", path, shape[0],
                    shape[1]);
        goto done;
    }
    size_t got = fread(raw, dt->size, n, f);
    if (got != n) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: .npy data truncated: %zu of %zu "
                    "values after the %zu-byte header", path, got, n,
                    pre_len + hlen);
        goto done;
    }
    for (size_t i = 0; i < n; i++) z[i] = decode(raw + i * dt->size, dt->descr);
    *out = z;
    z = NULL;
    *rows = (int)shape[0];
    *cols = (int)shape[1];
    snprintf(dtype, 8, "%s", dt->descr);
done:
    fclose(f);
    free(header);
    free(raw);
    free(z);
    return s;
}
