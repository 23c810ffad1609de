/* Minimum-cost assignment (assignment.h). Rows are added one at a time;
 * each is connected by a shortest augmenting path (Dijkstra over the
 * reduced costs cost[i][j] - u[i] - v[j] >= 0), and the potentials are
 * updated so the reduced costs of the matching stay 0. Indices 1..n,
 * column 0 is the virtual start of a path. */
#include "base/assignment.h"

#include <math.h>
#include <stddef.h>

double pg_assign_min_cost(const double *cost, int n, int *col, double *work,
                          int *iwork)
{
    double *u = work, *v = work + (n + 1), *minv = work + 2 * (n + 1);
    int *p = iwork, *way = iwork + (n + 1), *used = iwork + 2 * (n + 1);
    for (int j = 0; j <= n; j++) {
        u[j] = v[j] = 0;
        p[j] = way[j] = 0;
    }
    for (int i = 1; i <= n; i++) {
        p[0] = i;
        int j0 = 0;
        for (int j = 0; j <= n; j++) {
            minv[j] = INFINITY;
            used[j] = 0;
        }
        do {   /* grow the shortest-path tree from row i */
            used[j0] = 1;
            int i0 = p[j0], j1 = 0;
            double delta = INFINITY;
            for (int j = 1; j <= n; j++) {
                if (used[j]) continue;
                double cur = cost[(size_t)(i0 - 1) * n + (j - 1)] - u[i0] -
                             v[j];
                if (cur < minv[j]) {
                    minv[j] = cur;
                    way[j] = j0;
                }
                if (minv[j] < delta) {
                    delta = minv[j];
                    j1 = j;
                }
            }
            for (int j = 0; j <= n; j++) {
                if (used[j]) {
                    u[p[j]] += delta;
                    v[j] -= delta;
                } else {
                    minv[j] -= delta;
                }
            }
            j0 = j1;
        } while (p[j0] != 0);
        do {   /* augment along the path back to the start */
            int j1 = way[j0];
            p[j0] = p[j1];
            j0 = j1;
        } while (j0);
    }
    double total = 0;
    for (int j = 1; j <= n; j++) {
        col[p[j] - 1] = j - 1;
        total += cost[(size_t)(p[j] - 1) * n + (j - 1)];
    }
    return total;
}
