/* The Wyckoff orbits of a structure (spglib's dataset in the structure's
 * own cell) and each orbit's site-symmetry projector: the linear algebra
 * a symmetric decoder needs (docs/crystals.md, "The symmetric decoder,
 * as planned"). A displacement of an orbit's representative projected by
 * P = the mean of the rotations of the operations that fix it (modulo
 * the lattice) and carried to every member by the operation that maps
 * the representative there keeps the space group exactly; trace(P) is
 * the orbit's number of free coordinates. */
#ifndef PG_CRYSTAL_IO_WYCKOFF_H
#define PG_CRYSTAL_IO_WYCKOFF_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"

typedef struct pg_crystal_orbits {
    int spacegroup, hall;
    int n_ops;
    int (*rot)[3][3];   /* n_ops rotations (fractional: x' = R x + t) */
    double (*trans)[3]; /* n_ops translations */
    int n_atoms;
    int *orbit_of;      /* n_atoms: the orbit each atom is in */
    int *op_to;         /* n_atoms: an operation mapping its orbit's
                           representative onto the atom */
    int n_orbits;
    int *rep;           /* n_orbits: the representative atom */
    char *letter;       /* n_orbits: Wyckoff letter */
    int *site_ops;      /* n_orbits: operations fixing the representative */
    double (*proj)[9];  /* n_orbits: P, row-major, fractional */
    int *free;          /* n_orbits: trace(P), rounded */
} pg_crystal_orbits;

/* The orbits of s at spglib tolerance symprec (A). PG_ERR_NUMERIC with
 * spglib's message when it finds no symmetry, or when an atom's image
 * under an operation is no atom of its orbit within 2 symprec. */
pg_status pg_crystal_orbits_find(const pg_crystal_structure *s,
                                 double symprec, pg_crystal_orbits *o);
void pg_crystal_orbits_free(pg_crystal_orbits *o);

/* Move every atom of orbit k by R_j P delta (delta: a fractional
 * displacement of the representative; R_j the rotation of op_to[j]);
 * wrapped into [0, 1). Linear in delta. */
void pg_crystal_orbits_displace(const pg_crystal_orbits *o, int k,
                                const double delta[3],
                                pg_crystal_structure *s);

/* The decoder's linear maps, each with its adjoint (the backward pass;
 * gradcheck_crystal_wyckoff):
 * expand: frac[j] = base[j] + R_j P_k delta[k] for atom j of orbit k
 *   (delta: n_orbits x 3 fractional displacements of the
 *   representatives; base, frac: n_atoms x 3, not wrapped, so the map is
 *   linear); expand_adjoint: g_delta[k] = sum_j P_k^T R_j^T g_frac[j]. */
void pg_crystal_orbits_expand(const pg_crystal_orbits *o, const double *base,
                              const double *delta, double *frac);
void pg_crystal_orbits_expand_adjoint(const pg_crystal_orbits *o,
                                      const double *g_frac, double *g_delta);

/* metric: M' = mean over the operations of R^T M R, the projection of a
 * metric tensor (M = L L^T, fractional basis, 3 x 3 row-major) onto the
 * ones the group keeps (R^T M R = M: a = b, right angles ... as the
 * crystal system requires, in the structure's own setting);
 * metric_adjoint: H' = mean of R H R^T. */
void pg_crystal_orbits_metric(const pg_crystal_orbits *o, const double M[9],
                              double out[9]);
void pg_crystal_orbits_metric_adjoint(const pg_crystal_orbits *o,
                                      const double H[9], double out[9]);

/* Free lattice parameters of crystal system sys (crystal_sg_distribution.h
 * numbering): 6 triclinic, 4 monoclinic, 3 orthorhombic, 2 tetragonal,
 * trigonal and hexagonal, 1 cubic; 6 outside 0..6. */
int pg_crystal_lattice_free(int sys);

/* Free coordinates of s's orbits plus its lattice's free parameters: the
 * size of a symmetric decoder's output for s (3 n + 6 in P1). */
int pg_crystal_orbits_free_parameters(const pg_crystal_orbits *o);

#endif
