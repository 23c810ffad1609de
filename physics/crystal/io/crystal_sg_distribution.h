/* Space-group distributions at several spglib tolerances: what a domain
 * expert compares between generated structures and a training set. A
 * generated cell that is symmetric only up to small displacements is P1
 * at a tight tolerance and gains its group at a loose one, so one
 * tolerance alone cannot tell "nearly symmetric" from "no symmetry". */
#ifndef PG_CRYSTAL_IO_SG_DISTRIBUTION_H
#define PG_CRYSTAL_IO_SG_DISTRIBUTION_H

#include "base/status.h"
#include "physics/crystal/crystal_structure.h"

/* The tolerances (A) of screening's report: spglib's usual 0.01, and
 * 0.1 and 0.3 (loose: groups up to displacements of a few tenths of an
 * A, about what a relaxation would remove). */
enum { PG_CRYSTAL_SG_TOLS = 3 };
extern const double pg_crystal_sg_tols[PG_CRYSTAL_SG_TOLS];

/* Counts of structures per space group (index 1..230; index 0 counts the
 * structures spglib finds no group for). */
typedef struct pg_crystal_sg_hist {
    double symprec;
    int count[231];
    int n;                  /* structures added */
} pg_crystal_sg_hist;

/* The space group of s at symprec; 0 when spglib finds none (the error
 * is cleared: a structure without a group is counted, not fatal). */
int pg_crystal_sg_number(const pg_crystal_structure *s, double symprec);

/* Add s (its group at h->symprec) to h. */
void pg_crystal_sg_hist_add(pg_crystal_sg_hist *h,
                            const pg_crystal_structure *s);

/* The crystal system of IT number sg: 0 triclinic, 1 monoclinic,
 * 2 orthorhombic, 3 tetragonal, 4 trigonal, 5 hexagonal, 6 cubic;
 * -1 outside 1..230. */
int pg_crystal_sg_system(int sg);
extern const char *const pg_crystal_sg_system_names[7];

/* A comparison of two distributions (a: generated, b: training). */
typedef struct pg_crystal_sg_compare {
    int groups_a, groups_b;       /* distinct groups */
    double p1_a, p1_b;            /* fraction in P1 */
    double tv_groups;             /* total variation distance of the
                                     group distributions, 0..1 */
    double tv_systems;            /* ... of the crystal systems */
    double shared_b;              /* fraction of b in a group a has */
} pg_crystal_sg_compare;

/* Compare a with b (both normalised by their n; a structure without a
 * group counts in neither group nor system but in n). Fields are NAN
 * where a side is empty. */
void pg_crystal_sg_hist_compare(const pg_crystal_sg_hist *a,
                                const pg_crystal_sg_hist *b,
                                pg_crystal_sg_compare *out);

#endif
