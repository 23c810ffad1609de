/* Screening candidates (crystal_screen.h): G's samples from a
 * crystal_vaegan checkpoint with the property head's prediction, or the
 * structures of a crystal/1 file. Every rank makes the same list. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/checkpoint.h"
#include "models/crystal_vaegan.h"
#include "nn/ops.h"
#include "physics/crystal/io/crystal_file.h"
#include "train/crystal_screen_impl.h"
#include "train/crystal_vaegan.h"
#include "train/job_schema.h"
#include "train/net_load.h"

enum { BATCH = 64 };

static pg_status alloc(pg_crystal_candidates *c, int n)
{
    c->n = 0;
    c->s = calloc((size_t)n, sizeof *c->s);
    c->head = malloc((size_t)n * sizeof *c->head);
    if (!c->s || !c->head) return PG_FAIL(PG_ERR_NOMEM, "%d candidates", n);
    for (int i = 0; i < n; i++) c->head[i] = NAN;
    return PG_OK;
}

static pg_status from_file(const pg_crystal_screen_opts *o,
                           pg_crystal_candidates *c)
{
    pg_crystal_data *d = NULL;
    PG_CHECK(pg_crystal_file_read(o->from, &d));
    int n = d->n < o->n ? d->n : o->n;
    pg_status st = alloc(c, n);
    for (int i = 0; i < n && st == PG_OK; i++) {
        pg_crystal_structure *s = NULL;
        st = pg_crystal_structure_create(d->natoms[i], &s);
        for (int k = 0; k < 9 && st == PG_OK; k++)
            s->lattice[k] = d->matrix[(size_t)i * 9 + k];
        for (int a = 0; a < d->natoms[i] && st == PG_OK; a++) {
            size_t r = (size_t)i * d->max_atoms + a;
            const double f[3] = {d->frac[r * 3], d->frac[r * 3 + 1],
                                 d->frac[r * 3 + 2]};
            st = pg_crystal_structure_append(s, f, d->species[r], a);
        }
        c->s[c->n++] = s;
    }
    pg_crystal_data_destroy(&d);
    return st;
}

/* The checkpoint's G (the latent sampled, no Gumbel noise: slots decoded
 * from the logits, crystal_codec.h) and P
 * (inference) on batches of BATCH. */
typedef struct model {
    pg_checkpoint *ck;
    pg_config *cfg;
    pg_crystal_codec codec;
    pg_crystal_vaegan_dims d;
    pg_net *gnet, *pnet;
    pg_graph *g, *p;
    int z, comp, p_lat, p_atoms, p_out;
    pg_crystal_gen_nodes gn;
    pg_rng *rng;
} model;

static pg_status model_load(const pg_crystal_screen_opts *o, model *m)
{
    const char *arch;
    PG_CHECK(pg_checkpoint_read(o->checkpoint, 0, &m->ck));
    PG_CHECK(pg_job_config_load_text(pg_checkpoint_config(m->ck),
                                     o->checkpoint, &m->cfg));
    PG_CHECK(pg_config_get_string(m->cfg, "model", "arch", &arch));
    if (!pg_crystal_vaegan_arch_is(arch))
        return PG_FAIL(PG_ERR_FORMAT, "%s: not a crystal_vaegan checkpoint "
                       "([model] arch = %s)", o->checkpoint, arch);
    PG_CHECK(pg_crystal_vaegan_codec_get(m->ck, o->checkpoint, &m->codec));
    PG_CHECK(pg_crystal_vaegan_dims_read(m->cfg, &m->codec, &m->d));
    PG_CHECK(pg_rng_create(o->seed, 0, PG_RNG_NOISE, &m->rng));
    PG_CHECK(pg_net_create("G", &m->gnet));
    PG_CHECK(pg_net_create("P", &m->pnet));
    PG_CHECK(pg_graph_create(m->gnet, &m->g));
    pg_graph_set_rng(m->g, m->rng);
    m->z = pg_op_input(m->g, 2, (int[]){BATCH, m->d.z_dim});
    m->comp = m->d.cond ? pg_op_input(m->g, 2, (int[]){BATCH, m->d.species})
                        : -1;
    pg_crystal_generator(m->g, m->z, m->comp, &m->d, &m->gn);
    PG_CHECK(pg_graph_finalize(m->g));
    PG_CHECK(pg_graph_create(m->pnet, &m->p));
    m->p_lat = pg_op_input(m->p, 2, (int[]){BATCH, PG_CRYSTAL_LATTICE_DIM});
    m->p_atoms = pg_op_input(m->p, 3, (int[]){BATCH, 3 + m->d.species,
                                              m->d.atoms});
    m->p_out = pg_crystal_property_head(m->p, m->p_lat, m->p_atoms, &m->d);
    PG_CHECK(pg_graph_finalize(m->p));
    PG_CHECK(pg_net_load(m->ck, o->checkpoint, "G", 0, m->gnet));
    PG_CHECK(pg_net_load(m->ck, o->checkpoint, "P", 0, m->pnet));
    pg_graph_set_training(m->g, 0, 0);
    pg_graph_set_training(m->p, 0, 0);
    /* latent descent: gradients to the inputs only */
    pg_graph_set_param_grads(m->g, 0);
    pg_graph_set_param_grads(m->p, 0);
    return PG_OK;
}

/* G's samples into P's inputs, then P's forward. */
static pg_status head_forward(model *m)
{
    size_t alen = (size_t)pg_crystal_codec_atoms_len(&m->codec);
    memcpy(pg_graph_data(m->p, m->p_lat), pg_graph_data(m->g, m->gn.lattice),
           BATCH * PG_CRYSTAL_LATTICE_DIM * sizeof(float));
    memcpy(pg_graph_data(m->p, m->p_atoms), pg_graph_data(m->g, m->gn.atoms),
           BATCH * alen * sizeof(float));
    return pg_graph_forward(m->p);
}

/* Latent optimisation toward the objective (--latent-steps): `steps`
 * gradient steps on each sample's z of P(G(z, c)) + |z|^2 / 2, the
 * property head's standardised PROXY level (lower: better connected)
 * plus the prior's negative log density, which keeps z where G was
 * trained. The gradient passes through the frozen P and G (the
 * straight-through species included); the composition is kept. */
static pg_status latent_descent(model *m, int steps, double step)
{
    size_t alen = (size_t)pg_crystal_codec_atoms_len(&m->codec);
    size_t nz = (size_t)BATCH * (size_t)m->d.z_dim;
    size_t nl = (size_t)BATCH * PG_CRYSTAL_LATTICE_DIM;
    float *z = pg_graph_data(m->g, m->z);
    for (int s = 0; s < steps; s++) {
        PG_CHECK(pg_graph_forward(m->g));
        PG_CHECK(head_forward(m));
        pg_graph_zero_grads(m->p);
        float *gy = pg_graph_gradv(m->p, m->p_out);
        for (int k = 0; k < BATCH; k++) gy[k] = 1.0f;   /* each its own */
        PG_CHECK(pg_graph_backward(m->p));
        pg_graph_zero_grads(m->g);
        memcpy(pg_graph_gradv(m->g, m->gn.lattice),
               pg_graph_gradv(m->p, m->p_lat), nl * sizeof(float));
        memcpy(pg_graph_gradv(m->g, m->gn.atoms),
               pg_graph_gradv(m->p, m->p_atoms),
               (size_t)BATCH * alen * sizeof(float));
        PG_CHECK(pg_graph_backward(m->g));
        const float *dz = pg_graph_gradv(m->g, m->z);
        for (size_t i = 0; i < nz; i++)
            z[i] -= (float)(step * (dz[i] + z[i]));
    }
    return PG_OK;
}

static void model_free(model *m)
{
    pg_graph_destroy(&m->g);
    pg_graph_destroy(&m->p);
    pg_net_destroy(&m->gnet);
    pg_net_destroy(&m->pnet);
    pg_rng_destroy(&m->rng);
    pg_config_destroy(&m->cfg);
    pg_checkpoint_destroy(&m->ck);
}

/* share: the conditional G's compositions (n x K), else NULL. */
static pg_status sample(model *m, const pg_crystal_screen_opts *o, int n,
                        const float *share, pg_crystal_candidates *c)
{
    size_t alen = (size_t)pg_crystal_codec_atoms_len(&m->codec);
    size_t K = (size_t)m->codec.species;
    PG_CHECK(alloc(c, n));
    while (c->n < n) {
        pg_rng_fill_gaussian(m->rng, pg_graph_data(m->g, m->z),
                             (size_t)BATCH * (size_t)m->d.z_dim, 1.0);
        if (share) {   /* the last batch repeats its last composition */
            float *cin = pg_graph_data(m->g, m->comp);
            for (int k = 0; k < BATCH; k++) {
                int i = c->n + k < n ? c->n + k : n - 1;
                memcpy(cin + (size_t)k * K, share + (size_t)i * K,
                       K * sizeof *cin);
            }
        }
        PG_CHECK(latent_descent(m, o->latent_steps, o->latent_step));
        PG_CHECK(pg_graph_forward(m->g));
        const float *lat = pg_graph_data(m->g, m->gn.lattice),
                    *atoms = pg_graph_data(m->g, m->gn.atoms);
        PG_CHECK(head_forward(m));
        const float *y = pg_graph_data(m->p, m->p_out);
        const float *logits = pg_graph_data(m->g, m->gn.logits);
        size_t llen = (size_t)m->codec.species * (size_t)m->codec.atoms;
        for (int k = 0; k < BATCH && c->n < n; k++) {
            /* the conditional G's one-hot slots are the composition */
            PG_CHECK(pg_crystal_codec_decode(
                &m->codec, lat + (size_t)k * 6, atoms + (size_t)k * alen,
                share ? NULL : logits + (size_t)k * llen, &c->s[c->n]));
            c->head[c->n++] = pg_crystal_codec_prop_value(&m->codec, y[k]);
        }
    }
    return PG_OK;
}

pg_status pg_crystal_candidates_make(const pg_crystal_screen_opts *o,
                                     pg_crystal_candidates *c)
{
    memset(c, 0, sizeof *c);
    if (o->from) return from_file(o, c);
    model m = {0};
    float *share = NULL;
    pg_status st = model_load(o, &m);
    if (st == PG_OK && m.d.cond) {
        share = malloc((size_t)o->n * (size_t)m.codec.species * sizeof *share);
        st = share ? pg_crystal_screen_compositions(o, &m.codec, o->n, share)
                   : PG_FAIL(PG_ERR_NOMEM, "compositions");
    }
    if (st == PG_OK) st = sample(&m, o, o->n, share, c);
    c->cond = m.d.cond;
    free(share);
    model_free(&m);
    return st;
}

void pg_crystal_candidates_release(pg_crystal_candidates *c)
{
    for (int i = 0; c->s && i < c->n; i++)
        pg_crystal_structure_destroy(&c->s[i]);
    free(c->s);
    free(c->head);
    memset(c, 0, sizeof *c);
}
