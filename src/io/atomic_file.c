/* Atomic whole-file writes: temporary file, fsync, rename, fsync dir. */
#include "io/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pg_status write_all(int fd, const char *tmp, const void *data,
                           size_t len)
{
    const char *p = data;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0)
            return PG_FAIL(PG_ERR_IO, "cannot write %s: %s", tmp,
                           strerror(errno));
        p += n;
        len -= (size_t)n;
    }
    return PG_OK;
}

/* Some file systems cannot fsync a directory; the rename still holds. */
static void sync_directory_of(const char *path)
{
    char *dup = strdup(path);
    if (!dup) return;
    int fd = open(dirname(dup), O_RDONLY);
    if (fd >= 0) {
        (void)fsync(fd);
        close(fd);
    }
    free(dup);
}

char *pg_atomic_tmp_name(const char *path)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (tmp) snprintf(tmp, n, "%s.tmp.%ld", path, (long)getpid());
    return tmp;
}

/* The pid of a temporary name "<stem>.tmp.<digits>" whose stem is base
 * (or starts with it), else 0. */
static long tmp_pid(const char *name, const char *base, int prefix_only)
{
    size_t nb = strlen(base);
    const char *tag = strstr(name, ".tmp.");
    if (!tag || strncmp(name, base, nb) ||
        (!prefix_only && (size_t)(tag - name) != nb))
        return 0;
    while (tag && strstr(tag + 1, ".tmp.")) tag = strstr(tag + 1, ".tmp.");
    const char *d = tag + 5;
    long pid = 0;
    if (!*d) return 0;
    for (; *d; d++) {
        if (*d < '0' || *d > '9' || pid > 100000000L) return 0;
        pid = 10 * pid + (*d - '0');
    }
    return pid;
}

int pg_atomic_tmp_clear_stale(const char *path, int prefix_only)
{
    char *dup_dir = strdup(path), *dup_base = strdup(path);
    int removed = 0;
    DIR *d = dup_dir && dup_base ? opendir(dirname(dup_dir)) : NULL;
    const char *base = dup_base ? basename(dup_base) : "";
    struct dirent *e;
    while (d && (e = readdir(d))) {
        long pid = tmp_pid(e->d_name, base, prefix_only);
        /* kill(pid, 0) fails with ESRCH only when no such process exists
         * (EPERM: it exists, owned by someone else). */
        if (pid <= 0 || pid == (long)getpid() ||
            kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        if (unlinkat(dirfd(d), e->d_name, 0) == 0) removed++;
    }
    if (d) closedir(d);
    free(dup_dir);
    free(dup_base);
    return removed;
}

pg_status pg_atomic_file_write(const char *path, const void *data, size_t len,
                               unsigned mode)
{
    if (!path || (!data && len > 0))
        return PG_FAIL(PG_ERR_ARG, "atomic write: no path or no data");
    char *tmp = pg_atomic_tmp_name(path);
    if (!tmp) return PG_FAIL(PG_ERR_NOMEM, "temporary name for %s", path);
    pg_atomic_tmp_clear_stale(path, 0);
    pg_status st = PG_OK;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, (mode_t)mode);
    if (fd < 0) {
        st = PG_FAIL(PG_ERR_IO, "cannot create %s (for %s): %s", tmp, path,
                     strerror(errno));
        free(tmp);
        return st;
    }
    PG_CHECK_GOTO(st, write_all(fd, tmp, data, len), fail);
    if (fsync(fd) != 0) {
        st = PG_FAIL(PG_ERR_IO, "cannot sync %s: %s", tmp, strerror(errno));
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        st = PG_FAIL(PG_ERR_IO, "cannot close %s: %s", tmp, strerror(errno));
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        st = PG_FAIL(PG_ERR_IO, "cannot rename %s to %s: %s", tmp, path,
                     strerror(errno));
        goto fail;
    }
    sync_directory_of(path);
    free(tmp);
    return PG_OK;
fail:
    if (fd >= 0) close(fd);
    unlink(tmp);
    free(tmp);
    return st;
}

pg_status pg_atomic_file_write_text(const char *path, pg_text_buffer *b)
{
    pg_status st = pg_text_buffer_status(b, path);
    if (st == PG_OK)
        st = pg_atomic_file_write(path, b->data ? b->data : "", b->len, 0644);
    pg_text_buffer_free(b);
    PG_CHECK(st);
    return PG_OK;
}
