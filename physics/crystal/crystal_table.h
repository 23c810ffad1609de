/* The rows of the domain's small data tables that CMake embeds into the
 * library (the .tsv files of data/crystal): lines, with '#' comments and
 * blank lines skipped. */
#ifndef PG_PHYSICS_CRYSTAL_TABLE_H
#define PG_PHYSICS_CRYSTAL_TABLE_H

/* Call row(line, lineno, ctx) for every data line of the len bytes at
 * data (lines longer than 255 characters are cut); stops at the first
 * row that returns non-zero and returns that value, else 0. */
int pg_crystal_table_rows(const unsigned char *data, unsigned long len,
                          int (*row)(const char *line, int lineno, void *ctx),
                          void *ctx);

#endif
