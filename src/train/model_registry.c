#include "train/model_registry.h"

#include <string.h>

#include "models/dcgan64.h"
#include "models/dcgan_small.h"
#include "models/upsample_block.h"

/* ---- dcgan: the dcgan64 builders, fixed 1 x 64 x 64 ---------------------- */

/* [model] upsample as a pg_upsample_mode. */
static pg_status upsample_option(const pg_config *cfg, int *mode)
{
    pg_upsample_mode m;
    PG_CHECK(pg_upsample_mode_read(cfg, &m));
    *mode = (int)m;
    return PG_OK;
}

/* [model] d_spectral_norm, d_mbstd and d_patch as PG_DCGAN_SMALL_D_* flags. */
static pg_status d_options(const pg_config *cfg, int *flags)
{
    int sn, mbstd, patch;
    PG_CHECK(pg_config_get_bool(cfg, "model", "d_spectral_norm", &sn));
    PG_CHECK(pg_config_get_bool(cfg, "model", "d_mbstd", &mbstd));
    PG_CHECK(pg_config_get_bool(cfg, "model", "d_patch", &patch));
    *flags = (sn ? PG_DCGAN_SMALL_D_SN : 0) |
             (mbstd ? PG_DCGAN_SMALL_D_MBSTD : 0) |
             (patch ? PG_DCGAN_SMALL_D_PATCH : 0);
    return PG_OK;
}

static pg_status dcgan_configure(const pg_config *cfg, int c, int h, int w,
                                 pg_gan_dims *d)
{
    int flags = 0, up = 0;
    PG_CHECK(d_options(cfg, &flags));
    if (flags)
        return PG_FAIL(PG_ERR_CONFIG, "[model] d_spectral_norm, d_mbstd and "
                       "d_patch are dcgan_small options; arch = dcgan has "
                       "none of them");
    PG_CHECK(upsample_option(cfg, &up));
    long convs;
    int margin;
    PG_CHECK(pg_config_get_int(cfg, "model", "g_convs", &convs));
    PG_CHECK(pg_config_get_bool(cfg, "model", "g_margin", &margin));
    if (convs != 1 || margin)
        return PG_FAIL(PG_ERR_CONFIG, "[model] g_convs = %ld, g_margin = %s: "
                       "dcgan_small options; arch = dcgan has one convolution "
                       "a level and no margin", convs,
                       margin ? "true" : "false");
    if (up != PG_UPSAMPLE_TRANSPOSE)
        return PG_FAIL(PG_ERR_CONFIG, "[model] upsample = %s is a dcgan_small "
                       "option; arch = dcgan upsamples by transposed "
                       "convolution", pg_upsample_mode_name((pg_upsample_mode)up));
    if (c != 1 || h != PG_DCGAN64_SIDE || w != PG_DCGAN64_SIDE)
        return PG_FAIL(PG_ERR_CONFIG, "[model] arch = dcgan takes samples of "
                       "1 x %d x %d, the data has %d x %d x %d (dcgan_small "
                       "takes other sizes)", PG_DCGAN64_SIDE, PG_DCGAN64_SIDE,
                       c, h, w);
    *d = (pg_gan_dims){PG_DCGAN64_Z, c, h, w, 0, 0, PG_UPSAMPLE_TRANSPOSE, 0};
    return PG_OK;
}

static int dcgan_g(pg_graph *g, int z, const pg_gan_dims *d)
{
    (void)d;
    return pg_dcgan64_generator(g, z);
}

static int dcgan_d(pg_graph *g, int x, const pg_gan_dims *d)
{
    (void)d;
    return pg_dcgan64_discriminator(g, x);
}

/* ---- dcgan_small: side 8..128 from the data, [model] z_dim and width ---- */

static pg_status small_configure(const pg_config *cfg, int c, int h, int w,
                                 pg_gan_dims *d)
{
    long z, width;
    PG_CHECK(pg_config_get_int(cfg, "model", "z_dim", &z));
    PG_CHECK(pg_config_get_int(cfg, "model", "width", &width));
    if (h != w || !pg_dcgan_small_side_ok(h))
        return PG_FAIL(PG_ERR_CONFIG, "[model] arch = dcgan_small takes "
                       "square samples of side 8, 16, 32, 64 or 128; the data "
                       "has %d x %d x %d", c, h, w);
    int flags = 0, up = 0;
    long convs;
    int margin;
    PG_CHECK(d_options(cfg, &flags));
    PG_CHECK(upsample_option(cfg, &up));
    PG_CHECK(pg_config_get_int(cfg, "model", "g_convs", &convs));
    PG_CHECK(pg_config_get_bool(cfg, "model", "g_margin", &margin));
    *d = (pg_gan_dims){(int)z, c, h, w, (int)width, flags, up,
                       (convs == 2 ? PG_DCGAN_SMALL_G_REFINE : 0) |
                           (margin ? PG_DCGAN_SMALL_G_MARGIN : 0)};
    return PG_OK;
}

static int small_g(pg_graph *g, int z, const pg_gan_dims *d)
{
    return pg_dcgan_small_generator_ex(g, z, d->channels, d->height,
                                       d->model_width,
                                       (pg_upsample_mode)d->upsample,
                                       d->g_flags);
}

static int small_d(pg_graph *g, int x, const pg_gan_dims *d)
{
    return pg_dcgan_small_discriminator(g, x, d->model_width, d->d_flags);
}

static const pg_gan_model models[] = {
    {"dcgan", "DCGAN of `physgan bench dcgan64`, 1 x 64 x 64, z 128",
     dcgan_configure, dcgan_g, dcgan_d},
    {"dcgan_small", "DCGAN sized by the data (8..128 px), [model] z_dim, "
     "width", small_configure, small_g, small_d},
};
enum { N_MODELS = sizeof models / sizeof models[0] };

const char *pg_gan_model_choices(void) { return "dcgan|dcgan_small"; }

static const pg_gan_model *lookup(const char *name)
{
    for (int i = 0; i < N_MODELS; i++)
        if (!strcmp(models[i].name, name)) return &models[i];
    return NULL;
}

int pg_gan_model_is(const char *name) { return lookup(name) != NULL; }

pg_status pg_gan_model_find(const char *name, const pg_gan_model **out)
{
    const pg_gan_model *m = lookup(name);
    if (m) {
        *out = m;
        return PG_OK;
    }
    return PG_FAIL(PG_ERR_CONFIG, "[model] arch = %s is not a GAN model; "
                   "physgan train takes %s", name, pg_gan_model_choices());
}
