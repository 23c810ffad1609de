#include "train/pix2pix_model.h"

#include <string.h>

#include "models/patchgan.h"
#include "models/unet.h"
#include "models/upsample_block.h"
#include "nn/ops.h"

/* The smallest coarse side bicubic evaluation accepts
 * (physics/terrain/terrain_bicubic.h), so model and baseline see the same data. */
enum { MIN_COARSE_SIDE = 4 };

int pg_pix2pix_model_is(const char *arch)
{
    return !strcmp(arch, "unet_sr") || !strcmp(arch, "unet_foam");
}

pg_status pg_pix2pix_arch_read(const pg_config *cfg, int h, int w,
                               pg_pix2pix_arch *a)
{
    const char *arch;
    long factor;
    int consistent;
    pg_unet_keys k;
    PG_CHECK(pg_config_get_string(cfg, "model", "arch", &arch));
    if (!pg_pix2pix_model_is(arch))
        return PG_FAIL(PG_ERR_CONFIG, "[model] arch = %s is not a paired "
                       "model (unet_sr, unet_foam)", arch);
    a->kind = strcmp(arch, "unet_foam") ? PG_PIX2PIX_SR : PG_PIX2PIX_FOAM;
    PG_CHECK(pg_config_get_int(cfg, "model", "sr_factor", &factor));
    PG_CHECK(pg_unet_keys_read(cfg, &k));
    PG_CHECK(pg_config_get_bool(cfg, "model", "sr_consistent", &consistent));
    a->factor = a->kind == PG_PIX2PIX_FOAM ? 1 : (int)factor;
    a->depth = k.depth;
    a->width = k.width;
    a->d_layers = k.d_layers;
    a->up = k.up;
    a->consistent = a->kind == PG_PIX2PIX_SR && consistent;
    if (a->kind == PG_PIX2PIX_SR &&
        (h % a->factor || w % a->factor || h / a->factor < MIN_COARSE_SIDE ||
         w / a->factor < MIN_COARSE_SIDE))
        return PG_FAIL(PG_ERR_CONFIG, "[model] sr_factor = %d: the %dx%d "
                       "patches must be multiples of it and give coarse "
                       "patches of at least %dx%d", a->factor, h, w,
                       MIN_COARSE_SIDE, MIN_COARSE_SIDE);
    int du = 1 << a->depth, dd = 1 << a->d_layers;
    if (h % du || w % du)
        return PG_FAIL(PG_ERR_CONFIG, "[model] depth = %d: the %dx%d "
                       "%s must be divisible by 2^depth = %d", a->depth, h, w,
                       a->kind == PG_PIX2PIX_FOAM ? "frames" : "patches", du);
    if (h % dd || w % dd)
        return PG_FAIL(PG_ERR_CONFIG, "[model] d_layers = %d: the %dx%d "
                       "%s must be divisible by 2^d_layers = %d", a->d_layers,
                       h, w, a->kind == PG_PIX2PIX_FOAM ? "frames" : "patches",
                       dd);
    return PG_OK;
}

int pg_pix2pix_generator(pg_graph *g, int c, const pg_pix2pix_arch *a)
{
    pg_unet_spec s = {1, a->width, a->depth, a->up};
    /* unet_foam predicts the change: y = x + 2 U-Net(x), so an untrained
     * G already carries the foam over (as unet_sr carries the coarse
     * field), and L1 on thin films cannot pull it toward "no films
     * anywhere". The factor 2: a site flips between gas (-1) and film (+1)
     * by a change of 2, beyond the U-Net's tanh range (-1, 1) (with x +
     * U-Net(x) no site could ever cross the threshold at 0). */
    if (a->kind == PG_PIX2PIX_FOAM) {
        int u = pg_unet_build(g, c, &s);
        return pg_op_add(g, c, pg_op_add(g, u, u));
    }
    return pg_unet_sr_generator(g, c, a->factor, a->consistent, &s);
}

int pg_pix2pix_discriminator(pg_graph *g, int c, int x,
                             const pg_pix2pix_arch *a, int *feat)
{
    pg_patchgan_spec s = {a->width, a->d_layers};
    /* unet_sr: D sees the condition at the sample's resolution, blocky as
     * G's input is. */
    if (a->kind == PG_PIX2PIX_SR) c = pg_op_upsample(g, c, a->factor);
    return pg_patchgan_build(g, c, x, &s, feat);
}
