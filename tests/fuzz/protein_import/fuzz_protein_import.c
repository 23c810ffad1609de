/* Fuzz targets "fasta" and "stockholm": the sequence importers of
 * physics/protein/io/protein_import.h on a file holding the input (built
 * twice, with PG_FUZZ_STOCKHOLM for the Stockholm reader). Checked: any
 * bytes end in sequences or an error, never a crash, leak or read out of
 * bounds. */
#include "fuzz_input.h"
#include "physics/protein/io/protein_import.h"

#ifdef PG_FUZZ_STOCKHOLM
#define READ pg_protein_stockholm_read
#else
#define READ pg_protein_fasta_read
#endif

static void read_seqs(const char *path)
{
    pg_protein_seqs *seqs = NULL;
    if (pg_protein_seqs_create(&seqs) == PG_OK) {
        /* A length limit, so that the skip path runs too. */
        pg_protein_import_opts o = {.family = NULL, .max_length = 300};
        pg_protein_import_report rep = {0};
        READ(path, &o, seqs, &rep);
    }
    pg_protein_seqs_destroy(&seqs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pg_fuzz_read_file(data, size, read_seqs);
    return 0;
}
