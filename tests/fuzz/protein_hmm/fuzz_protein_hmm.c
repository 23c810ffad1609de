/* Fuzz target "protein_hmm": the HMMER3 profile reader
 * (physics/protein/io/protein_hmm_read.h) on a file holding the input.
 * Checked: any bytes end in profiles or an error naming file and line,
 * never a crash, leak or read out of bounds. */
#include "fuzz_input.h"
#include "physics/protein/io/protein_hmm_read.h"

static void read_hmm(const char *path)
{
    pg_protein_hmm **list = NULL;
    int n = 0;
    if (pg_protein_hmm_read(path, &list, &n) == PG_OK)
        pg_protein_hmm_list_destroy(&list, n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pg_fuzz_read_file(data, size, read_hmm);
    return 0;
}
