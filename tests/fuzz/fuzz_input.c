/* tests/fuzz/fuzz_input.h. memfd_create is Linux (glibc 2.27+). */
#define _GNU_SOURCE
#include "fuzz_input.h"

#include "base/status.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int file_open(const uint8_t *data, size_t size, char *path,
                      size_t path_size)
{
    int fd = memfd_create("physgan-fuzz", 0);
    if (fd < 0)
        return -1;
    size_t done = 0;
    while (done < size) {
        ssize_t w = write(fd, data + done, size - done);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        done += (size_t)w;
    }
    snprintf(path, path_size, "/proc/self/fd/%d", fd);
    return fd;
}

static void file_close(int fd)
{
    if (fd >= 0)
        close(fd);
}

void pg_fuzz_read_file(const uint8_t *data, size_t size,
                       void (*read)(const char *path))
{
    char path[64];
    int fd = file_open(data, size, path, sizeof path);
    if (fd < 0)
        return;
    read(path);
    pg_error_clear();
    file_close(fd);
}

char *pg_fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return NULL;
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

int pg_fuzz_note(const char *what, int st)
{
    static int verbose = -1;
    if (verbose < 0) verbose = getenv("PHYSGAN_FUZZ_VERBOSE") != NULL;
    if (verbose)
        fprintf(stderr, "%s: %s\n", what, st == PG_OK ? "OK" : pg_error_message());
    pg_error_clear();
    return st;
}

/* Remove the files of dir (harnesses make no subfolders) and dir. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char path[512];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
    closedir(d);
    rmdir(dir);
}

static char private_dir[256];

static void remove_private_dir(void) { remove_dir(private_dir); }

/* Folders "physgan-fuzz-TAG-PID" under root whose process is gone. */
static void remove_stale(const char *root, const char *tag)
{
    char prefix[64];
    snprintf(prefix, sizeof prefix, "physgan-fuzz-%s-", tag);
    DIR *d = opendir(root);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(prefix);
        if (strncmp(e->d_name, prefix, n)) continue;
        char *end;
        long pid = strtol(e->d_name + n, &end, 10);
        if (*end || pid <= 0 || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* not ours, or its process still runs */
        char path[512];
        snprintf(path, sizeof path, "%s/%s", root, e->d_name);
        remove_dir(path);
    }
    closedir(d);
}

int pg_fuzz_private_dir(const char *tag, char *out, size_t cap)
{
    static const char *const roots[] = {"/dev/shm", "/tmp"};
    for (int i = 0; i < 2; i++) {
        remove_stale(roots[i], tag);
        snprintf(private_dir, sizeof private_dir, "%s/physgan-fuzz-%s-%d",
                 roots[i], tag, (int)getpid());
        if (mkdir(private_dir, 0700) && errno != EEXIST) continue;
        if (access(private_dir, W_OK)) continue;
        atexit(remove_private_dir);
        snprintf(out, cap, "%s", private_dir);
        return 0;
    }
    return -1;
}
