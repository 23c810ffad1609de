/* `physgan screen crystals` (crystal_screen.h): score the candidates over
 * the ranks (or one shard of them, or read the merged shards' scores),
 * gather to rank 0, de-duplicate, compare with the training
 * set, rank by the PROXY and write the CIFs, the CSVs and the page. */
#include "train/crystal_screen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dist/agree.h"
#include "io/atomic_file.h"
#include "io/shard.h"
#include "physics/crystal/crystal_formula.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/io/crystal_cif_write.h"
#include "physics/crystal/io/crystal_file.h"
#include "physics/crystal/io/crystal_sg_distribution.h"
#include "physics/crystal/io/crystal_wyckoff.h"
#include "train/crystal_screen_impl.h"
#include "train/crystal_screen_scores.h"
#include "train/crystal_vaegan.h"
#include "train/generate.h"
#include "viz/crystal_screen_page.h"

#define DUP_VOLUME_TOL 0.05  /* duplicates: volume per atom within 5 % */

/* Doubles a candidate's geometry takes in the gather: lattice, then
 * fractional coordinates and oxidation state of every atom. */
static size_t geometry_len(const pg_crystal_structure *s)
{
    return 9 + 4 * (size_t)s->n;
}

/* Every rank scores candidates i = lo + rank, lo + rank + size, ... below
 * hi; rank 0 gets their scores (f, F_COUNT a candidate) and, for relaxed
 * candidates, their geometry and oxidation states. Collective. */
static pg_status score_range(const pg_crystal_screen_opts *o, MPI_Comm comm,
                             pg_crystal_candidates *c, int lo, int hi,
                             double *f)
{
    int rank = 0, size = 1;
    if (comm != MPI_COMM_NULL) {
        MPI_Comm_rank(comm, &rank);
        MPI_Comm_size(comm, &size);
    }
    size_t glen = 0;
    for (int i = 0; i < c->n; i++) glen += geometry_len(c->s[i]);
    size_t total = (size_t)c->n * F_COUNT + glen;
    double *mine = calloc(total, sizeof *mine), *all = NULL;
    if (rank == 0) all = calloc(total, sizeof *all);
    pg_status st = mine && (rank || all) ? PG_OK
                                         : PG_FAIL(PG_ERR_NOMEM, "scores");
    double *geo = mine + (size_t)c->n * F_COUNT;
    for (int i = 0; i < c->n && st == PG_OK; i++) {
        pg_crystal_structure *s = c->s[i];
        if (i >= lo && i < hi && (i - lo) % size == rank) {
            st = pg_crystal_candidate_score(s, o->relax, o->symprec,
                                            mine + (size_t)i * F_COUNT);
            memcpy(geo, s->lattice, 9 * sizeof *geo);
            for (int a = 0; a < s->n; a++) {
                memcpy(geo + 9 + 3 * a, s->frac + 3 * a, 3 * sizeof *geo);
                geo[9 + 3 * (size_t)s->n + a] = s->ox[a];
            }
        }
        geo += geometry_len(s);
    }
    st = pg_dist_agree(comm, st);
    if (st == PG_OK && comm == MPI_COMM_NULL)
        memcpy(all, mine, total * sizeof *all);
    else if (st == PG_OK &&
             MPI_Reduce(mine, all, (int)total, MPI_DOUBLE, MPI_SUM, 0, comm) !=
                 MPI_SUCCESS)
        st = PG_FAIL(PG_ERR_MPI, "gathering the scores failed");
    if (st == PG_OK && rank == 0) {
        memcpy(f, all, (size_t)c->n * F_COUNT * sizeof *f);
        geo = all + (size_t)c->n * F_COUNT;
        for (int i = 0; i < c->n; i++) {
            pg_crystal_structure *s = c->s[i];
            if (i < lo || i >= hi) {   /* not scored here: zeros */
                geo += geometry_len(s);
                continue;
            }
            memcpy(s->lattice, geo, 9 * sizeof *geo);
            for (int a = 0; a < s->n; a++) {
                memcpy(s->frac + 3 * a, geo + 9 + 3 * a, 3 * sizeof *geo);
                s->ox[a] = (int)geo[9 + 3 * (size_t)s->n + a];
            }
            geo += geometry_len(s);
        }
    }
    free(mine);
    free(all);
    return st;
}

/* What de-duplication and novelty compare. */
typedef struct key {
    char formula[64];
    int spacegroup;
    double vpa;
} key;

static int same_key(const key *a, const key *b)
{
    return a->spacegroup == b->spacegroup && !strcmp(a->formula, b->formula) &&
           fabs(a->vpa - b->vpa) <= DUP_VOLUME_TOL * fmax(a->vpa, b->vpa);
}

/* The training set: keys, volumes per atom, element counts, space groups
 * and PROXY levels (with a mobile ion). */
typedef struct train_set {
    int n, n_level;
    key *k;
    double *vpa, *elements, *level;
    pg_crystal_sg_hist sg[PG_CRYSTAL_SG_TOLS];   /* at each tolerance */
    double *sym_par;   /* free parameters if kept symmetric (0.01 A) */
    double *p1_par;    /* ... and in P1, 3 n + 6 */
    int n_par;
} train_set;

/* The free parameters of s kept in its space group at spglib's usual
 * 0.01 A (orbits' free coordinates + the lattice's; crystal_wyckoff.h)
 * into *sym and 3 n + 6 into *p1, counted in *n; skipped where spglib
 * finds no orbits. */
static void free_parameters(const pg_crystal_structure *s, double *sym,
                            double *p1, int *n)
{
    pg_crystal_orbits o;
    if (pg_crystal_orbits_find(s, pg_crystal_sg_tols[0], &o) != PG_OK) {
        pg_error_clear();
        return;
    }
    *sym = pg_crystal_orbits_free_parameters(&o);
    *p1 = 3.0 * s->n + 6;
    (*n)++;
    pg_crystal_orbits_free(&o);
}

static pg_status train_read(const char *path, train_set *t)
{
    pg_crystal_data *d = NULL;
    pg_crystal_structure *s = NULL;
    float *level = NULL;
    int *mobile = NULL;
    PG_CHECK(pg_crystal_file_read(path, &d));
    for (int k = 0; k < PG_CRYSTAL_SG_TOLS; k++)
        t->sg[k] = (pg_crystal_sg_hist){.symprec = pg_crystal_sg_tols[k]};
    t->n = d->n;
    t->k = calloc((size_t)d->n, sizeof *t->k);
    t->vpa = malloc((size_t)d->n * sizeof *t->vpa);
    t->elements = malloc((size_t)d->n * sizeof *t->elements);
    t->level = malloc((size_t)d->n * sizeof *t->level);
    t->sym_par = malloc((size_t)d->n * sizeof *t->sym_par + 1);
    t->p1_par = malloc((size_t)d->n * sizeof *t->p1_par + 1);
    level = malloc((size_t)d->n * sizeof *level);
    mobile = malloc((size_t)d->n * sizeof *mobile);
    pg_status st = t->k && t->vpa && t->elements && t->level && level &&
                           mobile && t->sym_par && t->p1_par
                       ? PG_OK
                       : PG_FAIL(PG_ERR_NOMEM, "training set keys");
    if (st == PG_OK)
        st = pg_crystal_file_read_prop(path, "/props/proxy_level_3d", d->n, 0,
                                       level);
    if (st == PG_OK)
        st = pg_crystal_file_read_prop(path, "/props/proxy_mobile", d->n, 1,
                                       mobile);
    for (int i = 0; i < d->n && st == PG_OK; i++) {
        int z[PG_CRYSTAL_CODEC_MAX_ATOMS], n = d->natoms[i], ne = 0;
        double L[9], inv[9];
        for (int a = 0; a < n; a++) {
            z[a] = d->species[(size_t)i * d->max_atoms + a];
            int seen = 0;
            for (int b = 0; b < a; b++) seen |= z[b] == z[a];
            ne += !seen;
        }
        for (int q = 0; q < 9; q++) L[q] = d->matrix[(size_t)i * 9 + q];
        st = pg_crystal_formula(z, n, t->k[i].formula,
                                sizeof t->k[i].formula);
        /* the groups at every reported tolerance, found again (the
         * file's own are at its symprec_A only) */
        if (st == PG_OK && !s) st = pg_crystal_structure_create(n + 1, &s);
        if (st == PG_OK) st = pg_crystal_data_structure(d, i, s);
        for (int k = 0; k < PG_CRYSTAL_SG_TOLS && st == PG_OK; k++)
            pg_crystal_sg_hist_add(&t->sg[k], s);
        if (st == PG_OK)
            free_parameters(s, &t->sym_par[t->n_par], &t->p1_par[t->n_par],
                            &t->n_par);
        t->k[i].spacegroup = d->spacegroup[i];
        t->k[i].vpa = t->vpa[i] = fabs(pg_crystal_lattice_inverse(L, inv)) / n;
        t->elements[i] = ne;
        if (mobile[i]) t->level[t->n_level++] = level[i];
    }
    free(level);
    free(mobile);
    pg_crystal_structure_destroy(&s);
    pg_crystal_data_destroy(&d);
    return st;
}

static void train_free(train_set *t)
{
    free(t->k);
    free(t->vpa);
    free(t->elements);
    free(t->level);
    free(t->sym_par);
    free(t->p1_par);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median of v[0..n) (sorted in place); NAN when n = 0. */
static double median(double *v, int n)
{
    if (n == 0) return NAN;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* The 1-Wasserstein distance of two samples (sorted in place):
 * the integral of |F_a - F_b|. */
static double wasserstein(double *a, int na, double *b, int nb)
{
    if (!na || !nb) return NAN;
    qsort(a, (size_t)na, sizeof *a, cmp_double);
    qsort(b, (size_t)nb, sizeof *b, cmp_double);
    int i = 0, j = 0;
    double w = 0, x = fmin(a[0], b[0]);
    while (i < na || j < nb) {
        double next = j >= nb || (i < na && a[i] <= b[j]) ? a[i] : b[j];
        w += fabs((double)i / na - (double)j / nb) * (next - x);
        x = next;
        while (i < na && a[i] <= x) i++;
        while (j < nb && b[j] <= x) j++;
    }
    return w;
}

/* Everything rank 0 works out from the scores. */
typedef struct ranking {
    key *k;
    int *dup_of, *novel, *order, n_order;   /* order: ranked candidates */
} ranking;

/* Ranked first: lower 3D level, then lower head prediction. */
static const double *g_f, *g_head;
static int cmp_rank(const void *pa, const void *pb)
{
    int a = *(const int *)pa, b = *(const int *)pb;
    double la = g_f[a * F_COUNT + F_LEVEL3], lb = g_f[b * F_COUNT + F_LEVEL3];
    if (isnan(la)) la = INFINITY;
    if (isnan(lb)) lb = INFINITY;
    if (la != lb) return la < lb ? -1 : 1;
    double ha = isnan(g_head[a]) ? INFINITY : g_head[a],
           hb = isnan(g_head[b]) ? INFINITY : g_head[b];
    if (ha != hb) return ha < hb ? -1 : 1;
    return a - b;
}

static int valid_at(const double *f, int i)
{
    return f[i * F_COUNT + F_STRUCT_OK] > 0 && f[i * F_COUNT + F_CHARGE_OK] > 0;
}

static pg_status rank_all(const pg_crystal_candidates *c, const double *f,
                          const train_set *t, ranking *r)
{
    int n = c->n;
    r->k = calloc((size_t)n, sizeof *r->k);
    r->dup_of = malloc((size_t)n * sizeof *r->dup_of);
    r->novel = calloc((size_t)n, sizeof *r->novel);
    r->order = malloc((size_t)n * sizeof *r->order);
    if (!r->k || !r->dup_of || !r->novel || !r->order)
        return PG_FAIL(PG_ERR_NOMEM, "ranking");
    for (int i = 0; i < n; i++) {
        const pg_crystal_structure *s = c->s[i];
        r->dup_of[i] = -1;
        if (s->n) PG_CHECK(pg_crystal_formula(s->z, s->n, r->k[i].formula,
                                              sizeof r->k[i].formula));
        r->k[i].spacegroup = (int)f[i * F_COUNT + F_SPACEGROUP];
        r->k[i].vpa = f[i * F_COUNT + F_VOLUME_PER_ATOM];
        if (!valid_at(f, i)) continue;
        for (int j = 0; j < i && r->dup_of[i] < 0; j++)
            if (valid_at(f, j) && r->dup_of[j] < 0 &&
                same_key(&r->k[i], &r->k[j]))
                r->dup_of[i] = j;
        r->novel[i] = 1;
        for (int j = 0; j < t->n && r->novel[i]; j++)
            if (same_key(&r->k[i], &t->k[j])) r->novel[i] = 0;
    }
    r->n_order = 0;
    for (int i = 0; i < n; i++)
        if (valid_at(f, i) && r->dup_of[i] < 0 && f[i * F_COUNT + F_MOBILE] > 0)
            r->order[r->n_order++] = i;
    g_f = f;
    g_head = c->head;
    qsort(r->order, (size_t)r->n_order, sizeof *r->order, cmp_rank);
    return PG_OK;
}

static void ranking_free(ranking *r)
{
    free(r->k);
    free(r->dup_of);
    free(r->novel);
    free(r->order);
}

static void summarise(const pg_crystal_candidates *c, const double *f,
                      const train_set *t, const ranking *r, int top,
                      pg_crystal_screen_result *res)
{
    int n = c->n;
    double *lv = malloc((size_t)(n + 1) * sizeof *lv),
           *vpa = malloc((size_t)(n + 1) * sizeof *vpa),
           *ne = malloc((size_t)(n + 1) * sizeof *ne),
           *head = malloc((size_t)(n + 1) * sizeof *head);
    int groups[231] = {0}, n_lv = 0, n_v = 0;
    if (!lv || !vpa || !ne || !head) goto done;
    res->candidates = n;
    for (int i = 0; i < n; i++) {
        const double *g = f + (size_t)i * F_COUNT;
        res->valid_struct += g[F_STRUCT_OK] > 0;
        res->valid_charge += g[F_CHARGE_OK] > 0;
        res->relaxed += g[F_RELAXED] == RELAX_CONVERGED;
        res->relax_unconverged += g[F_RELAXED] == RELAX_UNCONVERGED;
        res->relax_collapsed += g[F_RELAXED] == RELAX_COLLAPSED;
        res->relax_failed += g[F_RELAXED] == RELAX_FAILED;
        if (!valid_at(f, i)) continue;
        res->valid++;
        res->unique += r->dup_of[i] < 0;
        res->novel += r->dup_of[i] < 0 && r->novel[i];
        int sg = (int)g[F_SPACEGROUP];
        if (sg >= 1 && sg <= 230) groups[sg]++;
        vpa[n_v] = g[F_VOLUME_PER_ATOM];
        ne[n_v++] = g[F_ELEMENTS];
        if (g[F_MOBILE] > 0) {
            res->with_mobile++;
            double l = isnan(g[F_LEVEL3]) ? INFINITY : g[F_LEVEL3];
            res->percolating += l < 1e29;
            lv[n_lv++] = l;
        }
    }
    for (int sg = 1; sg <= 230; sg++) res->spacegroups += groups[sg] > 0;
    res->p1 = groups[1];
    res->median_level_valid = median(lv, n_lv);
    res->top = r->n_order < top ? r->n_order : top;
    for (int k = 0; k < res->top; k++) {
        double l = f[r->order[k] * F_COUNT + F_LEVEL3];
        lv[k] = isnan(l) ? INFINITY : l;
    }
    res->median_level_top = median(lv, res->top);
    res->median_level_train = NAN;
    res->w_volume = res->w_elements = res->p1_train = res->rho_head = NAN;
    /* the head against the PROXY (capped as in training) on candidates;
     * lv is free again */
    {
        double *x = lv, *y = head;
        int m = 0;
        for (int i = 0; i < n; i++) {
            const double *g = f + (size_t)i * F_COUNT;
            if (!valid_at(f, i) || !(g[F_MOBILE] > 0) || isnan(c->head[i]) ||
                isnan(g[F_LEVEL3]))
                continue;
            x[m] = fmin(g[F_LEVEL3], 3.0);
            y[m++] = c->head[i];
        }
        res->rho_head = pg_crystal_spearman(x, y, m);
    }
    if (t->n) {
        double *tl = malloc((size_t)t->n_level * sizeof *tl + 1);
        double *tv = malloc((size_t)t->n * sizeof *tv),
               *te = malloc((size_t)t->n * sizeof *te);
        if (tl && tv && te) {
            memcpy(tl, t->level, (size_t)t->n_level * sizeof *tl);
            for (int i = 0; i < t->n_level; i++)
                if (tl[i] >= 1e29) tl[i] = INFINITY;
            res->median_level_train = median(tl, t->n_level);
            memcpy(tv, t->vpa, (size_t)t->n * sizeof *tv);
            memcpy(te, t->elements, (size_t)t->n * sizeof *te);
            res->w_volume = wasserstein(vpa, n_v, tv, t->n);
            res->w_elements = wasserstein(ne, n_v, te, t->n);
            int p1 = 0;
            for (int i = 0; i < t->n; i++) p1 += t->k[i].spacegroup == 1;
            res->p1_train = (double)p1 / t->n;
        }
        free(tl);
        free(tv);
        free(te);
    }
done:
    free(lv);
    free(vpa);
    free(ne);
    free(head);
}

/* "Li+1 O-2": the charge assignment of s's elements. */
static void ox_text(const pg_crystal_structure *s, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = 0; i < s->n && n < cap; i++) {
        int seen = 0;
        for (int j = 0; j < i; j++) seen |= s->z[j] == s->z[i];
        if (seen || !s->ox[i]) continue;
        char sym[8];
        if (pg_crystal_formula(&s->z[i], 1, sym, sizeof sym) != PG_OK) {
            pg_error_clear();
            snprintf(sym, sizeof sym, "Z%d", s->z[i]);
        }
        n += (size_t)snprintf(buf + n, cap - n, "%s%s%+d", n ? " " : "",
                              sym, s->ox[i]);
    }
}

/* DIR/name from b (atomically); b is freed. */
static pg_status write_out(const pg_crystal_screen_opts *o, const char *name,
                           pg_text_buffer *b)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", o->out_dir, name);
    pg_status st = pg_atomic_file_write_text(path, b);
    pg_text_buffer_free(b);
    return st;
}

static void csv_num(pg_text_buffer *b, double v)
{
    if (isnan(v)) pg_text_buffer_append(b, ",");
    else if (v >= 1e29) pg_text_buffer_append(b, ",inf");
    else pg_text_buffer_printf(b, ",%.6g", v);
}

static pg_status write_csv(const pg_crystal_screen_opts *o,
                           const pg_crystal_candidates *c, const double *f,
                           const ranking *r, char (*cif)[96])
{
    pg_text_buffer b = {0};
    int *rank_of = malloc((size_t)c->n * sizeof *rank_of);
    if (!rank_of) return PG_FAIL(PG_ERR_NOMEM, "ranks");
    for (int i = 0; i < c->n; i++) rank_of[i] = 0;
    for (int k = 0; k < r->n_order; k++) rank_of[r->order[k]] = k + 1;
    pg_text_buffer_append(&b, "rank,index,formula,natoms,elements,"
                          "spacegroup,volume_per_atom_A3,min_dist_A,"
                          "struct_valid,charge_valid,oxidation,relaxed,"
                          "duplicate_of,novel,mobile,proxy_level_1d,"
                          "proxy_level_2d,proxy_level_3d,proxy_hop_A,"
                          "head_level_3d,cif\n");
    for (int pass = 0; pass < 2; pass++)   /* ranked first, then the rest */
        for (int q = 0; q < (pass ? c->n : r->n_order); q++) {
            int i = pass ? q : r->order[q];
            if (pass && rank_of[i]) continue;
            const double *g = f + (size_t)i * F_COUNT;
            char ox[256];
            ox_text(c->s[i], ox, sizeof ox);
            pg_text_buffer_printf(&b, "%s%d,%d,%s,%d,%d,%d", "", rank_of[i],
                                  i, r->k[i].formula, c->s[i]->n,
                                  (int)g[F_ELEMENTS], (int)g[F_SPACEGROUP]);
            csv_num(&b, g[F_VOLUME_PER_ATOM]);
            csv_num(&b, g[F_MIN_DIST]);
            pg_text_buffer_printf(&b, ",%d,%d,%s,%d,%d,%d,%d",
                                  g[F_STRUCT_OK] > 0, g[F_CHARGE_OK] > 0, ox,
                                  g[F_RELAXED] == RELAX_CONVERGED, r->dup_of[i],
                                  r->novel[i], (int)g[F_MOBILE]);
            csv_num(&b, g[F_LEVEL1]);
            csv_num(&b, g[F_LEVEL2]);
            csv_num(&b, g[F_LEVEL3]);
            csv_num(&b, g[F_HOP]);
            csv_num(&b, c->head[i]);
            pg_text_buffer_printf(&b, ",%s\n", cif[i]);
        }
    free(rank_of);
    return write_out(o, "ranked.csv", &b);
}

static pg_status write_spacegroups(const pg_crystal_screen_opts *o,
                                   const pg_crystal_candidates *c,
                                   const double *f, const train_set *t)
{
    int gen[231] = {0}, tr[231] = {0}, n_gen = 0;
    for (int i = 0; i < c->n; i++) {
        int sg = (int)f[i * F_COUNT + F_SPACEGROUP];
        if (valid_at(f, i) && sg >= 1 && sg <= 230) {
            gen[sg]++;
            n_gen++;
        }
    }
    for (int i = 0; i < t->n; i++)
        if (t->k[i].spacegroup >= 1 && t->k[i].spacegroup <= 230)
            tr[t->k[i].spacegroup]++;
    pg_text_buffer b = {0};
    pg_text_buffer_append(&b, "spacegroup,generated,generated_fraction,"
                          "training,training_fraction\n");
    for (int sg = 1; sg <= 230; sg++)
        if (gen[sg] || tr[sg])
            pg_text_buffer_printf(&b, "%d,%d,%.6f,%d,%.6f\n", sg, gen[sg],
                                  n_gen ? (double)gen[sg] / n_gen : 0.0,
                                  tr[sg], t->n ? (double)tr[sg] / t->n : 0.0);
    return write_out(o, "spacegroups.csv", &b);
}

/* The valid candidates' groups at every tolerance beside the training
 * set's: DIR/spacegroups_tolerance.csv, and the comparisons into res. */
static pg_status write_spacegroups_tolerance(const pg_crystal_screen_opts *o,
                                             const pg_crystal_candidates *c,
                                             const double *f,
                                             const train_set *t,
                                             pg_crystal_screen_result *res)
{
    pg_text_buffer b = {0};
    pg_text_buffer_append(&b, "symprec_A,spacegroup,crystal_system,generated,"
                          "generated_fraction,training,training_fraction\n");
    for (int k = 0; k < PG_CRYSTAL_SG_TOLS; k++) {
        pg_crystal_sg_hist gen = {.symprec = pg_crystal_sg_tols[k]};
        for (int i = 0; i < c->n; i++)
            if (valid_at(f, i)) pg_crystal_sg_hist_add(&gen, c->s[i]);
        const pg_crystal_sg_hist *tr = &t->sg[k];
        res->sg_symprec[k] = gen.symprec;
        pg_crystal_sg_hist_compare(&gen, tr, &res->sg[k]);
        for (int sg = 0; sg <= 230; sg++) {
            if (!gen.count[sg] && !tr->count[sg]) continue;
            int sys = pg_crystal_sg_system(sg);
            pg_text_buffer_printf(
                &b, "%g,%d,%s,%d,%.6f,%d,%.6f\n", gen.symprec, sg,
                sys < 0 ? "none found" : pg_crystal_sg_system_names[sys],
                gen.count[sg], gen.n ? (double)gen.count[sg] / gen.n : 0.0,
                tr->count[sg], tr->n ? (double)tr->count[sg] / tr->n : 0.0);
        }
    }
    /* the size of a symmetric decoder's output against P1's (medians) */
    double *sym = malloc((size_t)c->n * sizeof *sym + 1),
           *p1 = malloc((size_t)c->n * sizeof *p1 + 1);
    int m = 0;
    res->sym_par_median = res->p1_par_median = NAN;
    if (sym && p1) {
        for (int i = 0; i < c->n; i++)
            if (valid_at(f, i)) free_parameters(c->s[i], &sym[m], &p1[m], &m);
        res->sym_par_median = median(sym, m);
        res->p1_par_median = median(p1, m);
    }
    free(sym);
    free(p1);
    res->sym_par_train_median = median(t->sym_par, t->n_par);
    res->p1_par_train_median = median(t->p1_par, t->n_par);
    return write_out(o, "spacegroups_tolerance.csv", &b);
}

/* The top K as DIR/NNN_FORMULA.cif; cif[i] gets the file name. */
static pg_status write_cifs(const pg_crystal_screen_opts *o,
                            const pg_crystal_candidates *c, const ranking *r,
                            int top, char (*cif)[96])
{
    for (int k = 0; k < top; k++) {
        int i = r->order[k];
        char path[4096], block[96], note[160];
        snprintf(cif[i], sizeof cif[i], "%03d_%s.cif", k + 1,
                 r->k[i].formula);
        snprintf(path, sizeof path, "%s/%s", o->out_dir, cif[i]);
        snprintf(block, sizeof block, "physgan_screen_%03d", k + 1);
        snprintf(note, sizeof note, "physgan screen crystals: rank %d of "
                 "candidate %d (%s)", k + 1, i,
                 o->from ? o->from : o->checkpoint);
        PG_CHECK(pg_crystal_cif_write(path, c->s[i], block, note));
    }
    return PG_OK;
}

static pg_status write_page(const pg_crystal_screen_opts *o,
                            const pg_crystal_candidates *c, const double *f,
                            const ranking *r,
                            const pg_crystal_screen_result *res)
{
    pg_crystal_page_entry *e = calloc((size_t)res->top + 1, sizeof *e);
    if (!e) return PG_FAIL(PG_ERR_NOMEM, "page");
    for (int k = 0; k < res->top; k++) {
        int i = r->order[k];
        const double *g = f + (size_t)i * F_COUNT;
        e[k] = (pg_crystal_page_entry){c->s[i], r->k[i].formula,
                                       (int)g[F_SPACEGROUP], g[F_LEVEL3],
                                       g[F_LEVEL1], g[F_HOP], c->head[i],
                                       r->novel[i]};
    }
    char rows[16][160];
    const char *rp[16];
    int nr = 0;
    snprintf(rows[nr++], 160, "source\t%s", o->from ? o->from : o->checkpoint);
    snprintf(rows[nr++], 160, "candidates\t%d", res->candidates);
    snprintf(rows[nr++], 160, "compositions (conditional G)\t%s",
             res->compositions);
    snprintf(rows[nr++], 160, "relaxed before validation\t%s (%d relaxed)",
             o->relax ? "yes" : "no", res->relaxed);
    snprintf(rows[nr++], 160, "structurally valid (pairs >= 0.5 A)\t%d",
             res->valid_struct);
    snprintf(rows[nr++], 160, "charge valid (SMACT rule)\t%d",
             res->valid_charge);
    snprintf(rows[nr++], 160, "both valid / unique / novel\t%d / %d / %d",
             res->valid, res->unique, res->novel);
    snprintf(rows[nr++], 160, "valid with Li or Na / percolating in 3D\t%d "
             "/ %d", res->with_mobile, res->percolating);
    snprintf(rows[nr++], 160, "median PROXY 3D level: valid / top %d / "
             "training (v.u.)\t%.3f / %.3f / %.3f", res->top,
             res->median_level_valid, res->median_level_top,
             res->median_level_train);
    snprintf(rows[nr++], 160, "space groups (valid) / P1\t%d / %d",
             res->spacegroups, res->p1);
    for (int k = 0; k < PG_CRYSTAL_SG_TOLS; k++)
        snprintf(rows[nr++], 160, "at %g A: groups / P1 fraction / TV "
                 "distance to training\t%d / %.3f / %.3f (training: %d / "
                 "%.3f)", res->sg_symprec[k], res->sg[k].groups_a,
                 res->sg[k].p1_a, res->sg[k].tv_groups, res->sg[k].groups_b,
                 res->sg[k].p1_b);
    for (int k = 0; k < nr; k++) rp[k] = rows[k];
    pg_text_buffer b = {0};
    pg_crystal_screen_page_build(rp, nr, e, res->top, &b);
    free(e);
    return write_out(o, "screen.html", &b);
}

static pg_status finish(const pg_crystal_screen_opts *o,
                        const pg_crystal_candidates *c, const double *f,
                        pg_crystal_screen_result *res)
{
    train_set t = {0};
    ranking r = {0};
    char (*cif)[96] = calloc((size_t)c->n + 1, sizeof *cif);
    pg_status st = cif ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "names");
    if (st == PG_OK && o->train_path) st = train_read(o->train_path, &t);
    if (st == PG_OK) st = rank_all(c, f, &t, &r);
    if (st == PG_OK) {
        summarise(c, f, &t, &r, o->top, res);
        st = pg_generate_make_dir(o->out_dir);
    }
    if (st == PG_OK) st = write_cifs(o, c, &r, res->top, cif);
    if (st == PG_OK) st = write_csv(o, c, f, &r, cif);
    if (st == PG_OK) st = write_spacegroups(o, c, f, &t);
    if (st == PG_OK) st = write_spacegroups_tolerance(o, c, f, &t, res);
    if (st == PG_OK) st = write_page(o, c, f, &r, res);
    ranking_free(&r);
    train_free(&t);
    free(cif);
    return st;
}

/* The scores of every candidate: computed (all, or with --shard one
 * part, written as crystal_screen/1 by rank 0), or read from the merged
 * parts (--scores; rank 0). *ranked: whether rank 0 may rank them.
 * Collective. */
static pg_status get_scores(const pg_crystal_screen_opts *o, MPI_Comm comm,
                            int rank, pg_crystal_candidates *c, double *f,
                            pg_crystal_screen_result *res)
{
    if (o->scores_path)
        return pg_dist_agree(comm, rank == 0 ? pg_crystal_screen_scores_read(
                                                   o->scores_path, o, c, f)
                                             : PG_OK);
    size_t lo = 0, cnt = (size_t)c->n;
    if (o->shards > 0)
        pg_shard_range((size_t)c->n, o->shard, o->shards, &lo, &cnt);
    res->scored_first = (int)lo;
    res->scored_count = (int)cnt;
    PG_CHECK(score_range(o, comm, c, (int)lo, (int)(lo + cnt), f));
    if (o->shards == 0) return PG_OK;
    pg_status st = PG_OK;
    if (rank == 0) st = pg_generate_make_dir(o->out_dir);
    if (rank == 0 && st == PG_OK)
        st = pg_crystal_screen_scores_write(res->scores_file, o, c, (int)lo,
                                            (int)cnt, f);
    return pg_dist_agree(comm, st);
}

pg_status pg_crystal_screen_run(const pg_crystal_screen_opts *o,
                                MPI_Comm comm, pg_crystal_screen_result *res)
{
    int rank = 0;
    if (comm != MPI_COMM_NULL) MPI_Comm_rank(comm, &rank);
    memset(res, 0, sizeof *res);
    if (o->shards > 0 &&
        (o->shard < 0 || o->shard >= o->shards || o->scores_path))
        return PG_FAIL(PG_ERR_ARG, "screen crystals: --shard %d/%d needs "
                       "0 <= I < N and no --scores", o->shard, o->shards);
    if (o->shards > 0)
        snprintf(res->scores_file, sizeof res->scores_file,
                 "%s/scores-%d-of-%d.h5", o->out_dir, o->shard, o->shards);
    pg_crystal_candidates c = {0};
    double *f = NULL;
    pg_status st = pg_dist_agree(comm, pg_crystal_candidates_make(o, &c));
    res->compositions = c.cond ? o->compositions : "none";
    res->candidates = c.n;
    if (st == PG_OK) {
        f = calloc((size_t)c.n * F_COUNT + 1, sizeof *f);
        st = pg_dist_agree(comm, f ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "scores"));
    }
    if (st == PG_OK) st = get_scores(o, comm, rank, &c, f, res);
    if (st == PG_OK && o->shards == 0)
        st = pg_dist_agree(comm, rank == 0 ? finish(o, &c, f, res) : PG_OK);
    free(f);
    pg_crystal_candidates_release(&c);
    return st;
}
