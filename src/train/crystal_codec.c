#include "train/crystal_codec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The six lattice parameters of a lower-triangular L (rows a, b, c):
 * log a_x, b_x / a_x, log b_y, c_x / a_x, c_y / b_y, log c_z. Logs keep
 * the diagonal positive, ratios keep the skew in proportion, so no value
 * G emits is a cell of negative volume. */
static double lattice_param(const float *L, int k)
{
    switch (k) {
    case 0: return log(L[0]);
    case 1: return L[3] / L[0];
    case 2: return log(L[4]);
    case 3: return L[6] / L[0];
    case 4: return L[7] / L[4];
    default: return log(L[8]);
    }
}

pg_status pg_crystal_codec_fit(const pg_crystal_data *d, int atoms,
                               const float *target, const int *has,
                               double cap, const char *path,
                               pg_crystal_codec *c)
{
    memset(c, 0, sizeof *c);
    int seen[PG_CRYSTAL_CODEC_VOCAB] = {0}, largest = 0;
    for (int i = 0; i < d->n; i++) {
        if (d->natoms[i] > largest) largest = d->natoms[i];
        for (int a = 0; a < d->natoms[i]; a++) {
            int z = d->species[(size_t)i * d->max_atoms + a];
            if (z < 1 || z >= PG_CRYSTAL_CODEC_VOCAB)
                return PG_FAIL(PG_ERR_FORMAT, "%s: structure %d atom %d has "
                               "Z = %d", path, i, a, z);
            seen[z] = 1;
        }
    }
    c->atoms = atoms > 0 ? atoms : largest;
    if (largest > c->atoms)
        return PG_FAIL(PG_ERR_ARG, "%s holds a structure of %d atoms; [model] "
                       "atoms = %d slots cannot hold it (0: the largest)",
                       path, largest, c->atoms);
    c->species = 1;
    for (int z = 1; z < PG_CRYSTAL_CODEC_VOCAB; z++)
        if (seen[z]) c->vocab[c->species++] = z;
    for (int k = 0; k < 6; k++) {
        double s = 0, s2 = 0;
        for (int i = 0; i < d->n; i++) {
            double v = lattice_param(d->matrix + (size_t)i * 9, k);
            s += v;
            s2 += v * v;
        }
        c->lat_mean[k] = s / d->n;
        double var = s2 / d->n - c->lat_mean[k] * c->lat_mean[k];
        /* zero-spread parameters (all cells orthogonal): keep unit scale */
        c->lat_std[k] = var > 1e-8 ? sqrt(var) : 1.0;
    }
    c->prop_cap = cap;
    c->prop_std = 1;
    if (target && has) {
        double s = 0, s2 = 0;
        int n = 0;
        for (int i = 0; i < d->n; i++)
            if (has[i]) {
                double v = fmin(target[i], cap);
                s += v;
                s2 += v * v;
                n++;
            }
        if (n > 0) {
            c->prop_mean = s / n;
            double var = s2 / n - c->prop_mean * c->prop_mean;
            c->prop_std = var > 1e-8 ? sqrt(var) : 1.0;
        }
    }
    return PG_OK;
}

typedef struct atom_key {
    int z;
    float f[3];
} atom_key;

static int cmp_atom(const void *pa, const void *pb)
{
    const atom_key *a = pa, *b = pb;
    if (a->z != b->z) return a->z < b->z ? -1 : 1;
    for (int k = 0; k < 3; k++)
        if (a->f[k] != b->f[k]) return a->f[k] < b->f[k] ? -1 : 1;
    return 0;
}

static int species_of(const pg_crystal_codec *c, int z)
{
    for (int k = 1; k < c->species; k++)
        if (c->vocab[k] == z) return k;
    return -1;
}

pg_status pg_crystal_codec_encode(const pg_crystal_codec *c,
                                  const pg_crystal_data *d, int i, float *lat,
                                  float *atoms)
{
    int n = d->natoms[i], A = c->atoms;
    if (n > A)
        return PG_FAIL(PG_ERR_ARG, "structure %d has %d atoms, more than the "
                       "model's %d slots", i, n, A);
    for (int k = 0; k < 6; k++)
        lat[k] = (float)((lattice_param(d->matrix + (size_t)i * 9, k) -
                          c->lat_mean[k]) / c->lat_std[k]);
    atom_key keys[PG_CRYSTAL_CODEC_MAX_ATOMS];
    if (n > (int)(sizeof keys / sizeof keys[0]))
        return PG_FAIL(PG_ERR_ARG, "structure %d: %d atoms", i, n);
    for (int a = 0; a < n; a++) {
        size_t r = (size_t)i * d->max_atoms + a;
        keys[a].z = d->species[r];
        memcpy(keys[a].f, d->frac + r * 3, sizeof keys[a].f);
    }
    qsort(keys, (size_t)n, sizeof *keys, cmp_atom);
    memset(atoms, 0, (size_t)pg_crystal_codec_atoms_len(c) * sizeof *atoms);
    for (int a = 0; a < A; a++) {
        if (a >= n) {
            atoms[3 * A + a] = 1.0f;   /* species 0: empty */
            continue;
        }
        int k = species_of(c, keys[a].z);
        if (k < 0)
            return PG_FAIL(PG_ERR_ARG, "structure %d: element Z = %d is not "
                           "in the model's vocabulary", i, keys[a].z);
        for (int x = 0; x < 3; x++) atoms[x * A + a] = keys[a].f[x];
        atoms[(3 + k) * A + a] = 1.0f;
    }
    return PG_OK;
}

/* The unstandardised parameters v of lat. */
static void params(const pg_crystal_codec *c, const float *lat, double v[6])
{
    for (int k = 0; k < 6; k++) v[k] = c->lat_mean[k] + c->lat_std[k] * lat[k];
}

void pg_crystal_codec_matrix(const pg_crystal_codec *c, const float *lat,
                             double L[9])
{
    double v[6];
    params(c, lat, v);
    memset(L, 0, 9 * sizeof *L);
    L[0] = exp(v[0]);
    L[3] = L[0] * v[1];
    L[4] = exp(v[2]);
    L[6] = L[0] * v[3];
    L[7] = L[4] * v[4];
    L[8] = exp(v[5]);
}

int pg_crystal_codec_table_species(const pg_crystal_codec *c)
{
    return 1 + c->vocab[c->species - 1];
}

void pg_crystal_codec_table(const pg_crystal_codec *c, const float *lat,
                            const float *atoms, float *table)
{
    int A = c->atoms, w = 3 + pg_crystal_codec_table_species(c);
    double L[9];
    memset(table, 0, (size_t)(3 + A) * (size_t)w * sizeof *table);
    pg_crystal_codec_matrix(c, lat, L);
    for (int r = 0; r < 3; r++)
        for (int col = 0; col < 3; col++)
            table[r * w + col] = (float)L[r * 3 + col];
    for (int a = 0; a < A; a++) {
        float *row = table + (size_t)(3 + a) * w;
        for (int x = 0; x < 3; x++) row[x] = atoms[x * A + a];
        for (int k = 0; k < c->species; k++)
            row[3 + c->vocab[k]] = atoms[(3 + k) * A + a];
    }
}

void pg_crystal_codec_table_grad(const pg_crystal_codec *c, const float *lat,
                                 const float *gtable, float *glat,
                                 float *gatoms)
{
    int A = c->atoms, w = 3 + pg_crystal_codec_table_species(c);
    double v[6], L[9], g[9];
    params(c, lat, v);
    pg_crystal_codec_matrix(c, lat, L);
    for (int r = 0; r < 3; r++)
        for (int col = 0; col < 3; col++) g[r * 3 + col] = gtable[r * w + col];
    /* the chain rule of pg_crystal_codec_matrix, then of the standardising */
    double dv[6] = {(g[0] + g[3] * v[1] + g[6] * v[3]) * L[0], g[3] * L[0],
                    (g[4] + g[7] * v[4]) * L[4], g[6] * L[0], g[7] * L[4],
                    g[8] * L[8]};
    for (int k = 0; k < 6; k++) glat[k] += (float)(c->lat_std[k] * dv[k]);
    for (int a = 0; a < A; a++) {
        const float *row = gtable + (size_t)(3 + a) * w;
        for (int x = 0; x < 3; x++) gatoms[x * A + a] += row[x];
        for (int k = 0; k < c->species; k++)
            gatoms[(3 + k) * A + a] += row[3 + c->vocab[k]];
    }
}

/* Slot a's species: from the logits (K x A) when given, else the
 * largest probability of the atoms table. */
static int slot_species(const pg_crystal_codec *c, const float *atoms,
                        const float *logits, int a)
{
    int A = c->atoms, best = 0;
    if (!logits) {
        for (int k = 1; k < c->species; k++)
            if (atoms[(3 + k) * A + a] > atoms[(3 + best) * A + a]) best = k;
        return best;
    }
    /* occupied when P(empty) < 1/2, i.e. exp(l_0) < sum_{k>0} exp(l_k) */
    double mx = logits[a], occ = 0;
    for (int k = 1; k < c->species; k++) mx = fmax(mx, logits[k * A + a]);
    for (int k = 1; k < c->species; k++) occ += exp(logits[k * A + a] - mx);
    if (exp(logits[a] - mx) >= occ) return 0;
    best = 1;
    for (int k = 2; k < c->species; k++)
        if (logits[k * A + a] > logits[best * A + a]) best = k;
    return best;
}

pg_status pg_crystal_codec_decode(const pg_crystal_codec *c, const float *lat,
                                  const float *atoms, const float *logits,
                                  pg_crystal_structure **out)
{
    int A = c->atoms;
    pg_crystal_structure *s = NULL;
    PG_CHECK(pg_crystal_structure_create(A, &s));
    pg_crystal_codec_matrix(c, lat, s->lattice);
    for (int a = 0; a < A; a++) {
        int best = slot_species(c, atoms, logits, a);
        if (best == 0) continue;
        double f[3] = {atoms[a], atoms[A + a], atoms[2 * A + a]};
        pg_status st = pg_crystal_structure_append(s, f, c->vocab[best], a);
        if (st != PG_OK) {
            pg_crystal_structure_destroy(&s);
            return pg_error_trace(st, __FILE__, __LINE__, __func__);
        }
    }
    *out = s;
    return PG_OK;
}

double pg_crystal_codec_prop_norm(const pg_crystal_codec *c, double level)
{
    return (fmin(level, c->prop_cap) - c->prop_mean) / c->prop_std;
}

double pg_crystal_codec_prop_value(const pg_crystal_codec *c, double y)
{
    return c->prop_mean + c->prop_std * y;
}

double pg_crystal_codec_volume_loss(const pg_crystal_codec *c,
                                    const float *fake, const float *real,
                                    double w, float *gfake)
{
    static const int LOG_DIAG[3] = {0, 2, 5};   /* ln a_x, ln b_y, ln c_z */
    double d = 0;
    for (int i = 0; i < 3; i++) {
        int k = LOG_DIAG[i];
        d += c->lat_std[k] * ((double)fake[k] - (double)real[k]);
    }
    for (int i = 0; i < 3; i++) {
        int k = LOG_DIAG[i];
        gfake[k] += (float)(2 * w * d * c->lat_std[k]);
    }
    return w * d * d;
}
