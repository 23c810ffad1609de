/* Fuzz target "npy": the .npy reader (src/io/npy_read.h) on a file holding
 * the input. Checked: any bytes end in an array or an error naming the
 * file and field, never a crash, leak, read out of bounds, or an
 * allocation the file's size cannot justify. */
#include <stdlib.h>

#include "fuzz_input.h"
#include "io/npy_read.h"

static void read_npy(const char *path)
{
    double *v = NULL;
    int rows, cols;
    char dtype[8];
    pg_npy_is_npy(path);
    if (pg_npy_read_2d(path, &v, &rows, &cols, dtype) == PG_OK)
        free(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pg_fuzz_read_file(data, size, read_npy);
    return 0;
}
