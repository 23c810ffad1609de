/* Minimum-cost assignment (the linear assignment problem): for an n x n
 * cost matrix, the permutation col (row i to column col[i]) that
 * minimises sum_i cost[i][col[i]]. Kuhn-Munkres by shortest augmenting
 * paths with row and column potentials, O(n^3): for the crystal VAE-GAN's
 * slot matching (n <= a few hundred). No Debian library in the project's
 * dependencies offers it (GSL does not). */
#ifndef PG_BASE_ASSIGNMENT_H
#define PG_BASE_ASSIGNMENT_H

/* Workspace sizes for n: doubles and ints. */
static inline int pg_assign_work_doubles(int n) { return 3 * (n + 1); }
static inline int pg_assign_work_ints(int n) { return 3 * (n + 1); }

/* cost: n x n, row-major, finite. Writes col (n) and returns the minimum
 * total cost. work, iwork: the sizes above (no allocation). */
double pg_assign_min_cost(const double *cost, int n, int *col, double *work,
                          int *iwork);

#endif
