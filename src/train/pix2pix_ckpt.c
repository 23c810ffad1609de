/* Checkpoints of the paired trainer: the checkpoint/1 arrays of the
 * generic trainer (trainer_ckpt.c) that a noise-free model has, plus the
 * Professor Forcing discriminator when on (pix2pix_pf.c). No RNG
 * state is needed: pix2pix G is deterministic and the data order is a
 * function of (seed, epoch). */
#include <math.h>
#include <stdlib.h>

#include "io/checkpoint.h"
#include "train/pix2pix_impl.h"
#include "train/trainer_impl.h"

pg_status pg_pix2pix_ckpt_save(pg_pix2pix *p)
{
    pg_checkpoint *c = NULL;
    char *path = NULL;
    unsigned char *rng = NULL;
    size_t rn;
    pg_status st;
    double now = pg_trainer_now();
    int64_t wall_ms =
        (int64_t)llround(1000.0 * (p->wall_before_s + now - p->t_start));
    PG_CHECK(pg_checkpoint_create(&c));
    PG_CHECK_GOTO(st, pg_checkpoint_set_config(c, p->config_text), fail);
    pg_checkpoint_set_step(c, p->step);
    pg_checkpoint_set_loader(c, p->epoch, p->index);
    PG_CHECK_GOTO(st, pg_trainer_ckpt_add_gan(c, p->gnet, p->dnet, p->g_opt,
                                              p->d_opt), fail);
    PG_CHECK_GOTO(st, pg_pix2pix_pf_ckpt_add(p, c), fail);
    if (p->kind->ckpt_add) PG_CHECK_GOTO(st, p->kind->ckpt_add(p, c), fail);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(c, "train/wall_ms", wall_ms),
                  fail);
    rn = pg_rng_state_size(p->noise);
    rng = malloc(rn);
    if (!rng) {
        st = PG_FAIL(PG_ERR_NOMEM, "RNG state of %zu bytes", rn);
        goto fail;
    }
    pg_rng_state_save(p->noise, rng);
    PG_CHECK_GOTO(st, pg_checkpoint_set_rng(c, rng, rn), fail);
    PG_CHECK_GOTO(st, pg_checkpoint_save(c, p->ckpt_dir, (int)p->o.keep,
                                         p->comm, &path), fail);
    p->t_last_ckpt = now;
    if (p->log)
        fprintf(p->log, "checkpoint %s (step %lld)\n", path,
                (long long)p->step);
    st = PG_OK;
fail:
    free(rng);
    free(path);
    pg_checkpoint_destroy(&c);
    return st;
}

pg_status pg_pix2pix_ckpt_restore(pg_pix2pix *p, const char *path)
{
    pg_checkpoint *c = NULL;
    pg_status st;
    PG_CHECK(pg_checkpoint_read(path, p->rank, &c));
    if (pg_checkpoint_ranks(c) != p->size) {
        st = PG_FAIL(PG_ERR_STATE, "checkpoint %s was written by %d ranks "
                     "and this run has %d: resume with the same number of "
                     "ranks (each rank's data shard is part of the state)",
                     path, pg_checkpoint_ranks(c), p->size);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_trainer_ckpt_get_gan(c, path, p->gnet, p->dnet,
                                              p->g_opt, p->d_opt), done);
    PG_CHECK_GOTO(st, pg_pix2pix_pf_ckpt_get(p, c, path), done);
    int64_t wall_ms = 0;
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(c, "train/wall_ms", &wall_ms),
                  done);
    p->wall_before_s = 1e-3 * (double)wall_ms;
    const void *state;
    size_t rn;
    PG_CHECK_GOTO(st, pg_checkpoint_get_rng(c, &state, &rn), done);
    PG_CHECK_GOTO(st, pg_rng_state_load(p->noise, state, rn), done);
    p->step = pg_checkpoint_step(c);
    pg_checkpoint_loader(c, &p->epoch, &p->index);
    if (p->index > p->batches_per_epoch || p->index < 0 || p->epoch < 0) {
        st = PG_FAIL(PG_ERR_FORMAT, "checkpoint %s: loader position does "
                     "not fit %lld batches per epoch (was [train] batch or "
                     "the dataset changed?)", path,
                     (long long)p->batches_per_epoch);
        goto done;
    }
    st = PG_OK;
done:
    pg_checkpoint_destroy(&c);
    return st;
}
