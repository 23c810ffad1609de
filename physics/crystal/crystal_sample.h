/* How a generated crystal is laid out in a penalty's input tensor
 * (docs/crystals.md, "Generated samples"). A batch is (N, 1, 3 + A, 3 + S)
 * float32 in physical units, one sample a (3 + A) x (3 + S) table:
 *   rows 0..2, columns 0..2   the lattice matrix L (rows a, b, c; A);
 *                             the other columns of these rows are unused
 *                             (their gradient is 0)
 *   row 3 + i, columns 0..2   fractional coordinates of atom slot i
 *   row 3 + i, column 3 + s   probability that slot i holds species s:
 *                             s = 0 the empty slot, s >= 1 the element
 *                             with Z = s (so S - 1 is the largest Z the
 *                             model can place, <= PG_CRYSTAL_ZMAX)
 * so A (atom slots) and S (species) follow from the penalty geometry
 * (h = 3 + A, w = 3 + S) and every penalty reads the same table.
 */
#ifndef PG_PHYSICS_CRYSTAL_SAMPLE_H
#define PG_PHYSICS_CRYSTAL_SAMPLE_H

#include "base/status.h"

typedef struct pg_crystal_layout {
    int atoms;   /* A */
    int species; /* S, the empty species included */
} pg_crystal_layout;

/* The layout of samples (channels, h, w); PG_ERR_SHAPE naming the
 * penalty `who` when they are no crystal table. */
pg_status pg_crystal_layout_of(int channels, int h, int w, const char *who,
                               pg_crystal_layout *out);

/* Floats per sample: (3 + A) (3 + S). */
static inline int pg_crystal_layout_size(const pg_crystal_layout *l)
{
    return (3 + l->atoms) * (3 + l->species);
}

/* Unpack one sample x into L (9), frac (A x 3) and p (A x S), doubles. */
void pg_crystal_sample_unpack(const pg_crystal_layout *l, const float *x,
                              double L[9], double *frac, double *p);

/* ADD scale * the gradients (gL 9, gfrac A x 3, gp A x S; any may be
 * NULL) into the sample's float gradient g, in the same layout. */
void pg_crystal_sample_add_grad(const pg_crystal_layout *l, double scale,
                                const double *gL, const double *gfrac,
                                const double *gp, float *g);

#endif
