/* The compositions a composition-conditional checkpoint is sampled on
 * (crystal_screen_impl.h): each candidate draws a structure of the
 * training set (--train) from its own stream and takes
 *   train        its composition as it is, or
 *   substitute   the composition of one draw of `simulate crystal`'s
 *                substitution (crystal_substitute.h: same-sign ions within
 *                25 % of the Shannon radius, charge-neutral, Pauling test)
 *                of it as a prototype: neutral compositions the training
 *                set may not hold.
 * A composition whose elements are outside the checkpoint's vocabulary
 * (or with more atoms than slots) is drawn again. */
#include <stdlib.h>
#include <string.h>

#include "physics/crystal/crystal_substitute.h"
#include "physics/crystal/io/crystal_file.h"
#include "train/crystal_screen_impl.h"

/* Draws per candidate before giving up: the substitution fails for
 * prototypes it cannot use, and its elements may be outside the
 * vocabulary. */
enum { MAX_DRAWS = 2000 };

/* s's composition as slot shares over the vocabulary; 0 when an element is
 * outside it or s has more atoms than slots. */
static int shares_of(const pg_crystal_structure *s, const pg_crystal_codec *c,
                     float *share)
{
    if (s->n > c->atoms) return 0;
    memset(share, 0, (size_t)c->species * sizeof *share);
    share[0] = (float)(c->atoms - s->n) / (float)c->atoms;
    for (int a = 0; a < s->n; a++) {
        int k = 1;
        while (k < c->species && c->vocab[k] != s->z[a]) k++;
        if (k == c->species) return 0;
        share[k] += 1.0f / (float)c->atoms;
    }
    return 1;
}

pg_status pg_crystal_screen_compositions(const pg_crystal_screen_opts *o,
                                         const pg_crystal_codec *codec, int n,
                                         float *share)
{
    int subst = !strcmp(o->compositions, "substitute");
    if (!subst && strcmp(o->compositions, "train"))
        return PG_FAIL(PG_ERR_ARG, "--compositions %s: expected train or "
                       "substitute", o->compositions);
    if (!o->train_path)
        return PG_FAIL(PG_ERR_ARG, "%s: a composition-conditional checkpoint "
                       "samples the training set's compositions: --train "
                       "TRAIN.h5 is required", o->checkpoint);
    pg_crystal_data *d = NULL;
    pg_crystal_structure *proto = NULL, *out = NULL;
    pg_rng *rng = NULL;
    double *sigma = NULL;
    pg_status st = pg_crystal_file_read(o->train_path, &d);
    if (st == PG_OK) st = pg_crystal_structure_create(d->max_atoms, &proto);
    if (st == PG_OK) st = pg_crystal_structure_create(d->max_atoms, &out);
    if (st == PG_OK) st = pg_rng_create(o->seed, 0, PG_RNG_DATA, &rng);
    if (st == PG_OK && !(sigma = malloc((size_t)d->max_atoms * sizeof *sigma)))
        st = PG_FAIL(PG_ERR_NOMEM, "substitution radii");
    pg_crystal_subst_opts so = pg_crystal_subst_defaults();
    for (int i = 0; i < n && st == PG_OK; i++) {
        int ok = 0;
        for (int t = 0; t < MAX_DRAWS && !ok && st == PG_OK; t++) {
            int j = (int)pg_rng_uniform_int(rng, (unsigned long)d->n);
            st = pg_crystal_data_structure(d, j, proto);
            if (st != PG_OK) break;
            const pg_crystal_structure *s = proto;
            if (subst) {
                int found = 0;
                if (!pg_crystal_subst_usable(proto, NULL)) continue;
                st = pg_crystal_substitute(proto, &so, rng, out, sigma,
                                           &found);
                if (st != PG_OK || !found) continue;
                s = out;
            }
            ok = shares_of(s, codec, share + (size_t)i * codec->species);
        }
        if (st == PG_OK && !ok)
            st = PG_FAIL(PG_ERR_ARG, "%s: no %s composition within the "
                         "checkpoint's %d species and %d atom slots in %d "
                         "draws", o->train_path, o->compositions,
                         codec->species - 1, codec->atoms, MAX_DRAWS);
    }
    free(sigma);
    pg_rng_destroy(&rng);
    pg_crystal_structure_destroy(&proto);
    pg_crystal_structure_destroy(&out);
    pg_crystal_data_destroy(&d);
    return st;
}
