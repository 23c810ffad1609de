#include "train/net_load.h"

#include <stdio.h>

pg_status pg_net_load(const pg_checkpoint *c, const char *path,
                      const char *name, int ema, pg_net *net)
{
    char key[160];
    snprintf(key, sizeof key, "%s%s/params", name, ema ? "_ema" : "");
    if (!pg_checkpoint_has(c, key))
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /%s%s", path,
                       key, ema ? " (trained without [optim] g_ema; leave "
                       "out --ema)" : "");
    PG_CHECK(pg_checkpoint_get_floats(c, key, net->w, net->nw));
    if (!net->ns) return PG_OK;
    snprintf(key, sizeof key, "%s/state", name);
    if (!pg_checkpoint_has(c, key))
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /%s (running "
                       "statistics of %s's normalisation)", path, key, name);
    PG_CHECK(pg_checkpoint_get_floats(c, key, net->s, net->ns));
    return PG_OK;
}
