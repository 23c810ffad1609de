/* Checkpoints of the sequence GAN trainer: G, D and the critic C with
 * their Adam states (trainer_ckpt.c's named-net arrays), the sequence
 * length and number of families the nets were built for, the wall clock
 * and every rank's RNG (run.h). Batches are drawn from the RNG, so the
 * checkpoint/1 loader slot stays (0, 0). */
#include "io/checkpoint.h"
#include "train/protein_gan_impl.h"
#include "train/run_ckpt.h"
#include "train/trainer_impl.h"

static void nets(pg_protein_gan *t, pg_ckpt_net n[3])
{
    n[0] = (pg_ckpt_net){"G", t->gnet, t->g_opt};
    n[1] = (pg_ckpt_net){"D", t->dnet, t->d_opt};
    n[2] = (pg_ckpt_net){"C", t->cnet, t->c_opt};
}

pg_status pg_protein_gan_ckpt_save(pg_protein_gan *t)
{
    pg_checkpoint *k = NULL;
    pg_ckpt_net n[3];
    nets(t, n);
    PG_CHECK(pg_checkpoint_create(&k));
    pg_status st;
    PG_CHECK_GOTO(st, pg_trainer_ckpt_add_nets(k, n, 3), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(k, "protein/length",
                                            t->dims.length), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(k, "protein/families",
                                            t->dims.families), done);
    st = pg_run_checkpoint_write(&t->run, k, 0, 0);
done:
    pg_checkpoint_destroy(&k);
    return st;
}

pg_status pg_protein_gan_ckpt_restore(pg_protein_gan *t, const char *path)
{
    pg_checkpoint *k = NULL;
    pg_ckpt_net n[3];
    pg_status st;
    int64_t length = 0, families = 0, epoch, index;
    nets(t, n);
    PG_CHECK(pg_run_ckpt_read(path, t->rank, t->size, &k));
    if (!pg_checkpoint_has(k, "protein/length")) {
        st = PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /protein/length "
                     "(not a protein_gan checkpoint?)", path);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(k, "protein/length", &length),
                  done);
    PG_CHECK_GOTO(st, pg_checkpoint_get_int(k, "protein/families",
                                            &families), done);
    if (length != t->dims.length || families != t->dims.families) {
        st = PG_FAIL(PG_ERR_FORMAT, "checkpoint %s was trained on length "
                     "%lld and %lld families; this job and %s give %d and "
                     "%d", path, (long long)length, (long long)families,
                     t->o.path, t->dims.length, t->dims.families);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_trainer_ckpt_get_nets(k, path, n, 3), done);
    st = pg_run_checkpoint_restore(&t->run, k, path, t->o.path, 1, &epoch,
                                   &index);
done:
    pg_checkpoint_destroy(&k);
    return st;
}
