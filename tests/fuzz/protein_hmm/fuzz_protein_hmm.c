/* Fuzz target "protein_hmm": the HMMER3 profile reader
 * (physics/protein/io/protein_hmm_read.h) on a file holding the input.
 * Checked: any bytes end in profiles or an error naming file and line,
 * never a crash, leak or read out of bounds. */
#include "fuzz_input.h"
#include "physics/protein/io/protein_hmm_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    int fd = pg_fuzz_file_open(data, size, path, sizeof path);
    if (fd < 0)
        return 0;
    pg_protein_hmm **list = NULL;
    int n = 0;
    if (pg_protein_hmm_read(path, &list, &n) == PG_OK)
        pg_protein_hmm_list_destroy(&list, n);
    pg_error_clear();
    pg_fuzz_file_close(fd);
    return 0;
}
