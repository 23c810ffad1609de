/* Fuzz target: job files through the job schema (src/train/job_schema.h),
 * then -o overrides. The input is INI text up to the first NUL byte; after
 * it, each line is one "section.key=value" override. Checked: loading,
 * overriding, validating and writing the resolved configuration never
 * crash, leak or read out of bounds, whatever the bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/config.h"
#include "fuzz_input.h"
#include "train/job_schema.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = pg_fuzz_strndup(data, size);
    if (!text)
        return 0;
    size_t ini_len = strlen(text);
    int n_keys;
    const pg_key_spec *schema = pg_job_schema(&n_keys);
    pg_config *c = NULL;
    if (pg_config_create(schema, n_keys, &c) != PG_OK)
        goto done;
    pg_config_load_text(c, text, "fuzz.ini");
    pg_error_clear();
    /* The overrides: lines after the NUL (a NUL inside one ends it). */
    for (size_t at = ini_len + 1; at < size;) {
        char *line = text + at;
        char *nl = memchr(line, '\n', size - at);
        if (nl)
            *nl = '\0';
        pg_config_override(c, line);
        pg_error_clear();
        at = nl ? (size_t)(nl - text) + 1 : size;
    }
    if (pg_config_validate(c) == PG_OK) {
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            pg_config_write(c, sink);
            fclose(sink);
        }
    }
    pg_error_clear();
done:
    pg_config_destroy(&c);
    free(text);
    return 0;
}
