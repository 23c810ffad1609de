/* Percolation by union-find with winding vectors (crystal_percolation.h). */
#include "physics/crystal/crystal_percolation.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct uf {
    int *parent;
    int (*shift)[3];     /* image cell of a node relative to its parent */
    double (*basis)[9];  /* per root: up to 3 independent wraps */
    int *rank;           /* per root: how many */
} uf;

/* Root of a and the shift of a relative to it (path compression). */
static int find(uf *u, int a, int s[3])
{
    int r = a;
    s[0] = s[1] = s[2] = 0;
    while (u->parent[r] != r) {
        for (int k = 0; k < 3; k++) s[k] += u->shift[r][k];
        r = u->parent[r];
    }
    /* compress: point every node on the path at r with its total shift */
    int acc[3] = {s[0], s[1], s[2]};
    for (int x = a; u->parent[x] != x;) {
        int next = u->parent[x], own[3];
        for (int k = 0; k < 3; k++) own[k] = u->shift[x][k];
        u->parent[x] = r;
        for (int k = 0; k < 3; k++) {
            u->shift[x][k] = acc[k];
            acc[k] -= own[k];
        }
        x = next;
    }
    return r;
}

/* Add wrap w to root r's basis when independent of it. */
static void add_wrap(uf *u, int r, const double w[3])
{
    double *b = u->basis[r];
    int m = u->rank[r];
    if (m == 3) return;
    double v[3] = {w[0], w[1], w[2]};
    /* Gram-Schmidt against the (orthogonalised) basis */
    for (int i = 0; i < m; i++) {
        const double *e = b + 3 * i;
        double ee = e[0] * e[0] + e[1] * e[1] + e[2] * e[2];
        double d = (v[0] * e[0] + v[1] * e[1] + v[2] * e[2]) / ee;
        for (int k = 0; k < 3; k++) v[k] -= d * e[k];
    }
    if (v[0] * v[0] + v[1] * v[1] + v[2] * v[2] < 1e-9) return;
    for (int k = 0; k < 3; k++) b[3 * m + k] = v[k];
    u->rank[r] = m + 1;
}

typedef struct item {
    double v;
    int i;
} item;

static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->v < y->v) return -1;
    if (x->v > y->v) return 1;
    return x->i - y->i;
}

pg_status pg_crystal_percolation(const double *v, const int n[3],
                                 double t[3])
{
    t[0] = t[1] = t[2] = INFINITY;
    if (n[0] < 1 || n[1] < 1 || n[2] < 1)
        return PG_FAIL(PG_ERR_ARG, "percolation: empty grid %d x %d x %d",
                       n[0], n[1], n[2]);
    size_t N = (size_t)n[0] * n[1] * n[2];
    uf u = {0};
    item *order = malloc(N * sizeof *order);
    unsigned char *on = calloc(N, 1);
    u.parent = malloc(N * sizeof *u.parent);
    u.shift = malloc(N * sizeof *u.shift);
    u.basis = malloc(N * sizeof *u.basis);
    u.rank = calloc(N, sizeof *u.rank);
    pg_status st = PG_OK;
    if (!order || !on || !u.parent || !u.shift || !u.basis || !u.rank) {
        st = PG_FAIL(PG_ERR_NOMEM, "percolation on %zu grid points", N);
        goto done;
    }
    for (size_t i = 0; i < N; i++) {
        order[i] = (item){v[i], (int)i};
        u.parent[i] = (int)i;
        memset(u.shift[i], 0, sizeof u.shift[i]);
    }
    qsort(order, N, sizeof *order, cmp_item);
    int found = 0;
    for (size_t q = 0; q < N && found < 3; q++) {
        if (isinf(order[q].v) || isnan(order[q].v)) break;
        int a = order[q].i;
        on[a] = 1;
        int ia = a / (n[1] * n[2]), ja = (a / n[2]) % n[1], ka = a % n[2];
        int idx[3] = {ia, ja, ka};
        for (int axis = 0; axis < 3; axis++)
            for (int dir = -1; dir <= 1; dir += 2) {
                int nb[3] = {idx[0], idx[1], idx[2]}, c[3] = {0, 0, 0};
                nb[axis] += dir;
                if (nb[axis] < 0) {
                    nb[axis] += n[axis];
                    c[axis] = -1;
                } else if (nb[axis] >= n[axis]) {
                    nb[axis] -= n[axis];
                    c[axis] = 1;
                }
                int b = (nb[0] * n[1] + nb[1]) * n[2] + nb[2];
                if (!on[b]) continue;
                int sa[3], sb[3];
                int ra = find(&u, a, sa), rb = find(&u, b, sb);
                /* b's image next to a lies in cell sa + c of ra's frame */
                if (ra != rb) {
                    /* hang the lower-rank cluster under the other */
                    if (u.rank[rb] > u.rank[ra]) {
                        int tmp = ra;
                        ra = rb;
                        rb = tmp;
                        for (int k = 0; k < 3; k++) {
                            int x = sa[k];
                            sa[k] = sb[k];
                            sb[k] = x;
                            c[k] = -c[k];
                        }
                    }
                    u.parent[rb] = ra;
                    for (int k = 0; k < 3; k++)
                        u.shift[rb][k] = sa[k] + c[k] - sb[k];
                    for (int m = 0; m < u.rank[rb]; m++)
                        add_wrap(&u, ra, u.basis[rb] + 3 * m);
                } else {
                    double w[3];
                    for (int k = 0; k < 3; k++) w[k] = sa[k] + c[k] - sb[k];
                    if (w[0] || w[1] || w[2]) add_wrap(&u, ra, w);
                }
                while (found < u.rank[ra]) t[found++] = order[q].v;
            }
    }
done:
    free(order);
    free(on);
    free(u.parent);
    free(u.shift);
    free(u.basis);
    free(u.rank);
    return st;
}
