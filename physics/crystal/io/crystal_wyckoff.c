/* Wyckoff orbits and site-symmetry projectors (crystal_wyckoff.h). */
#include "physics/crystal/io/crystal_wyckoff.h"

#include <math.h>
#include <spglib.h>
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/io/crystal_sg_distribution.h"

/* |R x + t - y| (A) modulo the lattice, for fractional x, y. */
static double image_distance(const pg_crystal_structure *s, const int R[3][3],
                             const double t[3], const double *x,
                             const double *y)
{
    double d[3], c[3] = {0, 0, 0};
    for (int i = 0; i < 3; i++) {
        d[i] = R[i][0] * x[0] + R[i][1] * x[1] + R[i][2] * x[2] + t[i] - y[i];
        d[i] -= floor(d[i] + 0.5);
    }
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) c[j] += d[i] * s->lattice[3 * i + j];
    return sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
}

void pg_crystal_orbits_free(pg_crystal_orbits *o)
{
    free(o->rot);
    free(o->trans);
    free(o->orbit_of);
    free(o->op_to);
    free(o->rep);
    free(o->letter);
    free(o->site_ops);
    free(o->proj);
    free(o->free);
    memset(o, 0, sizeof *o);
}

/* The orbits and the operations carrying representatives to members. */
static pg_status link_members(const pg_crystal_structure *s, double tol,
                              pg_crystal_orbits *o)
{
    for (int j = 0; j < s->n; j++) {
        const double *x = s->frac + 3 * o->rep[o->orbit_of[j]];
        o->op_to[j] = -1;
        for (int k = 0; k < o->n_ops && o->op_to[j] < 0; k++)
            if (image_distance(s, o->rot[k], o->trans[k], x,
                               s->frac + 3 * j) <= tol)
                o->op_to[j] = k;
        if (o->op_to[j] < 0)
            return PG_FAIL(PG_ERR_NUMERIC, "Wyckoff orbits: no operation "
                           "maps atom %d's representative onto it", j);
    }
    return PG_OK;
}

/* P of orbit k: the mean rotation of the operations fixing its
 * representative (they form the site-symmetry group, so P projects onto
 * the displacements it leaves invariant). */
static void projector(const pg_crystal_structure *s, double tol,
                      pg_crystal_orbits *o, int k)
{
    const double *x = s->frac + 3 * o->rep[k];
    double *P = o->proj[k];
    int m = 0;
    memset(P, 0, 9 * sizeof *P);
    for (int q = 0; q < o->n_ops; q++) {
        if (image_distance(s, o->rot[q], o->trans[q], x, x) > tol) continue;
        for (int i = 0; i < 9; i++) P[i] += o->rot[q][i / 3][i % 3];
        m++;
    }
    for (int i = 0; i < 9; i++) P[i] /= m;
    o->site_ops[k] = m;
    o->free[k] = (int)lround(P[0] + P[4] + P[8]);
}

pg_status pg_crystal_orbits_find(const pg_crystal_structure *s,
                                 double symprec, pg_crystal_orbits *o)
{
    memset(o, 0, sizeof *o);
    double lat[3][3];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++) lat[i][j] = s->lattice[3 * j + i];
    SpglibDataset *d = spg_get_dataset(lat, (double(*)[3])s->frac, s->z,
                                       s->n, symprec);
    if (!d)
        return PG_FAIL(PG_ERR_NUMERIC, "spglib found no symmetry: %s",
                       spg_get_error_message(spg_get_error_code()));
    int n = s->n, no = d->n_operations;
    o->spacegroup = d->spacegroup_number;
    o->hall = d->hall_number;
    o->n_ops = no;
    o->n_atoms = n;
    o->rot = malloc((size_t)no * sizeof *o->rot);
    o->trans = malloc((size_t)no * sizeof *o->trans);
    o->orbit_of = malloc((size_t)n * sizeof *o->orbit_of);
    o->op_to = malloc((size_t)n * sizeof *o->op_to);
    o->rep = malloc((size_t)n * sizeof *o->rep);
    o->letter = malloc((size_t)n);
    o->site_ops = malloc((size_t)n * sizeof *o->site_ops);
    o->proj = malloc((size_t)n * sizeof *o->proj);
    o->free = malloc((size_t)n * sizeof *o->free);
    pg_status st = PG_OK;
    if (!o->rot || !o->trans || !o->orbit_of || !o->op_to || !o->rep ||
        !o->letter || !o->site_ops || !o->proj || !o->free)
        st = PG_FAIL(PG_ERR_NOMEM, "Wyckoff orbits of %d atoms", n);
    if (st == PG_OK) {
        memcpy(o->rot, d->rotations, (size_t)no * sizeof *o->rot);
        memcpy(o->trans, d->translations, (size_t)no * sizeof *o->trans);
        /* orbits numbered by first appearance of spglib's representative */
        for (int j = 0; j < n; j++) {
            int r = d->equivalent_atoms[j], k = 0;
            while (k < o->n_orbits && o->rep[k] != r) k++;
            if (k == o->n_orbits) {
                o->rep[k] = r;
                o->letter[k] = (char)('a' + d->wyckoffs[r]);
                o->n_orbits++;
            }
            o->orbit_of[j] = k;
        }
        st = link_members(s, 2 * symprec, o);
    }
    for (int k = 0; st == PG_OK && k < o->n_orbits; k++)
        projector(s, 2 * symprec, o, k);
    spg_free_dataset(d);
    if (st != PG_OK) pg_crystal_orbits_free(o);
    return st;
}

void pg_crystal_orbits_displace(const pg_crystal_orbits *o, int k,
                                const double delta[3],
                                pg_crystal_structure *s)
{
    const double *P = o->proj[k];
    double p[3];
    for (int i = 0; i < 3; i++)
        p[i] = P[3 * i] * delta[0] + P[3 * i + 1] * delta[1] +
               P[3 * i + 2] * delta[2];
    for (int j = 0; j < s->n; j++) {
        if (o->orbit_of[j] != k) continue;
        const int(*R)[3] = o->rot[o->op_to[j]];
        for (int i = 0; i < 3; i++) {
            double x = s->frac[3 * j + i] + R[i][0] * p[0] + R[i][1] * p[1] +
                       R[i][2] * p[2];
            s->frac[3 * j + i] = x - floor(x);
        }
    }
}

void pg_crystal_orbits_expand(const pg_crystal_orbits *o, const double *base,
                              const double *delta, double *frac)
{
    for (int j = 0; j < o->n_atoms; j++) {
        int k = o->orbit_of[j];
        const double *P = o->proj[k], *d = delta + 3 * k;
        const int(*R)[3] = o->rot[o->op_to[j]];
        double p[3];
        for (int i = 0; i < 3; i++)
            p[i] = P[3 * i] * d[0] + P[3 * i + 1] * d[1] + P[3 * i + 2] * d[2];
        for (int i = 0; i < 3; i++)
            frac[3 * j + i] = base[3 * j + i] + R[i][0] * p[0] +
                              R[i][1] * p[1] + R[i][2] * p[2];
    }
}

void pg_crystal_orbits_expand_adjoint(const pg_crystal_orbits *o,
                                      const double *g_frac, double *g_delta)
{
    memset(g_delta, 0, (size_t)o->n_orbits * 3 * sizeof *g_delta);
    for (int j = 0; j < o->n_atoms; j++) {
        int k = o->orbit_of[j];
        const double *P = o->proj[k], *g = g_frac + 3 * j;
        const int(*R)[3] = o->rot[o->op_to[j]];
        double rg[3];   /* R^T g */
        for (int i = 0; i < 3; i++)
            rg[i] = R[0][i] * g[0] + R[1][i] * g[1] + R[2][i] * g[2];
        for (int i = 0; i < 3; i++)   /* P^T R^T g */
            g_delta[3 * k + i] += P[i] * rg[0] + P[3 + i] * rg[1] +
                                  P[6 + i] * rg[2];
    }
}

/* out = mean over ops of A^T M A (transpose_first) or A M A^T, A = R. */
static void sandwich_mean(const pg_crystal_orbits *o, const double M[9],
                          int transpose_first, double out[9])
{
    double acc[9] = {0};
    for (int q = 0; q < o->n_ops; q++) {
        const int(*R)[3] = o->rot[q];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int a = 0; a < 3; a++)
                    for (int b = 0; b < 3; b++)
                        v += transpose_first
                                 ? R[a][i] * M[3 * a + b] * R[b][j]
                                 : R[i][a] * M[3 * a + b] * R[j][b];
                acc[3 * i + j] += v;
            }
    }
    for (int i = 0; i < 9; i++) out[i] = acc[i] / o->n_ops;
}

void pg_crystal_orbits_metric(const pg_crystal_orbits *o, const double M[9],
                              double out[9])
{
    sandwich_mean(o, M, 1, out);
}

void pg_crystal_orbits_metric_adjoint(const pg_crystal_orbits *o,
                                      const double H[9], double out[9])
{
    sandwich_mean(o, H, 0, out);
}

int pg_crystal_lattice_free(int sys)
{
    static const int n[7] = {6, 4, 3, 2, 2, 2, 1};
    return sys >= 0 && sys <= 6 ? n[sys] : 6;
}

int pg_crystal_orbits_free_parameters(const pg_crystal_orbits *o)
{
    int f = pg_crystal_lattice_free(pg_crystal_sg_system(o->spacegroup));
    for (int k = 0; k < o->n_orbits; k++) f += o->free[k];
    return f;
}
