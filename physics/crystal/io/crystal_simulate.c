/* The crystal training-set generator (crystal_simulate.h). */
#include "physics/crystal/io/crystal_simulate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/rng.h"
#include "dist/agree.h"
#include "dist/comm.h"
#include "io/h5.h"
#include "io/shard.h"
#include "physics/crystal/crystal_bv.h"
#include "physics/crystal/crystal_conduction.h"
#include "physics/crystal/crystal_ewald.h"
#include "physics/crystal/crystal_formula.h"
#include "physics/crystal/crystal_lattice.h"
#include "physics/crystal/crystal_repulsion.h"
#include "physics/crystal/crystal_spacing.h"
#include "physics/crystal/io/crystal_file.h"
#include "physics/crystal/io/crystal_spglib.h"

enum { Z_LI = 3, Z_NA = 11 };
static const double GII_CUTOFF_A = 4.5; /* as import cif's default */

static const char *const OUTCOME_NAMES[PG_CRYSTAL_SIM_OUTCOMES] = {
    "accepted", "no_substitution", "collapsed", "not_converged", "unbound",
    "volume_change", "too_close", "overlap", "relaxation_failed",
    "duplicate"};

const char *pg_crystal_sim_outcome_name(pg_crystal_sim_outcome o)
{
    return o < PG_CRYSTAL_SIM_OUTCOMES ? OUTCOME_NAMES[o] : "?";
}

pg_status pg_crystal_sim_defaults(pg_crystal_sim_opts *o)
{
    memset(o, 0, sizeof *o);
    o->candidates = 1000;
    o->shards = 1;
    o->max_atoms = 40;
    o->seed = 1;
    o->symprec = 0.01;
    o->min_dist = 0.5;
    o->vol_factor = 2.0;
    o->overlap = 0.75;
    o->proxy_spacing = 0.2;
    o->subst = pg_crystal_subst_defaults();
    PG_CHECK(pg_crystal_relax_defaults(&o->relax));
    return PG_OK;
}

/* ---- one candidate's record: doubles, so ranks send it as one array ---- */

enum {
    R_OUTCOME, R_PROTO, R_NATOMS, R_SG, R_SG_PROTO, R_ENERGY, R_EWALD, R_REP,
    R_FMAX, R_PRESSURE, R_VOLUME, R_ITER, R_GII, R_MOBILE, R_MISMATCH,
    R_LEVEL1, R_LEVEL2, R_LEVEL3, R_HOP, R_LATTICE,
    R_ATOMS = R_LATTICE + 9,
    PER_ATOM = 8 /* frac 3, z, ox, force 3 */
};

static size_t record_len(int A) { return R_ATOMS + (size_t)PER_ATOM * A; }

typedef struct prototype {
    pg_crystal_structure *s;
    int index, sg; /* in the prototypes file; its space group */
    char formula[64];
    int n_ops, *perm; /* its symmetry as atom permutations (spglib) */
} prototype;

typedef struct protos {
    int n, read;
    int too_big, unusable, repeated; /* structures left out, by reason */
    prototype *p;
} protos;

static void protos_free(protos *ps)
{
    for (int i = 0; i < ps->n; i++) {
        pg_crystal_structure_destroy(&ps->p[i].s);
        free(ps->p[i].perm);
    }
    free(ps->p);
    ps->p = NULL;
    ps->n = 0;
}

static int seen(const protos *ps, const char *formula, int sg)
{
    for (int i = 0; i < ps->n; i++)
        if (ps->p[i].sg == sg && !strcmp(ps->p[i].formula, formula)) return 1;
    return 0;
}

/* The usable prototypes of the file, one per (formula, space group). */
static pg_status load_prototypes(const pg_crystal_sim_opts *o, protos *ps)
{
    pg_crystal_data *d = NULL;
    PG_CHECK(pg_crystal_file_read(o->prototypes, &d));
    pg_status st = PG_OK;
    ps->read = d->n;
    ps->p = calloc((size_t)(d->n > 0 ? d->n : 1), sizeof *ps->p);
    if (!ps->p) st = PG_FAIL(PG_ERR_NOMEM, "%d prototypes", d->n);
    for (int i = 0; st == PG_OK && i < d->n; i++) {
        if (d->natoms[i] < 1 || d->natoms[i] > o->max_atoms) {
            ps->too_big++;
            continue;
        }
        pg_crystal_structure *s = NULL;
        st = pg_crystal_structure_create(d->natoms[i], &s);
        if (st == PG_OK) st = pg_crystal_data_structure(d, i, s);
        char formula[64];
        if (st == PG_OK) st = pg_crystal_formula(s->z, s->n, formula,
                                                 sizeof formula);
        int usable = st == PG_OK && pg_crystal_subst_usable(s, NULL);
        int again = usable && seen(ps, formula, d->spacegroup[i]);
        if (!usable || again) {
            ps->unusable += st == PG_OK && !usable;
            ps->repeated += again;
            pg_crystal_structure_destroy(&s);
            continue;
        }
        prototype *p = &ps->p[ps->n++];
        p->s = s;
        if (pg_crystal_symmetry_permutations(s, o->symprec, &p->perm,
                                             &p->n_ops) != PG_OK) {
            /* no symmetry found: the identity alone */
            pg_error_clear();
            p->n_ops = 1;
            p->perm = malloc((size_t)s->n * sizeof *p->perm);
            if (!p->perm) st = PG_FAIL(PG_ERR_NOMEM, "identity");
            for (int j = 0; p->perm && j < s->n; j++) p->perm[j] = j;
        }
        p->index = i;
        p->sg = d->spacegroup[i];
        memcpy(p->formula, formula, sizeof formula);
    }
    pg_crystal_data_destroy(&d);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    if (ps->n == 0)
        return PG_FAIL(PG_ERR_ARG, "%s: none of its %d structures is a usable "
                       "prototype (at most %d atoms, every ion with an "
                       "oxidation state, Shannon radius and bond-valence "
                       "parameters)", o->prototypes, ps->read, o->max_atoms);
    return PG_OK;
}

/* Space group, GII and the proxy of an accepted structure. */
static pg_status describe(const pg_crystal_sim_opts *o,
                          const pg_crystal_structure *s, double *rec)
{
    int sg = 0;
    char sym[16];
    if (pg_crystal_spacegroup(s, o->symprec, &sg, sym) != PG_OK) {
        pg_error_clear(); /* no group found: recorded as 0 */
        sg = 0;
    }
    rec[R_SG] = sg;
    double *V = malloc((size_t)s->n * sizeof *V), gii = NAN;
    if (!V) return PG_FAIL(PG_ERR_NOMEM, "GII workspace");
    pg_status st = pg_crystal_gii(s->lattice, s->frac, s->z, s->ox, s->n,
                                  GII_CUTOFF_A, V, &gii, NULL, NULL);
    free(V);
    PG_CHECK(st);
    rec[R_GII] = gii;
    int mobile = 0;
    for (int i = 0; i < s->n; i++)
        if (s->z[i] == Z_LI || (s->z[i] == Z_NA && mobile != Z_LI))
            mobile = s->z[i];
    rec[R_MOBILE] = mobile;
    rec[R_MISMATCH] = rec[R_LEVEL1] = rec[R_LEVEL2] = rec[R_LEVEL3] =
        rec[R_HOP] = PG_CRYSTAL_SIM_PROXY_NONE;
    if (!mobile || !(o->proxy_spacing > 0)) return PG_OK;
    pg_crystal_proxy_opts po = pg_crystal_proxy_defaults(mobile);
    po.spacing = o->proxy_spacing;
    pg_crystal_proxy px;
    PG_CHECK(pg_crystal_proxy_compute(s, &po, &px));
    double v[5] = {px.min_mismatch, px.level[0], px.level[1], px.level[2],
                   px.min_hop};
    for (int i = 0; i < 5; i++)
        rec[R_MISMATCH + i] = isfinite(v[i]) ? v[i] : PG_CRYSTAL_SIM_NO_PATH;
    return PG_OK;
}

static void store_atoms(const pg_crystal_structure *s, const double *forces,
                        double *rec)
{
    memcpy(rec + R_LATTICE, s->lattice, 9 * sizeof *rec);
    for (int i = 0; i < s->n; i++) {
        double *a = rec + R_ATOMS + (size_t)PER_ATOM * i;
        for (int k = 0; k < 3; k++) {
            a[k] = s->frac[3 * i + k];
            a[5 + k] = forces[3 * i + k];
        }
        a[3] = s->z[i];
        a[4] = s->ox[i];
    }
}

/* Candidate k into rec (record_len doubles). */
/* The substitution of candidate k into s and sigma; *found = 0 when
 * none. Depends on (seed, k) alone. */
static pg_status substitute(const pg_crystal_sim_opts *o, const protos *ps,
                            long k, pg_crystal_structure *s, double *sigma,
                            int *found)
{
    pg_rng *rng = NULL;
    PG_CHECK(pg_rng_create(o->seed, (int)k, PG_CRYSTAL_SIM_RNG_STREAM, &rng));
    pg_status st = pg_crystal_substitute(ps->p[k % ps->n].s, &o->subst, rng,
                                         s, sigma, found);
    pg_rng_destroy(&rng);
    return st;
}

/* The substituted ions, site by site, up to the prototype's symmetry: the
 * smallest FNV-1a hash of the ions over the images of the assignment
 * under every symmetry operation (ion of atom i moved to atom perm[i]),
 * so that symmetry-equivalent substitutions share one key. Never 0.
 * work: 2 s->n ints. */
static uint64_t ions_key(const prototype *p, const pg_crystal_structure *s,
                         int *work)
{
    uint64_t best = UINT64_MAX;
    for (int k = 0; k < p->n_ops; k++) {
        const int *perm = p->perm + (size_t)k * (size_t)s->n;
        for (int i = 0; i < s->n; i++) {
            work[2 * perm[i]] = s->z[i];
            work[2 * perm[i] + 1] = s->ox[i];
        }
        uint64_t h = 1469598103934665603ULL;
        for (int i = 0; i < 2 * s->n; i++)
            h = (h ^ (uint64_t)(work[i] & 0xff)) * 1099511628211ULL;
        if (h < best) best = h;
    }
    return best ? best : 1;
}

/* keys[k] for every candidate k < n: what a candidate is compared with to
 * find duplicates, the same on every rank and shard. */
static pg_status substitution_keys(const pg_crystal_sim_opts *o,
                                   const protos *ps, long n,
                                   pg_crystal_structure *s, double *sigma,
                                   uint64_t *keys)
{
    int *work = malloc(2 * (size_t)o->max_atoms * sizeof *work);
    if (!work) return PG_FAIL(PG_ERR_NOMEM, "key workspace");
    pg_status st = PG_OK;
    for (long k = 0; k < n && st == PG_OK; k++) {
        int found = 0;
        st = substitute(o, ps, k, s, sigma, &found);
        keys[k] = found ? ions_key(&ps->p[k % ps->n], s, work) : 0;
    }
    free(work);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

/* Whether an earlier candidate of the same prototype has the same ions. */
static int earlier_twin(const uint64_t *keys, long k, int n_protos)
{
    for (long j = k - n_protos; j >= 0; j -= n_protos)
        if (keys[j] == keys[k]) return 1;
    return 0;
}

/* Candidate k into rec (record_len doubles). */
static pg_status run_candidate(const pg_crystal_sim_opts *o,
                               const protos *ps, long k, const uint64_t *keys,
                               double *rec, pg_crystal_structure *s,
                               double *sigma, double *forces, double *charge)
{
    const prototype *p = &ps->p[k % ps->n];
    memset(rec, 0, record_len(o->max_atoms) * sizeof *rec);
    rec[R_PROTO] = p->index;
    rec[R_SG_PROTO] = p->sg;
    if (!keys[k]) {
        rec[R_OUTCOME] = PG_CRYSTAL_SIM_NO_SUBSTITUTION;
        return PG_OK;
    }
    if (earlier_twin(keys, k, ps->n)) {
        rec[R_OUTCOME] = PG_CRYSTAL_SIM_DUPLICATE;
        return PG_OK;
    }
    int found = 0;
    PG_CHECK(substitute(o, ps, k, s, sigma, &found));
    double V0 = fabs(pg_crystal_lattice_inverse(s->lattice, (double[9]){0}));
    pg_crystal_relax_result r;
    pg_status st = pg_crystal_relax(s, sigma, &o->relax, forces, &r);
    if (st == PG_ERR_NUMERIC) {
        pg_error_clear();
        rec[R_OUTCOME] = PG_CRYSTAL_SIM_FAILED;
        return PG_OK;
    }
    PG_CHECK(st);
    double V1 = fabs(pg_crystal_lattice_inverse(s->lattice, (double[9]){0}));
    rec[R_NATOMS] = s->n;
    rec[R_ENERGY] = r.energy;
    rec[R_EWALD] = r.e_ewald;
    rec[R_REP] = r.e_rep;
    rec[R_FMAX] = r.max_force;
    rec[R_PRESSURE] = r.pressure;
    rec[R_VOLUME] = V1 / V0;
    rec[R_ITER] = r.iterations;
    pg_crystal_sim_outcome out = PG_CRYSTAL_SIM_ACCEPTED;
    if (r.collapsed) out = PG_CRYSTAL_SIM_COLLAPSED;
    else if (!r.converged) out = PG_CRYSTAL_SIM_NOT_CONVERGED;
    else if (!(r.energy < 0)) out = PG_CRYSTAL_SIM_UNBOUND;
    else if (!(V1 / V0 < o->vol_factor && V0 / V1 < o->vol_factor))
        out = PG_CRYSTAL_SIM_VOLUME;
    else if (pg_crystal_min_distance(s->lattice, s->frac, s->n) < o->min_dist)
        out = PG_CRYSTAL_SIM_TOO_CLOSE;
    else {
        double ratio;
        for (int i = 0; i < s->n; i++) charge[i] = s->ox[i];
        PG_CHECK(pg_crystal_overlap_min(s->lattice, s->frac, sigma, charge,
                                        s->n, &ratio));
        if (ratio < o->overlap) out = PG_CRYSTAL_SIM_OVERLAP;
    }
    rec[R_OUTCOME] = out;
    if (out != PG_CRYSTAL_SIM_ACCEPTED) return PG_OK;
    store_atoms(s, forces, rec);
    PG_CHECK(describe(o, s, rec));
    return PG_OK;
}

/* This rank's candidates of the shard: begin + rank + j * ranks. */
static long local_count(long count, int rank, int ranks)
{
    return count > rank ? (count - rank + ranks - 1) / ranks : 0;
}

static pg_status run_local(const pg_crystal_sim_opts *o, const protos *ps,
                           long begin, long count, int rank, int ranks,
                           double *recs, pg_progress *progress)
{
    pg_crystal_structure *s = NULL;
    size_t A = (size_t)o->max_atoms, R = record_len(o->max_atoms);
    double *sigma = malloc(A * sizeof *sigma);
    double *forces = malloc(3 * A * sizeof *forces);
    double *charge = malloc(A * sizeof *charge);
    pg_status st = pg_crystal_structure_create(o->max_atoms, &s);
    if (st == PG_OK && (!sigma || !forces || !charge))
        st = PG_FAIL(PG_ERR_NOMEM, "candidate workspace");
    uint64_t *keys = malloc((size_t)(begin + count + 1) * sizeof *keys);
    if (st == PG_OK && !keys)
        st = PG_FAIL(PG_ERR_NOMEM, "%ld substitution keys", begin + count);
    if (st == PG_OK)
        st = substitution_keys(o, ps, begin + count, s, sigma, keys);
    long n = local_count(count, rank, ranks);
    for (long j = 0; j < n && st == PG_OK; j++) {
        st = run_candidate(o, ps, begin + rank + j * ranks, keys,
                           recs + j * R, s, sigma, forces, charge);
        if (progress) pg_progress_update(progress, j + 1, NULL);
    }
    pg_crystal_structure_destroy(&s);
    free(sigma);
    free(forces);
    free(charge);
    free(keys);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}

/* Rank 0: every record of the shard in candidate order (all: count x R). */
static pg_status gather(MPI_Comm comm, int rank, int ranks, long count,
                        size_t R, const double *mine, double *all)
{
    if (comm == MPI_COMM_NULL || ranks == 1) {
        if (rank == 0) memcpy(all, mine, (size_t)count * R * sizeof *all);
        return PG_OK;
    }
    long nmax = local_count(count, 0, ranks);
    double *buf = rank == 0 ? malloc((size_t)(nmax ? nmax : 1) * R *
                                     sizeof *buf) : NULL;
    if (rank == 0 && !buf) return PG_FAIL(PG_ERR_NOMEM, "gather buffer");
    for (int q = 0; q < ranks; q++) {
        long nq = local_count(count, q, ranks);
        if (nq * (long)R > 0x7fffffffL) {
            free(buf);
            return PG_FAIL(PG_ERR_ARG, "%ld candidates on a rank: more than "
                           "one MPI message holds", nq);
        }
        if (q == 0 && rank == 0) {
            memcpy(buf, mine, (size_t)nq * R * sizeof *buf);
        } else if (rank == q) {
            MPI_Send(mine, (int)(nq * (long)R), MPI_DOUBLE, 0, 0, comm);
            continue;
        } else if (rank == 0) {
            MPI_Recv(buf, (int)(nq * (long)R), MPI_DOUBLE, q, 0, comm,
                     MPI_STATUS_IGNORE);
        } else {
            continue;
        }
        for (long j = 0; j < nq; j++)
            memcpy(all + (size_t)(q + j * ranks) * R, buf + (size_t)j * R,
                   R * sizeof *all);
    }
    free(buf);
    return PG_OK;
}

/* ---- rank 0: de-duplicate and write ---- */

typedef struct accepted {
    int n, A;
    const double **rec; /* the records written, in order */
    pg_crystal_import im;
    const pg_crystal_sim_opts *o;
} accepted;

static pg_status record_structure(const double *rec, int A,
                                  pg_crystal_entry *e)
{
    int n = (int)rec[R_NATOMS];
    if (n < 1 || n > A)
        return PG_FAIL(PG_ERR_ARG, "record with %d atoms", n);
    PG_CHECK(pg_crystal_structure_create(n, &e->s));
    memcpy(e->s->lattice, rec + R_LATTICE, 9 * sizeof *rec);
    for (int i = 0; i < n; i++) {
        const double *a = rec + R_ATOMS + (size_t)PER_ATOM * i;
        PG_CHECK(pg_crystal_structure_append(e->s, a, (int)a[3], i));
        e->s->ox[i] = (int)a[4];
    }
    PG_CHECK(pg_crystal_formula(e->s->z, n, e->formula, sizeof e->formula));
    e->sg = (int)rec[R_SG];
    e->gii = rec[R_GII];
    return PG_OK;
}

/* A float32 dataset of one value per structure, or per atom x w. */
static pg_status write_column(pg_h5_file *w, const accepted *a,
                              const char *name, int field, int per_atom,
                              int width, const char *units)
{
    size_t N = (size_t)a->n, A = (size_t)a->A;
    size_t per = per_atom ? A * (size_t)width : 1;
    float *v = calloc(N * per, sizeof *v);
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "%s", name);
    for (size_t i = 0; i < N; i++) {
        const double *r = a->rec[i];
        if (!per_atom) {
            v[i] = (float)r[field];
            continue;
        }
        for (int j = 0; j < (int)r[R_NATOMS]; j++)
            for (int k = 0; k < width; k++)
                v[i * per + (size_t)j * width + k] =
                    (float)r[R_ATOMS + (size_t)PER_ATOM * j + field + k];
    }
    size_t d1[1] = {N}, d3[3] = {N, A, (size_t)width};
    pg_status st = pg_h5_dataset_write(w, name, PG_H5_F32, per_atom ? 3 : 1,
                                       per_atom ? d3 : d1, v, units,
                                       per_atom ? 4 : 0);
    free(v);
    return st;
}

static pg_status write_int_column(pg_h5_file *w, const accepted *a,
                                  const char *name, int field)
{
    size_t N = (size_t)a->n, d1[1] = {N};
    int *v = malloc(N * sizeof *v);
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "%s", name);
    for (size_t i = 0; i < N; i++) v[i] = (int)a->rec[i][field];
    pg_status st = pg_h5_dataset_write(w, name, PG_H5_I32, 1, d1, v, "1", 0);
    free(v);
    return st;
}

/* Energies per atom: the record holds them per cell. */
static void per_atom_energies(accepted *a, double *scratch)
{
    for (int i = 0; i < a->n; i++) {
        double *r = scratch + (size_t)i * 3;
        const double *s = a->rec[i];
        r[0] = s[R_ENERGY] / s[R_NATOMS];
        r[1] = s[R_EWALD] / s[R_NATOMS];
        r[2] = s[R_REP] / s[R_NATOMS];
    }
}

static pg_status write_energy(pg_h5_file *w, const accepted *a,
                              const double *e, int k, const char *name)
{
    size_t N = (size_t)a->n, d1[1] = {N};
    float *v = malloc(N * sizeof *v);
    if (!v) return PG_FAIL(PG_ERR_NOMEM, "%s", name);
    for (size_t i = 0; i < N; i++) v[i] = (float)e[3 * i + (size_t)k];
    pg_status st = pg_h5_dataset_write(w, name, PG_H5_F32, 1, d1, v,
                                       "eV/atom", 0);
    free(v);
    return st;
}

static pg_status write_props(pg_h5_file *w, void *ctx)
{
    accepted *a = ctx;
    const pg_crystal_sim_opts *o = a->o;
    double *e = malloc((size_t)a->n * 3 * sizeof *e);
    if (!e) return PG_FAIL(PG_ERR_NOMEM, "energies");
    per_atom_energies(a, e);
    pg_status st = PG_OK;
    PG_CHECK_GOTO(st, write_energy(w, a, e, 0, "/props/energy"), done);
    PG_CHECK_GOTO(st, write_energy(w, a, e, 1, "/props/energy_ewald"), done);
    PG_CHECK_GOTO(st, write_energy(w, a, e, 2, "/props/energy_repulsion"),
                  done);
    PG_CHECK_GOTO(st, write_column(w, a, "/props/forces", 5, 1, 3, "eV/A"),
                  done);
    PG_CHECK_GOTO(st, write_column(w, a, "/props/max_force", R_FMAX, 0, 1,
                                   "eV/A"), done);
    PG_CHECK_GOTO(st, write_column(w, a, "/props/pressure", R_PRESSURE, 0, 1,
                                   "GPa"), done);
    PG_CHECK_GOTO(st, write_column(w, a, "/props/volume_ratio", R_VOLUME, 0,
                                   1, "1"), done);
    PG_CHECK_GOTO(st, write_int_column(w, a, "/props/prototype", R_PROTO),
                  done);
    PG_CHECK_GOTO(st, write_int_column(w, a, "/props/spacegroup_prototype",
                                       R_SG_PROTO), done);
    PG_CHECK_GOTO(st, write_int_column(w, a, "/props/proxy_mobile", R_MOBILE),
                  done);
    static const struct { const char *name; int field; const char *units; }
        proxy[] = {{"/props/proxy_min_mismatch", R_MISMATCH, "v.u."},
                   {"/props/proxy_level_1d", R_LEVEL1, "v.u."},
                   {"/props/proxy_level_2d", R_LEVEL2, "v.u."},
                   {"/props/proxy_level_3d", R_LEVEL3, "v.u."},
                   {"/props/proxy_hop", R_HOP, "A"}};
    for (size_t i = 0; i < sizeof proxy / sizeof *proxy; i++)
        PG_CHECK_GOTO(st, write_column(w, a, proxy[i].name, proxy[i].field,
                                       0, 1, proxy[i].units), done);
    PG_CHECK_GOTO(st, pg_h5_attr_write_string(w, "/", "prototypes",
                                              o->prototypes), done);
    PG_CHECK_GOTO(st, pg_h5_attr_write_string(w, "/", "force_field",
                  "Ewald (formal charges) + Born-Mayer (Shannon radii)"),
                  done);
    PG_CHECK_GOTO(st, pg_h5_attr_write_double(w, "/", "born_mayer_b_eV",
                                              o->relax.repulsion.b), done);
    PG_CHECK_GOTO(st, pg_h5_attr_write_double(w, "/", "born_mayer_rho_A",
                                              o->relax.repulsion.rho), done);
    PG_CHECK_GOTO(st, pg_h5_attr_write_int(w, "/", "seed", (int)o->seed),
                  done);
    PG_CHECK_GOTO(st, pg_h5_attr_write_int(w, "/", "candidates",
                                           (int)o->candidates), done);
done:
    free(e);
    return st;
}

static pg_status write_accepted(const pg_crystal_sim_opts *o, long count,
                                size_t R, const double *all, const char *path,
                                pg_crystal_sim_summary *sum)
{
    accepted a = {.A = o->max_atoms, .o = o};
    a.rec = malloc((size_t)(count ? count : 1) * sizeof *a.rec);
    a.im.e = calloc((size_t)(count ? count : 1), sizeof *a.im.e);
    pg_status st = PG_OK;
    if (!a.rec || !a.im.e) {
        st = PG_FAIL(PG_ERR_NOMEM, "%ld records", count);
        goto done;
    }
    for (long k = 0; k < count; k++) {
        const double *rec = all + (size_t)k * R;
        int out = (int)rec[R_OUTCOME];
        if (out != PG_CRYSTAL_SIM_ACCEPTED) {
            sum->outcome[out]++;
            continue;
        }
        pg_crystal_entry *e = &a.im.e[a.n];
        PG_CHECK_GOTO(st, record_structure(rec, a.A, e), done);
        a.rec[a.n++] = rec;
        sum->outcome[PG_CRYSTAL_SIM_ACCEPTED]++;
        sum->with_li_na += rec[R_MOBILE] != 0;
        sum->same_spacegroup += rec[R_SG] == rec[R_SG_PROTO];
    }
    a.im.n = a.im.cap = a.n;
    sum->written = a.n;
    if (a.n == 0) {
        st = PG_FAIL(PG_ERR_ARG, "no candidate of %ld was accepted", count);
        goto done;
    }
    pg_crystal_file_layout layout = {o->max_atoms, 1, write_props, &a};
    PG_CHECK_GOTO(st, pg_crystal_file_write_layout(path, &a.im, o->symprec,
                  "physgan simulate crystal", &layout), done);
done:
    for (int i = 0; i < a.n; i++) pg_crystal_structure_destroy(&a.im.e[i].s);
    free(a.im.e);
    free(a.rec);
    return st;
}

static pg_status check_opts(const pg_crystal_sim_opts *o)
{
    if (!o->prototypes)
        return PG_FAIL(PG_ERR_ARG, "simulate crystal: no prototypes file");
    if (o->candidates < 1 || o->shards < 1 || o->shard < 0 ||
        o->shard >= o->shards)
        return PG_FAIL(PG_ERR_ARG, "simulate crystal: candidates %ld, shard "
                       "%d/%d", o->candidates, o->shard, o->shards);
    if (o->max_atoms < 1 || o->max_atoms > PG_CRYSTAL_EWALD_MAX_ATOMS)
        return PG_FAIL(PG_ERR_ARG, "simulate crystal: max_atoms %d outside "
                       "1..%d", o->max_atoms, PG_CRYSTAL_EWALD_MAX_ATOMS);
    return PG_OK;
}

pg_status pg_crystal_simulate(const pg_crystal_sim_opts *o, MPI_Comm comm_in,
                              const char *path, pg_progress *progress,
                              pg_crystal_sim_summary *sum)
{
    PG_CHECK(check_opts(o));
    memset(sum, 0, sizeof *sum);
    struct timespec t0, t1, c0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c0);
    MPI_Comm comm;
    int rank, ranks;
    PG_CHECK(pg_dist_comm_dup(comm_in, &comm, &rank, &ranks));
    if (rank != 0) progress = NULL;
    size_t begin, count, R = record_len(o->max_atoms);
    pg_shard_range((size_t)o->candidates, o->shard, o->shards, &begin, &count);
    protos ps = {0};
    double *mine = NULL, *all = NULL;
    pg_status st = load_prototypes(o, &ps);
    long nl = local_count((long)count, rank, ranks);
    if (st == PG_OK) {
        mine = malloc((size_t)(nl ? nl : 1) * R * sizeof *mine);
        all = rank == 0 ? malloc((count ? count : 1) * R * sizeof *all) : NULL;
        if (!mine || (rank == 0 && !all))
            st = PG_FAIL(PG_ERR_NOMEM, "records of %zu candidates", count);
    }
    if (st == PG_OK)
        st = run_local(o, &ps, (long)begin, (long)count, rank, ranks, mine,
                       progress);
    st = pg_dist_agree(comm, st);
    if (st == PG_OK)
        st = gather(comm, rank, ranks, (long)count, R, mine, all);
    st = pg_dist_agree(comm, st);
    if (st == PG_OK && rank == 0) {
        sum->prototypes_read = ps.read;
        sum->prototypes_used = ps.n;
        sum->prototypes_too_big = ps.too_big;
        sum->prototypes_unusable = ps.unusable;
        sum->prototypes_repeated = ps.repeated;
        sum->candidates = (long)count;
        st = write_accepted(o, (long)count, R, all, path, sum);
    }
    st = pg_dist_agree(comm, st);
    protos_free(&ps);
    free(mine);
    free(all);
    /* CPU seconds of every rank, summed (the machine may be shared: wall
     * time alone would not say what the work cost). */
    struct timespec c1;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &c1);
    double cpu = (double)(c1.tv_sec - c0.tv_sec) +
                 1e-9 * (double)(c1.tv_nsec - c0.tv_nsec), cpu_all = cpu;
    if (comm != MPI_COMM_NULL)
        MPI_Reduce(&cpu, &cpu_all, 1, MPI_DOUBLE, MPI_SUM, 0, comm);
    pg_dist_comm_free(&comm);
    sum->cpu_seconds = cpu_all;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    sum->seconds = (double)(t1.tv_sec - t0.tv_sec) +
                   1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    if (st != PG_OK) return pg_error_trace(st, __FILE__, __LINE__, __func__);
    return PG_OK;
}
