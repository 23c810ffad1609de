/* Checkpoints of the CycleGAN trainer: the four nets and their Adam
 * states (trainer_ckpt.c's named-net arrays; names below), both
 * loader positions (B's in the checkpoint/1 loader slot, A's in
 * train/loader_a_*), the wall clock, every rank's RNG, and the real
 * domain's cell sizes for `physgan generate`. */
#include <math.h>
#include <stdlib.h>

#include "io/checkpoint.h"
#include "train/cyclegan_impl.h"
#include "train/run_setup.h"
#include "train/trainer_impl.h"

/* The real-side GAN keeps checkpoint/1's names, so that the file
 * validates as every checkpoint and tools reading /G/params get the
 * synthetic -> real generator: G = G_AB, D = D_B; the other pair is
 * stored as G_BA and D_A. */
static void nets(pg_cyclegan *c, pg_ckpt_net n[4])
{
    n[0] = (pg_ckpt_net){"G", c->g_ab, c->o_g_ab};
    n[1] = (pg_ckpt_net){"D", c->d_b, c->o_d_b};
    n[2] = (pg_ckpt_net){"G_BA", c->g_ba, c->o_g_ba};
    n[3] = (pg_ckpt_net){"D_A", c->d_a, c->o_d_a};
}

pg_status pg_cyclegan_ckpt_save(pg_cyclegan *c)
{
    pg_checkpoint *k = NULL;
    char *path = NULL;
    unsigned char *rng = NULL;
    pg_ckpt_net n[4];
    pg_status st;
    double now = pg_trainer_now();
    int64_t wall_ms =
        (int64_t)llround(1000.0 * (c->wall_before_s + now - c->t_start));
    nets(c, n);
    PG_CHECK(pg_checkpoint_create(&k));
    PG_CHECK_GOTO(st, pg_checkpoint_set_config(k, c->config_text), fail);
    pg_checkpoint_set_step(k, c->step);
    pg_checkpoint_set_loader(k, c->b.epoch, c->b.index);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(k, "train/loader_a_epoch",
                                            c->a.epoch), fail);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(k, "train/loader_a_index",
                                            c->a.index), fail);
    PG_CHECK_GOTO(st, pg_trainer_ckpt_add_nets(k, n, 4), fail);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(k, "train/wall_ms", wall_ms),
                  fail);
    float cell[2] = {(float)c->b.dx_m, (float)c->b.dy_m};
    PG_CHECK_GOTO(st, pg_checkpoint_add_floats(k, "data/cell_size_m", cell,
                                               1), fail);
    PG_CHECK_GOTO(st, pg_checkpoint_add_floats(k, "data/cell_size_y_m",
                                               cell + 1, 1), fail);
    size_t rn = pg_rng_state_size(c->noise);
    rng = malloc(rn);
    if (!rng) {
        st = PG_FAIL(PG_ERR_NOMEM, "RNG state of %zu bytes", rn);
        goto fail;
    }
    pg_rng_state_save(c->noise, rng);
    PG_CHECK_GOTO(st, pg_checkpoint_set_rng(k, rng, rn), fail);
    PG_CHECK_GOTO(st, pg_checkpoint_save(k, c->ckpt_dir, (int)c->o.keep,
                                         c->comm, &path), fail);
    c->t_last_ckpt = now;
    pg_run_log(c->log, "checkpoint %s (step %lld)", path, (long long)c->step);
    st = PG_OK;
fail:
    free(rng);
    free(path);
    pg_checkpoint_destroy(&k);
    return st;
}

static pg_status loader_ok(const pg_cyclegan_domain *d, const char *path)
{
    if (d->index > d->batches_per_epoch || d->index < 0 || d->epoch < 0)
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s: loader position of %s "
                       "(epoch %lld batch %lld) does not fit %lld batches per "
                       "epoch (was [train] batch or the dataset changed?)",
                       path, d->path, (long long)d->epoch,
                       (long long)d->index, (long long)d->batches_per_epoch);
    return PG_OK;
}

pg_status pg_cyclegan_ckpt_restore(pg_cyclegan *c, const char *path)
{
    pg_checkpoint *k = NULL;
    pg_ckpt_net n[4];
    pg_status st;
    nets(c, n);
    PG_CHECK(pg_checkpoint_read(path, c->rank, &k));
    if (pg_checkpoint_ranks(k) != c->size) {
        st = PG_FAIL(PG_ERR_STATE, "checkpoint %s was written by %d ranks "
                     "and this run has %d: resume with the same number of "
                     "ranks (each rank's data shards are part of the state)",
                     path, pg_checkpoint_ranks(k), c->size);
        goto done;
    }
    if (!pg_checkpoint_has(k, "train/loader_a_epoch")) {
        st = PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no "
                     "/train/loader_a_epoch (not a cyclegan checkpoint?)",
                     path);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_trainer_ckpt_get_nets(k, path, n, 4), done);
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(k, "train/loader_a_epoch",
                                            &c->a.epoch), done);
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(k, "train/loader_a_index",
                                            &c->a.index), done);
    int64_t wall_ms = 0;
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(k, "train/wall_ms", &wall_ms),
                  done);
    c->wall_before_s = 1e-3 * (double)wall_ms;
    const void *state;
    size_t rn;
    PG_CHECK_GOTO(st, pg_checkpoint_get_rng(k, &state, &rn), done);
    PG_CHECK_GOTO(st, pg_rng_state_load(c->noise, state, rn), done);
    c->step = pg_checkpoint_step(k);
    pg_checkpoint_loader(k, &c->b.epoch, &c->b.index);
    PG_CHECK_GOTO(st, loader_ok(&c->a, path), done);
    PG_CHECK_GOTO(st, loader_ok(&c->b, path), done);
    pg_trainer_ckpt_warn_config(pg_checkpoint_config(k), c->config_text,
                                path);
    st = PG_OK;
done:
    pg_checkpoint_destroy(&k);
    return st;
}
