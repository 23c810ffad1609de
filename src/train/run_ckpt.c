/* The trainers' shared checkpoint writing (run_ckpt.h). */
#include "train/run_ckpt.h"

#include <math.h>
#include <stdlib.h>

pg_status pg_run_ckpt_save(pg_checkpoint *c, const pg_run_ckpt *r,
                           char **path)
{
    *path = NULL;
    PG_CHECK(pg_checkpoint_set_config(c, r->config_text));
    pg_checkpoint_set_step(c, r->step);
    pg_checkpoint_set_loader(c, r->epoch, r->index);
    /* Milliseconds: the wall_s column of a resumed run goes on from it. */
    PG_CHECK(pg_checkpoint_add_int(c, "train/wall_ms",
                                   (int64_t)llround(1000.0 * r->wall_s)));
    size_t rn = pg_rng_state_size(r->noise);
    unsigned char *rng = malloc(rn);
    if (!rng) return PG_FAIL(PG_ERR_NOMEM, "RNG state of %zu bytes", rn);
    pg_rng_state_save(r->noise, rng);
    pg_status st = pg_checkpoint_set_rng(c, rng, rn);
    free(rng); /* copied by set_rng */
    PG_CHECK(st);
    return pg_checkpoint_save(c, r->dir, (int)r->keep, r->comm, path);
}
