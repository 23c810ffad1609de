#include "train/run_dir.h"

#include "io/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { PATH_MAX_LEN = 4096, LINE_MAX_LEN = 8192 };

static pg_status mkdir_one(const char *path)
{
    struct stat sb;
    if (mkdir(path, 0777) == 0) return PG_OK;
    int err = errno;
    if (err == EEXIST && stat(path, &sb) == 0 && S_ISDIR(sb.st_mode))
        return PG_OK;
    return PG_FAIL(PG_ERR_IO, "cannot create directory %s: %s", path,
                   err == EEXIST ? "a file of that name exists"
                                 : strerror(err));
}

static pg_status mkdir_p(const char *dir)
{
    char buf[PATH_MAX_LEN];
    if (strlen(dir) >= sizeof buf)
        return PG_FAIL(PG_ERR_ARG, "path too long: %s", dir);
    strcpy(buf, dir);
    for (char *p = buf + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            PG_CHECK(mkdir_one(buf));
            *p = '/';
        }
    PG_CHECK(mkdir_one(buf));
    return PG_OK;
}

pg_status pg_run_dir_prepare(const char *dir)
{
    char sub[PATH_MAX_LEN];
    PG_CHECK(mkdir_p(dir));
    if (access(dir, W_OK) != 0)
        return PG_FAIL(PG_ERR_IO, "run directory %s is not writable: %s",
                       dir, strerror(errno));
    snprintf(sub, sizeof sub, "%s/checkpoints", dir);
    PG_CHECK(mkdir_one(sub));
    snprintf(sub, sizeof sub, "%s/samples", dir);
    PG_CHECK(mkdir_one(sub));
    return PG_OK;
}

pg_status pg_run_dir_write_file(const char *path, const char *text)
{
    PG_CHECK(pg_atomic_file_write(path, text, strlen(text), 0644));
    return PG_OK;
}

int pg_run_dir_count_checkpoints(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (!strncmp(e->d_name, "ckpt-", 5) && len > 8 &&
            !strcmp(e->d_name + len - 3, ".h5"))
            n++;
    }
    closedir(d);
    return n;
}

/* The kept part of an existing metrics file: header check, rows up to
 * keep_upto. *out malloc'd. */
static pg_status metrics_kept(FILE *f, const char *path, const char *header,
                              int64_t keep_upto, char **out, size_t *len)
{
    char line[LINE_MAX_LEN];
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) return PG_FAIL(PG_ERR_NOMEM, "metrics buffer");
    int lineno = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        size_t l = strlen(line);
        if (lineno == 1) {
            char want[LINE_MAX_LEN];
            snprintf(want, sizeof want, "%s\n", header);
            if (strcmp(line, want) != 0) {
                free(buf);
                return PG_FAIL(PG_ERR_FORMAT, "%s: the header differs from "
                               "this job's columns (%s): was the job file "
                               "changed (penalties on/off)?", path, header);
            }
        } else {
            char *end;
            long long step = strtoll(line, &end, 10);
            if (end == line || *end != ',' || line[l - 1] != '\n')
                continue; /* a torn last line of an interrupted write */
            if (step > keep_upto) continue;
        }
        if (n + l + 1 > cap) {
            char *nb = realloc(buf, 2 * cap + l);
            if (!nb) {
                free(buf);
                return PG_FAIL(PG_ERR_NOMEM, "metrics buffer");
            }
            buf = nb;
            cap = 2 * cap + l;
        }
        memcpy(buf + n, line, l);
        n += l;
    }
    buf[n] = 0;
    *out = buf;
    *len = n;
    return PG_OK;
}

pg_status pg_run_dir_metrics_open(const char *path, const char *header,
                                  int64_t keep_upto, FILE **out)
{
    FILE *old = keep_upto >= 0 ? fopen(path, "r") : NULL;
    if (old) {
        char *kept = NULL;
        size_t len = 0;
        pg_status st = metrics_kept(old, path, header, keep_upto, &kept, &len);
        fclose(old);
        PG_CHECK(st);
        if (len == 0) {
            free(kept);
            return PG_FAIL(PG_ERR_FORMAT, "%s is empty", path);
        }
        st = pg_atomic_file_write(path, kept, len, 0644);
        free(kept);
        PG_CHECK(st);
    } else {
        char head[LINE_MAX_LEN];
        snprintf(head, sizeof head, "%s\n", header);
        PG_CHECK(pg_atomic_file_write(path, head, strlen(head), 0644));
    }
    *out = fopen(path, "a");
    if (!*out)
        return PG_FAIL(PG_ERR_IO, "cannot append to %s: %s", path,
                       strerror(errno));
    return PG_OK;
}
