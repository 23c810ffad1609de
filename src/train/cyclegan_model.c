#include "train/cyclegan_model.h"

#include <string.h>

#include "models/patchgan.h"
#include "models/unet.h"
#include "models/upsample_block.h"

int pg_cyclegan_arch_is(const char *arch) { return !strcmp(arch, "cyclegan"); }

pg_status pg_cyclegan_arch_read(const pg_config *cfg, int h, int w,
                                pg_cyclegan_arch *a)
{
    pg_unet_keys k;
    PG_CHECK(pg_unet_keys_read(cfg, &k));
    *a = (pg_cyclegan_arch){k.depth, k.width, k.d_layers, k.up};
    int du = 1 << a->depth, dd = 1 << a->d_layers;
    if (h % du || w % du)
        return PG_FAIL(PG_ERR_CONFIG, "[model] depth = %d: the %dx%d "
                       "patches must be divisible by 2^depth = %d", a->depth,
                       h, w, du);
    if (h % dd || w % dd)
        return PG_FAIL(PG_ERR_CONFIG, "[model] d_layers = %d: the %dx%d "
                       "patches must be divisible by 2^d_layers = %d",
                       a->d_layers, h, w, dd);
    return PG_OK;
}

int pg_cyclegan_generator(pg_graph *g, int x, const pg_cyclegan_arch *a)
{
    pg_unet_spec s = {1, a->width, a->depth, a->up};
    return pg_unet_build(g, x, &s);
}

int pg_cyclegan_discriminator(pg_graph *g, int x, const pg_cyclegan_arch *a)
{
    pg_patchgan_spec s = {a->width, a->d_layers};
    return pg_patchgan_build(g, -1, x, &s, NULL);
}
