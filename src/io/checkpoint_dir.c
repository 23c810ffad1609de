/* Checkpoint checksums (user block) and checkpoint directories: finding
 * the newest good file and keeping the last K. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/log.h"
#include "io/atomic_file.h"
#include "io/checkpoint.h"
#include "io/checkpoint_seal.h"
#include "io/h5.h"

static const char MAGIC[] = "physgan checkpoint\n";

/* CRC-32 of bytes [PG_CHECKPOINT_USERBLOCK, end) of fd; *size = file size. */
static pg_status file_crc(int fd, const char *path, uint32_t *crc,
                          uint64_t *size)
{
    enum { BLOCK = 1 << 20 };
    unsigned char *buf = malloc(BLOCK);
    if (!buf) return PG_FAIL(PG_ERR_NOMEM, "%s: checksum buffer", path);
    uLong c = crc32(0L, Z_NULL, 0);
    uint64_t total = PG_CHECKPOINT_USERBLOCK;
    off_t off = PG_CHECKPOINT_USERBLOCK;
    for (;;) {
        ssize_t got = pread(fd, buf, BLOCK, off);
        if (got < 0) {
            free(buf);
            return PG_FAIL(PG_ERR_IO, "%s: read error: %s", path,
                           strerror(errno));
        }
        if (got == 0) break;
        c = crc32(c, buf, (uInt)got);
        off += got;
        total += (uint64_t)got;
    }
    free(buf);
    *crc = (uint32_t)c;
    *size = total;
    return PG_OK;
}

pg_status pg_checkpoint_seal(const char *path, void *ctx)
{
    (void)ctx;
    int fd = open(path, O_RDWR);
    if (fd < 0)
        return PG_FAIL(PG_ERR_IO, "cannot open %s to seal it: %s", path,
                       strerror(errno));
    uint32_t crc;
    uint64_t size;
    pg_status st = file_crc(fd, path, &crc, &size);
    if (st == PG_OK) {
        char head[PG_CHECKPOINT_USERBLOCK] = {0};
        snprintf(head, sizeof head, "%scrc32 %08" PRIx32 "\nsize %" PRIu64
                 "\n", MAGIC, crc, size);
        if (pwrite(fd, head, sizeof head, 0) != (ssize_t)sizeof head ||
            fsync(fd) != 0)
            st = PG_FAIL(PG_ERR_IO, "cannot write the checksum of %s: %s",
                         path, strerror(errno));
    }
    close(fd);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

pg_status pg_checkpoint_verify(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return PG_FAIL(PG_ERR_IO, "cannot open checkpoint %s: %s", path,
                       strerror(errno));
    char head[PG_CHECKPOINT_USERBLOCK + 1] = {0};
    ssize_t got = pread(fd, head, PG_CHECKPOINT_USERBLOCK, 0);
    uint32_t want_crc = 0, crc = 0;
    uint64_t want_size = 0, size = 0;
    pg_status st = PG_OK;
    if (got != PG_CHECKPOINT_USERBLOCK || strncmp(head, MAGIC, strlen(MAGIC)) ||
        sscanf(head + strlen(MAGIC), "crc32 %" SCNx32 "\nsize %" SCNu64,
               &want_crc, &want_size) != 2) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: not a physgan checkpoint (no "
                     "checksum header: truncated, damaged or another file)",
                     path);
    } else if ((st = file_crc(fd, path, &crc, &size)) != PG_OK) {
        pg_error_trace(st, __FILE__, __LINE__, __func__);
    } else if (size != want_size) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: %" PRIu64 " bytes, but %" PRIu64
                     " were written (truncated?)", path, size, want_size);
    } else if (crc != want_crc) {
        st = PG_FAIL(PG_ERR_FORMAT, "%s: checksum mismatch (CRC-32 %08" PRIx32
                     ", recorded %08" PRIx32 "): the file is damaged", path,
                     crc, want_crc);
    }
    close(fd);
    return st;
}

/* ---- directories ----------------------------------------------------------- */

typedef struct ck_file {
    long long step;
    char *name;
} ck_file;

static int by_step_desc(const void *a, const void *b)
{
    long long x = ((const ck_file *)a)->step, y = ((const ck_file *)b)->step;
    return (x < y) - (x > y);
}

/* ckpt-<digits>.h5 exactly (temporaries "ckpt-N.h5.tmp.PID" excluded). */
static int parse_name(const char *name, long long *step)
{
    size_t p = strlen(PG_CHECKPOINT_PREFIX), len = strlen(name);
    if (strncmp(name, PG_CHECKPOINT_PREFIX, p) || len < p + 4 ||
        strcmp(name + len - 3, ".h5"))
        return 0;
    long long v = 0;
    for (size_t i = p; i < len - 3; i++) {
        if (name[i] < '0' || name[i] > '9') return 0;
        v = 10 * v + (name[i] - '0');
    }
    *step = v;
    return 1;
}

static void files_free(ck_file *v, size_t n)
{
    for (size_t i = 0; i < n; i++) free(v[i].name);
    free(v);
}

/* Checkpoint files of dir, newest first. */
static pg_status list_files(const char *dir, ck_file **out, size_t *n_out)
{
    DIR *d = opendir(dir);
    if (!d)
        return PG_FAIL(PG_ERR_IO, "cannot read checkpoint directory %s: %s",
                       dir, strerror(errno));
    ck_file *v = NULL;
    size_t n = 0;
    struct dirent *e;
    pg_status st = PG_OK;
    while ((e = readdir(d))) {
        long long step;
        if (!parse_name(e->d_name, &step)) continue;
        ck_file *nv = realloc(v, (n + 1) * sizeof *nv);
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        char *path = malloc(len);
        if (!nv || !path) {
            free(path);
            if (nv) v = nv;
            st = PG_FAIL(PG_ERR_NOMEM, "listing %s", dir);
            break;
        }
        v = nv;
        snprintf(path, len, "%s/%s", dir, e->d_name);
        v[n++] = (ck_file){step, path};
    }
    closedir(d);
    if (st != PG_OK) {
        files_free(v, n);
        return st;
    }
    if (n) qsort(v, n, sizeof *v, by_step_desc);
    *out = v;
    *n_out = n;
    return PG_OK;
}

pg_status pg_checkpoint_rotate(const char *dir, int keep)
{
    if (keep < 1)
        return PG_FAIL(PG_ERR_ARG, "checkpoint rotation: keep must be >= 1, "
                       "not %d", keep);
    ck_file *v = NULL;
    size_t n = 0;
    PG_CHECK(list_files(dir, &v, &n));
    pg_status st = PG_OK;
    for (size_t i = (size_t)keep; i < n; i++)
        if (unlink(v[i].name) != 0 && errno != ENOENT && st == PG_OK)
            st = PG_FAIL(PG_ERR_IO, "cannot delete old checkpoint %s: %s",
                         v[i].name, strerror(errno));
    files_free(v, n);
    /* Temporaries of writes that were killed (a signal's checkpoint at an
     * odd step is never written again under the same name). */
    size_t len = strlen(dir) + strlen(PG_CHECKPOINT_PREFIX) + 2;
    char *stem = malloc(len);
    if (stem) {
        snprintf(stem, len, "%s/%s", dir, PG_CHECKPOINT_PREFIX);
        pg_atomic_tmp_clear_stale(stem, 1);
    }
    free(stem);
    return st;
}

pg_status pg_checkpoint_find_latest_good(const char *dir, char **path)
{
    *path = NULL;
    ck_file *v = NULL;
    size_t n = 0;
    PG_CHECK(list_files(dir, &v, &n));
    for (size_t i = 0; i < n && !*path; i++) {
        pg_h5_file *f = NULL;
        pg_status st = pg_checkpoint_verify(v[i].name);
        if (st == PG_OK) st = pg_h5_file_open(v[i].name, "checkpoint/1", &f);
        pg_h5_file_close(&f);
        if (st == PG_OK) {
            *path = v[i].name;
            v[i].name = NULL;
        } else {
            pg_warn("skipping checkpoint %s: %s", v[i].name,
                    pg_error_message());
            pg_error_clear();
        }
    }
    files_free(v, n);
    if (!*path)
        return PG_FAIL(PG_ERR_IO, "no good checkpoint (%s*.h5) in %s",
                       PG_CHECKPOINT_PREFIX, dir);
    return PG_OK;
}
