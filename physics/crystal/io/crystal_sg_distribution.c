/* Space-group distributions at several tolerances
 * (crystal_sg_distribution.h). */
#include "physics/crystal/io/crystal_sg_distribution.h"

#include <math.h>

#include "physics/crystal/io/crystal_spglib.h"

const double pg_crystal_sg_tols[PG_CRYSTAL_SG_TOLS] = {0.01, 0.1, 0.3};

const char *const pg_crystal_sg_system_names[7] = {
    "triclinic", "monoclinic", "orthorhombic", "tetragonal",
    "trigonal",  "hexagonal",  "cubic"};

int pg_crystal_sg_number(const pg_crystal_structure *s, double symprec)
{
    int number = 0;
    char symbol[16];
    if (pg_crystal_spacegroup(s, symprec, &number, symbol) != PG_OK) {
        pg_error_clear();
        return 0;
    }
    return number >= 1 && number <= 230 ? number : 0;
}

void pg_crystal_sg_hist_add(pg_crystal_sg_hist *h,
                            const pg_crystal_structure *s)
{
    h->count[pg_crystal_sg_number(s, h->symprec)]++;
    h->n++;
}

int pg_crystal_sg_system(int sg)
{
    /* the first IT number of each system (International Tables A) */
    static const int first[8] = {1, 3, 16, 75, 143, 168, 195, 231};
    if (sg < 1 || sg > 230) return -1;
    int k = 0;
    while (sg >= first[k + 1]) k++;
    return k;
}

void pg_crystal_sg_hist_compare(const pg_crystal_sg_hist *a,
                                const pg_crystal_sg_hist *b,
                                pg_crystal_sg_compare *out)
{
    *out = (pg_crystal_sg_compare){0};
    for (int sg = 1; sg <= 230; sg++) {
        out->groups_a += a->count[sg] > 0;
        out->groups_b += b->count[sg] > 0;
    }
    if (!a->n || !b->n) {
        out->p1_a = a->n ? (double)a->count[1] / a->n : NAN;
        out->p1_b = b->n ? (double)b->count[1] / b->n : NAN;
        out->tv_groups = out->tv_systems = out->shared_b = NAN;
        return;
    }
    double sys_a[7] = {0}, sys_b[7] = {0}, tv = 0, shared = 0;
    for (int sg = 1; sg <= 230; sg++) {
        double pa = (double)a->count[sg] / a->n,
               pb = (double)b->count[sg] / b->n;
        tv += fabs(pa - pb);
        if (a->count[sg]) shared += pb;
        sys_a[pg_crystal_sg_system(sg)] += pa;
        sys_b[pg_crystal_sg_system(sg)] += pb;
    }
    /* the structures without a group are mass of their own */
    tv += fabs((double)a->count[0] / a->n - (double)b->count[0] / b->n);
    double tvs = fabs((double)a->count[0] / a->n - (double)b->count[0] / b->n);
    for (int k = 0; k < 7; k++) tvs += fabs(sys_a[k] - sys_b[k]);
    out->p1_a = (double)a->count[1] / a->n;
    out->p1_b = (double)b->count[1] / b->n;
    out->tv_groups = 0.5 * tv;
    out->tv_systems = 0.5 * tvs;
    out->shared_b = shared;
}
