/* Sequence logos as inline SVG (Schneider & Stephens 1990) for the
 * screening page (docs/proteins.md, "Screening"): one stack of letters a
 * column, the stack's height the column's information content
 *     IC_k = log2(20) - H_k,   H_k = -sum_a f_k(a) log2 f_k(a)   (bits),
 * each letter's height f_k(a) IC_k, the largest on top. No small-sample
 * correction: a column of few sequences reads higher than it would with
 * many (the page states each logo's sequence count). Letters are coloured
 * by chemistry (acidic red, basic blue, polar green, hydrophobic black).
 * Not collective. */
#ifndef PG_VIZ_PROTEIN_LOGO_H
#define PG_VIZ_PROTEIN_LOGO_H

#include "io/text_buffer.h"

/* counts (columns x 20, alphabet order) into an SVG logo in b, titled. */
void pg_protein_logo_svg(pg_text_buffer *b, const double *counts,
                         int columns, const char *title);

/* The information content (bits) of one column of 20 counts (0 when
 * empty). */
double pg_protein_logo_ic(const double *counts20);

#endif
