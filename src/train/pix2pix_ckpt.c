/* Checkpoints of the paired trainer: the checkpoint/1 arrays of the
 * generic trainer (trainer_ckpt.c) that a noise-free model has, plus the
 * Professor Forcing discriminator when on (pix2pix_pf.c), and the run
 * part every trainer shares (run_ckpt.c: step, loader slot, each rank's
 * RNG state). On resume a job that differs from the checkpoint's in a
 * key that changes the trajectory is warned about, as in the other
 * trainers. */
#include "io/checkpoint.h"
#include "train/pix2pix_impl.h"
#include "train/run_ckpt.h"
#include "train/trainer_impl.h"

pg_status pg_pix2pix_ckpt_save(pg_pix2pix *p)
{
    pg_checkpoint *c = NULL;
    PG_CHECK(pg_checkpoint_create(&c));
    pg_status st = pg_trainer_ckpt_add_gan(c, p->gnet, p->dnet, p->g_opt,
                                           p->d_opt);
    if (st == PG_OK) st = pg_pix2pix_pf_ckpt_add(p, c);
    if (st == PG_OK && p->kind->ckpt_add) st = p->kind->ckpt_add(p, c);
    if (st == PG_OK)
        st = pg_run_checkpoint_write(&p->run, c, p->epoch, p->index);
    pg_checkpoint_destroy(&c);
    return st;
}

pg_status pg_pix2pix_ckpt_restore(pg_pix2pix *p, const char *path)
{
    pg_checkpoint *c = NULL;
    pg_status st;
    PG_CHECK(pg_run_ckpt_read(path, p->rank, p->size, &c));
    PG_CHECK_GOTO(st, pg_trainer_ckpt_get_gan(c, path, p->gnet, p->dnet,
                                              p->g_opt, p->d_opt), done);
    PG_CHECK_GOTO(st, pg_pix2pix_pf_ckpt_get(p, c, path), done);
    st = pg_run_checkpoint_restore(&p->run, c, path, p->o.data_path,
                                   p->batches_per_epoch, &p->epoch,
                                   &p->index);
done:
    pg_checkpoint_destroy(&c);
    return st;
}
