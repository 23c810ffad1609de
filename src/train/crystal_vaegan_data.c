/* The crystal VAE-GAN's training set: a crystal/1 file encoded by the
 * codec, its PROXY targets (/props/proxy_level_3d where /props/
 * proxy_mobile is set, capped), the held-out split of the property head,
 * and its rank correlation there; the range of its cells (crystal.cell's
 * default bounds). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "train/crystal_vaegan_impl.h"

/* Held out: a tenth of the structures, by a hash of the index (the file's
 * order follows the prototypes round-robin, so i % 10 would hold out a
 * tenth of the prototypes instead of a tenth of the structures). */
static int held_out(int i)
{
    uint32_t h = (uint32_t)i * 2654435761u;
    return (h >> 16) % 10 == 0;
}

static pg_status encode_all(const pg_crystal_data *d, const float *level,
                            const int *mobile, pg_crystal_codec *codec,
                            pg_crystal_set *s)
{
    size_t len = (size_t)pg_crystal_codec_atoms_len(codec);
    s->n = d->n;
    s->lat = malloc((size_t)d->n * 6 * sizeof *s->lat);
    s->atoms = malloc((size_t)d->n * len * sizeof *s->atoms);
    s->target = calloc((size_t)d->n, sizeof *s->target);
    s->has = calloc((size_t)d->n, sizeof *s->has);
    s->train_idx = malloc((size_t)d->n * sizeof *s->train_idx);
    s->held_idx = malloc((size_t)d->n * sizeof *s->held_idx);
    if (!s->lat || !s->atoms || !s->target || !s->has || !s->train_idx ||
        !s->held_idx)
        return PG_FAIL(PG_ERR_NOMEM, "crystal training set (%d structures)",
                       d->n);
    pg_crystal_cell_bounds_empty(&s->cell);
    for (int i = 0; i < d->n; i++) {
        if (d->natoms[i] > 0) {
            double L[9];
            for (int q = 0; q < 9; q++) L[q] = d->matrix[(size_t)i * 9 + q];
            pg_crystal_cell_bounds_add(&s->cell, L, d->natoms[i]);
        }
        PG_CHECK(pg_crystal_codec_encode(codec, d, i, s->lat + (size_t)i * 6,
                                         s->atoms + (size_t)i * len));
        s->has[i] = mobile[i] != 0 && level[i] >= 0;
        if (!s->has[i]) continue;
        s->target[i] = (float)pg_crystal_codec_prop_norm(codec, level[i]);
        if (held_out(i)) s->held_idx[s->n_held++] = i;
        else s->train_idx[s->n_train++] = i;
    }
    return PG_OK;
}

pg_status pg_crystal_set_load(const char *path, long atoms,
                              pg_crystal_codec *codec, pg_crystal_set *s)
{
    pg_crystal_data *d = NULL;
    float *level = NULL;
    int *mobile = NULL, *has = NULL;
    pg_status st;
    memset(s, 0, sizeof *s);
    PG_CHECK(pg_crystal_file_read(path, &d));
    level = malloc((size_t)d->n * sizeof *level);
    mobile = malloc((size_t)d->n * sizeof *mobile);
    has = malloc((size_t)d->n * sizeof *has);
    if (!level || !mobile || !has) {
        st = PG_FAIL(PG_ERR_NOMEM, "crystal properties");
        goto done;
    }
    /* crystal_vaegan trains its property head on the PROXY that
     * `physgan simulate crystal` writes */
    PG_CHECK_GOTO(st, pg_crystal_file_read_prop(path, "/props/proxy_level_3d",
                                                d->n, 0, level), done);
    PG_CHECK_GOTO(st, pg_crystal_file_read_prop(path, "/props/proxy_mobile",
                                                d->n, 1, mobile), done);
    for (int i = 0; i < d->n; i++) has[i] = mobile[i] != 0 && level[i] >= 0;
    PG_CHECK_GOTO(st, pg_crystal_codec_fit(d, (int)atoms, level, has,
                                           PG_CRYSTAL_PROP_CAP, path, codec),
                  done);
    st = encode_all(d, level, mobile, codec, s);
done:
    free(level);
    free(mobile);
    free(has);
    pg_crystal_data_destroy(&d);
    return st;
}

void pg_crystal_set_release(pg_crystal_set *s)
{
    free(s->lat);
    free(s->atoms);
    free(s->target);
    free(s->has);
    free(s->train_idx);
    free(s->held_idx);
    memset(s, 0, sizeof *s);
}

void pg_crystal_set_put(const pg_crystal_set *s, size_t atoms_len, int i,
                        pg_crystal_judge *j, int k)
{
    memcpy(pg_graph_data(j->g, j->lat) + (size_t)k * 6,
           s->lat + (size_t)i * 6, 6 * sizeof(float));
    memcpy(pg_graph_data(j->g, j->atoms) + (size_t)k * atoms_len,
           s->atoms + (size_t)i * atoms_len, atoms_len * sizeof(float));
}

/* Mean ranks (1-based) of v into r. */
static void ranks(const double *v, int n, double *r)
{
    for (int i = 0; i < n; i++) {
        int less = 0, equal = 0;
        for (int j = 0; j < n; j++) {
            less += v[j] < v[i];
            equal += v[j] == v[i];
        }
        r[i] = less + (equal + 1) / 2.0;
    }
}

double pg_crystal_spearman(const double *x, const double *y, int n)
{
    if (n < 2) return NAN;
    double *rx = malloc((size_t)n * sizeof *rx), *ry = malloc((size_t)n *
                                                              sizeof *ry);
    if (!rx || !ry) {
        free(rx);
        free(ry);
        return NAN;
    }
    ranks(x, n, rx);
    ranks(y, n, ry);
    double mx = 0, my = 0, sxy = 0, sxx = 0, syy = 0;
    for (int i = 0; i < n; i++) {
        mx += rx[i] / n;
        my += ry[i] / n;
    }
    for (int i = 0; i < n; i++) {
        sxy += (rx[i] - mx) * (ry[i] - my);
        sxx += (rx[i] - mx) * (rx[i] - mx);
        syy += (ry[i] - my) * (ry[i] - my);
    }
    free(rx);
    free(ry);
    return sxx > 0 && syy > 0 ? sxy / sqrt(sxx * syy) : NAN;
}

pg_status pg_crystal_vaegan_heldout_rho(pg_crystal_vaegan *t, double *rho)
{
    const pg_crystal_set *s = &t->set;
    int b = (int)t->o.batch, n = s->n_held;
    *rho = NAN;
    if (n < 2) return PG_OK;
    double *pred = malloc((size_t)n * sizeof *pred);
    double *truth = malloc((size_t)n * sizeof *truth);
    if (!pred || !truth) {
        free(pred);
        free(truth);
        return PG_FAIL(PG_ERR_NOMEM, "held-out predictions");
    }
    pg_status st = PG_OK;
    for (int first = 0; first < n && st == PG_OK; first += b) {
        /* a last partial batch repeats its first structure */
        for (int k = 0; k < b; k++) {
            int q = first + k < n ? first + k : first;
            pg_crystal_set_put(s, t->atoms_len, s->held_idx[q], &t->pr, k);
        }
        st = pg_graph_forward(t->pr.g);
        const float *y = pg_graph_data(t->pr.g, t->pr.out);
        for (int k = 0; k < b && first + k < n; k++) {
            pred[first + k] = y[k];
            truth[first + k] = s->target[s->held_idx[first + k]];
        }
    }
    if (st == PG_OK) *rho = pg_crystal_spearman(pred, truth, n);
    free(pred);
    free(truth);
    return st;
}

void pg_crystal_atoms_composition(const float *atoms, int K, int A,
                                  float *share)
{
    for (int k = 0; k < K; k++) {
        int count = 0;
        for (int a = 0; a < A; a++) count += atoms[(3 + k) * A + a] > 0.5f;
        share[k] = (float)count / (float)A;
    }
}
