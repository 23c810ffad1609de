/* Symmetry operations and P1 expansion (crystal_symop.h). */
#include "physics/crystal/crystal_symop.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/crystal_lattice.h"

/* One coordinate expression "1/2-x+y" into row[3] and *t. */
static int parse_expr(const char *s, const char *end, double row[3],
                      double *t)
{
    row[0] = row[1] = row[2] = 0;
    *t = 0;
    int any = 0;
    while (s < end) {
        while (s < end && isspace((unsigned char)*s)) s++;
        if (s >= end) break;
        double sign = 1;
        if (*s == '+' || *s == '-') {
            sign = *s == '-' ? -1 : 1;
            s++;
            while (s < end && isspace((unsigned char)*s)) s++;
        }
        if (s >= end) return -1;
        double num = 1;
        int has_num = 0;
        if (isdigit((unsigned char)*s) || *s == '.') {
            char *e;
            num = strtod(s, &e);
            if (e == s || e > end) return -1;
            s = e;
            has_num = 1;
            if (s < end && *s == '/') {
                double den = strtod(s + 1, &e);
                if (e == s + 1 || e > end || den == 0) return -1;
                num /= den;
                s = e;
            }
            if (s < end && *s == '*') s++;
        }
        int c = s < end ? tolower((unsigned char)*s) : 0;
        if (c == 'x' || c == 'y' || c == 'z') {
            row[c - 'x'] += sign * num;
            s++;
        } else if (has_num) {
            *t += sign * num;
        } else {
            return -1;
        }
        any = 1;
    }
    return any ? 0 : -1;
}

pg_status pg_crystal_symop_parse(const char *text, pg_crystal_symop *op)
{
    const char *s = text;
    for (int i = 0; i < 3; i++) {
        const char *e = strchr(s, ',');
        if (i < 2 && !e) goto bad;
        if (i == 2) {
            if (e) goto bad;
            e = s + strlen(s);
        }
        if (parse_expr(s, e, op->r + 3 * i, &op->t[i])) goto bad;
        s = e + 1;
    }
    return PG_OK;
bad:
    return PG_FAIL(PG_ERR_FORMAT, "symmetry operation '%s' is not of the "
                   "form x,y,z", text);
}

pg_status pg_crystal_symop_expand(const pg_crystal_symop *ops, int n_ops,
                                  const pg_crystal_site *sites, int n_sites,
                                  double merge_tol, double clash_tol,
                                  int max_atoms, pg_crystal_structure *out,
                                  int *clash_a, int *clash_b)
{
    double Linv[9];
    if (pg_crystal_lattice_inverse(out->lattice, Linv) == 0)
        return PG_FAIL(PG_ERR_ARG, "symmetry expansion: singular lattice");
    *clash_a = *clash_b = -1;
    int first = out->n;
    for (int s = 0; s < n_sites; s++)
        for (int o = 0; o < n_ops; o++) {
            const pg_crystal_symop *op = &ops[o];
            double f[3];
            for (int i = 0; i < 3; i++)
                f[i] = op->r[3 * i] * sites[s].frac[0] +
                       op->r[3 * i + 1] * sites[s].frac[1] +
                       op->r[3 * i + 2] * sites[s].frac[2] + op->t[i];
            int dup = 0;
            for (int a = first; a < out->n && !dup; a++) {
                double d = pg_crystal_min_image(out->lattice, Linv,
                                                out->frac + 3 * a, f, NULL);
                /* the same element: an image of this site on a special
                 * position, or a file that lists symmetry-equivalent
                 * atoms as sites of their own */
                if (d < merge_tol && out->z[a] == sites[s].z) {
                    dup = 1;
                } else if (d < clash_tol) {
                    *clash_a = out->site[a];
                    *clash_b = s;
                    if (out->site[a] == s)
                        return PG_FAIL(PG_ERR_FORMAT, "two images of site %d "
                                       "are %.3f A apart", s + 1, d);
                    return PG_FAIL(PG_ERR_FORMAT, "sites %d and %d overlap "
                                   "(%.3f A apart after symmetry)",
                                   out->site[a] + 1, s + 1, d);
                }
            }
            if (dup) continue;
            if (out->n - first >= max_atoms)
                return PG_FAIL(PG_ERR_FORMAT, "more than %d atoms in the "
                               "cell", max_atoms);
            PG_CHECK(pg_crystal_structure_append(out, f, sites[s].z, s));
        }
    return PG_OK;
}
