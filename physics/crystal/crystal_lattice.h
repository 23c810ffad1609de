/* Lattice geometry for periodic cells of any (triclinic) shape.
 *
 * Convention throughout physics/crystal: the lattice is a 3x3 matrix L,
 * row-major, whose ROWS are the cell vectors a, b, c in Angstrom; a point
 * with fractional coordinates f (a row vector) is at r = f L. The
 * reciprocal vectors without 2 pi are the columns of L^-1 (f = r L^-1).
 */
#ifndef PG_PHYSICS_CRYSTAL_LATTICE_H
#define PG_PHYSICS_CRYSTAL_LATTICE_H

#include "base/status.h"

/* L from a, b, c (A) and alpha, beta, gamma (degrees): a along x, b in the
 * xy plane (the crystallographic standard orientation). PG_ERR_ARG naming
 * the parameter when a length is <= 0 or the angles make no cell. */
pg_status pg_crystal_lattice_from_params(const double p[6], double L[9]);
/* a, b, c, alpha, beta, gamma of L. */
void pg_crystal_lattice_params(const double L[9], double p[6]);
/* inv = L^-1; returns det L (the signed cell volume, A^3; 0 when singular,
 * inv then untouched). */
double pg_crystal_lattice_inverse(const double L[9], double inv[9]);

/* The smallest spacing (A) between lattice planes of the cell, min_i
 * 1/|column i of L^-1|: how thin the cell is. 0 when L is singular. */
double pg_crystal_lattice_min_spacing(const double L[9]);

/* Image counts n[3] such that every lattice translation t = k L with
 * |u + k| L| <= r for some u in [-1/2, 1/2]^3 has |k_i| <= n[i]: the
 * search box for all images within r of a minimum-image difference.
 * Uses the plane spacings 1/|column i of L^-1|, exact for skewed cells. */
void pg_crystal_image_range(const double Linv[9], double r, int n[3]);

/* The minimum-image distance (A) between fractional points fi and fj,
 * and the Cartesian difference vector d (rj - ri of the nearest image;
 * d may be NULL). Wraps fj - fi to [-1/2, 1/2) and then searches every
 * image that could be closer (pg_crystal_image_range with the wrapped
 * vector's length): rounding alone is wrong for skewed cells. */
double pg_crystal_min_image(const double L[9], const double Linv[9],
                            const double fi[3], const double fj[3],
                            double d[3]);

#endif
