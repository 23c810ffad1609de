/* Helpers for the fuzz harnesses (tests/fuzz/<target>/fuzz_<target>.c).
 *
 * Each harness defines LLVMFuzzerTestOneInput. Readers that take a path get
 * the input through an anonymous in-memory file (memfd_create) named by
 * /proc/self/fd/N: no disk traffic per execution and nothing left behind,
 * while the reader runs exactly as on a real file (fopen, gzopen, fread). */
#ifndef PG_TESTS_FUZZ_INPUT_H
#define PG_TESTS_FUZZ_INPUT_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The input as a file: fills path (at least 32 bytes) and returns the
 * descriptor to pass to pg_fuzz_file_close, or -1 (then the harness just
 * returns: only a failing kernel call gets there). */
int pg_fuzz_file_open(const uint8_t *data, size_t size, char *path,
                      size_t path_size);
void pg_fuzz_file_close(int fd);

/* The input as a NUL-terminated string (malloc'd; NULL on no memory):
 * readers of text in memory see the bytes up to the first NUL. */
char *pg_fuzz_strndup(const uint8_t *data, size_t size);

#endif
