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

/* read(path) on a file holding the input, then pg_error_clear(): the
 * body of the harnesses of path-taking readers. (Nothing is read when the
 * kernel refuses the in-memory file.) */
void pg_fuzz_read_file(const uint8_t *data, size_t size,
                       void (*read)(const char *path));

/* The input as a NUL-terminated string (malloc'd; NULL on no memory):
 * readers of text in memory see the bytes up to the first NUL. */
char *pg_fuzz_strndup(const uint8_t *data, size_t size);

/* A private folder for harnesses whose readers need real files next to
 * each other (a grid and its .prj, HDF5 files): PREFIX-TAG-PID under
 * /dev/shm (else /tmp), written into out. It and its files are removed at
 * exit, and folders of the same tag left by processes that died (a crash
 * skips exit handlers) are removed first. 0 on success. */
int pg_fuzz_private_dir(const char *tag, char *out, size_t cap);

/* st, and when PHYSGAN_FUZZ_VERBOSE is set, "what: OK" or "what: the
 * error message" on stderr (to see what an input reaches when replaying
 * it); clears the error either way. */
int pg_fuzz_note(const char *what, int st);

#endif
