#include "models/crystal_vaegan.h"

#include "nn/ops.h"

#define SLOPE 0.2f

/* x (N, C) -> (N, C, A): the same vector in every slot. */
static int broadcast(pg_graph *g, int x, int atoms)
{
    if (x < 0) return -1;
    const pg_tensor *t = pg_graph_out(g, x);
    int r = pg_op_reshape(g, x, 3, (int[]){t->shape[0], t->shape[1], 1});
    return atoms > 1 ? pg_op_upsample(g, r, atoms) : r;
}

static int act(pg_graph *g, int x) { return pg_op_leaky_relu(g, x, SLOPE); }

/* The DeepSets feature extractor of the judges: (N, 4W). */
static int features(pg_graph *g, int lattice, int atoms,
                    const pg_crystal_vaegan_dims *d, int flags)
{
    int w = d->width, a = d->atoms;
    int empty = pg_op_slice(g, atoms, 3, 4);
    int lat = act(g, pg_op_dense(g, lattice, w, flags));
    int h = pg_op_concat(g, atoms, broadcast(g, lat, a));
    h = act(g, pg_op_conv1d(g, h, w, 1, 1, 0, flags));
    h = act(g, pg_op_conv1d(g, h, w, 1, 1, 0, flags));
    int pooled = pg_op_set_mean(g, h, empty, PG_SET_COMPLEMENT);
    h = pg_op_concat(g, h, broadcast(g, pooled, a));
    h = act(g, pg_op_conv1d(g, h, 2 * w, 1, 1, 0, flags));
    h = act(g, pg_op_conv1d(g, h, 2 * w, 1, 1, 0, flags));
    int set = pg_op_set_mean(g, h, empty, PG_SET_COMPLEMENT);
    h = pg_op_concat(g, set, lat);
    return act(g, pg_op_dense(g, h, 4 * w, flags));
}

int pg_crystal_generator(pg_graph *g, int z, int comp,
                         const pg_crystal_vaegan_dims *d,
                         pg_crystal_gen_nodes *out)
{
    if (d->atoms < 1 || d->species < 2)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "crystal VAE-GAN: %d "
                                        "atom slots and %d species (with the "
                                        "empty one) must be >= 1 and >= 2",
                                        d->atoms, d->species));
    if (d->cond && comp < 0)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "crystal VAE-GAN: a "
                                        "composition-conditional generator "
                                        "needs its composition input"));
    int w = d->width, a = d->atoms;
    int in = d->cond ? pg_op_concat(g, z, comp) : z;
    int h = act(g, pg_op_dense(g, in, 4 * w, 0));
    h = act(g, pg_op_dense(g, h, 4 * w, 0));
    out->lattice = pg_op_dense(g, h, PG_CRYSTAL_LATTICE_DIM, 0);
    int s = act(g, pg_op_dense(g, h, w * a, 0));
    if (s < 0) return -1;
    int batch = pg_graph_out(g, s)->shape[0];
    s = pg_op_reshape(g, s, 3, (int[]){batch, w, a});
    /* every slot also sees the latent: a slot's atom depends on the rest */
    s = pg_op_concat(g, s, broadcast(g, h, a));
    s = act(g, pg_op_conv1d(g, s, 2 * w, 1, 1, 0, 0));
    s = act(g, pg_op_conv1d(g, s, 2 * w, 1, 1, 0, 0));
    out->coords = pg_op_sigmoid(g, pg_op_conv1d(g, s, 3, 1, 1, 0, 0));
    out->logits = pg_op_conv1d(g, s, d->species, 1, 1, 0, 0);
    int species = d->cond
                      ? pg_op_gumbel_assign(g, out->logits, comp, d->tau)
                      : pg_op_gumbel_softmax(g, out->logits, d->tau, PG_HARD);
    out->atoms = pg_op_concat(g, out->coords, species);
    return out->atoms < 0 ? -1 : 0;
}

int pg_crystal_encoder(pg_graph *g, int lattice, int atoms,
                       const pg_crystal_vaegan_dims *d,
                       pg_crystal_enc_nodes *out)
{
    int h = features(g, lattice, atoms, d, 0);
    int both = pg_op_dense(g, h, 2 * d->z_dim, 0);
    out->mu = pg_op_slice(g, both, 0, d->z_dim);
    out->logvar = pg_op_slice(g, both, d->z_dim, 2 * d->z_dim);
    out->z = pg_op_reparam(g, out->mu, out->logvar);
    return out->z < 0 ? -1 : 0;
}

int pg_crystal_discriminator(pg_graph *g, int lattice, int atoms,
                             const pg_crystal_vaegan_dims *d)
{
    int flags = d->d_sn ? PG_SPECTRAL_NORM : 0;
    int h = features(g, lattice, atoms, d, flags);
    if (d->d_mbstd) h = pg_op_mbstd(g, h);
    return pg_op_dense(g, h, 1, flags);
}

int pg_crystal_property_head(pg_graph *g, int lattice, int atoms,
                             const pg_crystal_vaegan_dims *d)
{
    int h = features(g, lattice, atoms, d, 0);
    return pg_op_dense(g, h, 1, 0);
}
