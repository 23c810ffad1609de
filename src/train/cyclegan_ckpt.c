/* Checkpoints of the CycleGAN trainer: the four nets and their Adam
 * states (trainer_ckpt.c's named-net arrays; names below), both
 * loader positions (B's in the checkpoint/1 loader slot, A's in
 * train/loader_a_*), the wall clock, every rank's RNG, and the real
 * domain's cell sizes for `physgan generate`. */
#include "io/checkpoint.h"
#include "train/cyclegan_impl.h"
#include "train/run_ckpt.h"
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

/* A's loader position, the four nets with their Adam states, and the
 * real domain's cell sizes (cell: borrowed until the write). */
static pg_status add_arrays(pg_cyclegan *c, pg_checkpoint *k,
                            const float cell[2])
{
    pg_ckpt_net n[4];
    nets(c, n);
    PG_CHECK(pg_checkpoint_add_int(k, "train/loader_a_epoch", c->a.epoch));
    PG_CHECK(pg_checkpoint_add_int(k, "train/loader_a_index", c->a.index));
    PG_CHECK(pg_trainer_ckpt_add_nets(k, n, 4));
    PG_CHECK(pg_checkpoint_add_floats(k, "data/cell_size_m", cell, 1));
    PG_CHECK(pg_checkpoint_add_floats(k, "data/cell_size_y_m", cell + 1, 1));
    return PG_OK;
}

pg_status pg_cyclegan_ckpt_save(pg_cyclegan *c)
{
    pg_checkpoint *k = NULL;
    const float cell[2] = {(float)c->b.dx_m, (float)c->b.dy_m};
    PG_CHECK(pg_checkpoint_create(&k));
    pg_status st = add_arrays(c, k, cell);
    /* B, the real domain, in the checkpoint/1 loader slot. */
    if (st == PG_OK)
        st = pg_run_checkpoint_write(&c->run, k, c->b.epoch, c->b.index);
    pg_checkpoint_destroy(&k);
    return st;
}

pg_status pg_cyclegan_ckpt_restore(pg_cyclegan *c, const char *path)
{
    pg_checkpoint *k = NULL;
    pg_ckpt_net n[4];
    pg_status st;
    nets(c, n);
    PG_CHECK(pg_run_ckpt_read(path, c->rank, c->size, &k));
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
    PG_CHECK_GOTO(st, pg_run_ckpt_loader_check(path, c->a.path, c->a.epoch,
                                               c->a.index,
                                               c->a.batches_per_epoch),
                  done);
    /* B's position is the run's loader slot. */
    st = pg_run_checkpoint_restore(&c->run, k, path, c->b.path,
                                   c->b.batches_per_epoch, &c->b.epoch,
                                   &c->b.index);
done:
    pg_checkpoint_destroy(&k);
    return st;
}
