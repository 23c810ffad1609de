/* Fuzz target "csv": the numeric CSV parser (src/io/csv.h) on the input
 * bytes, then a column lookup. Checked: any bytes end in a table or an
 * error naming line and column, never a crash, leak or read out of
 * bounds (the parser gets exactly size bytes, no terminating NUL). */
#include "fuzz_input.h"
#include "io/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pg_csv *c = NULL;
    if (pg_csv_parse((const char *)data, size, "fuzz.csv", &c) == PG_OK) {
        size_t col;
        pg_csv_column_index(c, "x", &col);
    }
    pg_error_clear();
    pg_csv_destroy(&c);
    return 0;
}
