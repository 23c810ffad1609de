#include "models/protein_seqgan.h"

#include "nn/ops.h"

enum { TOKENS = 21 };   /* physics/protein/protein_onehot.h's channels */
#define SLOPE 0.2f

int pg_seqgan_generator_logits(pg_graph *g, int z, int fam,
                               const pg_seqgan_dims *d)
{
    if (d->length < 4 || d->length % 4 || d->families < 1)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_SHAPE, "sequence GAN: length "
                                        "%d is not a positive multiple of 4 "
                                        "(or %d families)", d->length,
                                        d->families));
    int l0 = d->length / 4;
    int h = pg_op_concat(g, z, fam);
    h = pg_op_dense(g, h, d->width * l0, 0);
    h = pg_op_leaky_relu(g, h, SLOPE);
    if (h < 0) return -1;
    int batch = pg_graph_out(g, h)->shape[0];
    h = pg_op_reshape(g, h, 3, (int[]){batch, d->width, l0});
    for (int i = 0; i < 2; i++) {
        h = pg_op_upsample(g, h, 2);
        h = pg_op_conv1d(g, h, d->width, 5, 1, 2, 0);
        h = pg_op_leaky_relu(g, h, SLOPE);
    }
    for (int r = 0; r < d->res_blocks; r++) {
        /* k3 at dilation dil, padded by dil: the length is kept */
        int dil = d->dilated ? 1 << (r < 16 ? r : 16) : 1;
        int y = pg_op_conv1d_dilated(g, h, d->width, 3, dil, dil, 0);
        y = pg_op_leaky_relu(g, y, SLOPE);
        y = pg_op_conv1d_dilated(g, y, d->width, 3, dil, dil, 0);
        h = pg_op_add(g, h, y);
    }
    return pg_op_conv1d(g, h, TOKENS, 1, 1, 0, 0);
}

int pg_seqgan_generator(pg_graph *g, int z, int fam, const pg_seqgan_dims *d)
{
    int logits = pg_seqgan_generator_logits(g, z, fam, d);
    return pg_op_gumbel_softmax(g, logits, d->tau, PG_HARD);
}

/* Three stride-2 convolutions, W, 2W, 4W channels. */
static int features(pg_graph *g, int x, int width, int flags)
{
    int h = x;
    for (int i = 0; i < 3; i++) {
        h = pg_op_conv1d(g, h, width << i, 5, 2, 2, flags);
        h = pg_op_leaky_relu(g, h, SLOPE);
    }
    return h;
}

int pg_seqgan_discriminator(pg_graph *g, int x, const pg_seqgan_dims *d)
{
    int flags = d->d_sn ? PG_SPECTRAL_NORM : 0;
    int h = features(g, x, d->width, flags);
    if (d->d_mbstd) h = pg_op_mbstd(g, h);
    return pg_op_dense(g, h, 1, flags);
}

int pg_seqgan_critic(pg_graph *g, int x, const pg_seqgan_dims *d)
{
    int h = features(g, x, d->width, 0);
    return pg_op_dense(g, h, d->families + 1, 0);
}
