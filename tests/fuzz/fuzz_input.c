/* tests/fuzz/fuzz_input.h. memfd_create is Linux (glibc 2.27+). */
#define _GNU_SOURCE
#include "fuzz_input.h"

#include "base/status.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
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
