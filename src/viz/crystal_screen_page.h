/* The HTML page of `physgan screen crystals` (docs/crystals.md,
 * "Screening"): the summary and one row per top candidate with its
 * composition, space group, PROXY values, the property head's prediction
 * and an SVG picture of the cell projected along c (atoms coloured by
 * element, sized by their radius). Self-contained. Not collective. */
#ifndef PG_VIZ_CRYSTAL_SCREEN_PAGE_H
#define PG_VIZ_CRYSTAL_SCREEN_PAGE_H

#include "io/text_buffer.h"
#include "physics/crystal/crystal_structure.h"

typedef struct pg_crystal_page_entry {
    const pg_crystal_structure *s;
    const char *formula;
    int spacegroup;
    double level3, level1, hop, head;  /* v.u., v.u., A, v.u. (NAN: none) */
    int novel;
} pg_crystal_page_entry;

/* rows: summary "name\tvalue"; the page into b. */
void pg_crystal_screen_page_build(const char *const *rows, int n_rows,
                                  const pg_crystal_page_entry *e, int n,
                                  pg_text_buffer *b);

#endif
