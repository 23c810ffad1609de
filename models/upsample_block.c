/* Resolution doublings of generators (models/upsample_block.h). */
#include "models/upsample_block.h"

#include <assert.h>
#include <string.h>

#include "nn/ops.h"

/* conv_transpose: 4x4 window, stride 2, padding 1 doubles the side;
 * resize-convolution: a 3x3 window with padding 1 keeps it. */
enum { T_KERNEL = 4, T_STRIDE = 2, T_PAD = 1, R_KERNEL = 3, R_PAD = 1 };

static const char *const NAMES[PG_UPSAMPLE_COUNT] = {"transpose", "nearest",
                                                    "bilinear"};
static_assert(sizeof NAMES / sizeof NAMES[0] == PG_UPSAMPLE_COUNT,
              "one name per upsampling mode");

int pg_upsample_block(pg_graph *g, int x, int out_ch, pg_upsample_mode m)
{
    switch (m) {
    case PG_UPSAMPLE_TRANSPOSE:
        return pg_op_conv_transpose2d(g, x, out_ch, T_KERNEL, T_STRIDE, T_PAD,
                                      0);
    case PG_UPSAMPLE_NEAREST:
        return pg_op_conv2d(g, pg_op_upsample(g, x, 2), out_ch, R_KERNEL, 1,
                            R_PAD, 0);
    case PG_UPSAMPLE_BILINEAR:
        return pg_op_conv2d(g, pg_op_upsample_bilinear(g, x, 2), out_ch,
                            R_KERNEL, 1, R_PAD, 0);
    default:
        return pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "upsample mode %d",
                                        (int)m));
    }
}

const char *pg_upsample_mode_name(pg_upsample_mode m)
{
    return m >= 0 && m < PG_UPSAMPLE_COUNT ? NAMES[m] : "?";
}

const char *pg_upsample_mode_choices(void)
{
    return "transpose|nearest|bilinear";
}

pg_status pg_upsample_mode_parse(const char *s, pg_upsample_mode *out)
{
    for (int m = 0; m < PG_UPSAMPLE_COUNT; m++)
        if (!strcmp(s, NAMES[m])) {
            *out = (pg_upsample_mode)m;
            return PG_OK;
        }
    return PG_FAIL(PG_ERR_CONFIG, "[model] upsample = %s: expected %s", s,
                   pg_upsample_mode_choices());
}

pg_status pg_upsample_mode_read(const pg_config *cfg, pg_upsample_mode *out)
{
    const char *s;
    PG_CHECK(pg_config_get_string(cfg, "model", "upsample", &s));
    return pg_upsample_mode_parse(s, out);
}
