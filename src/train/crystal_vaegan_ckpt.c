/* Checkpoints of the crystal VAE-GAN trainer: G, E, D and P with their
 * Adam states (trainer_ckpt.c's named-net arrays), the codec (atom slots,
 * vocabulary, lattice and property scales: what `screen crystals` needs
 * to decode G's samples), the wall clock and every rank's RNG (run.h).
 * Batches are drawn from the RNG, so the checkpoint/1 loader slot stays
 * (0, 0). */
#include <string.h>

#include "io/checkpoint.h"
#include "train/crystal_vaegan_impl.h"
#include "train/run_ckpt.h"
#include "train/trainer_impl.h"

enum { N_SCALES = 15 };   /* lat_mean 6, lat_std 6, prop mean, std, cap */

static void nets(pg_crystal_vaegan *t, pg_ckpt_net n[4])
{
    n[0] = (pg_ckpt_net){"G", t->gnet, t->g_opt};
    n[1] = (pg_ckpt_net){"E", t->enet, t->e_opt};
    n[2] = (pg_ckpt_net){"D", t->dnet, t->d_opt};
    n[3] = (pg_ckpt_net){"P", t->pnet, t->p_opt};
}

static void pack(const pg_crystal_codec *c, float *vocab, float *scales)
{
    for (int k = 0; k < c->species; k++) vocab[k] = (float)c->vocab[k];
    for (int k = 0; k < 6; k++) {
        scales[k] = (float)c->lat_mean[k];
        scales[6 + k] = (float)c->lat_std[k];
    }
    scales[12] = (float)c->prop_mean;
    scales[13] = (float)c->prop_std;
    scales[14] = (float)c->prop_cap;
}

pg_status pg_crystal_vaegan_codec_get(const pg_checkpoint *k,
                                      const char *path, pg_crystal_codec *c)
{
    int64_t atoms, species;
    float vocab[PG_CRYSTAL_CODEC_VOCAB], scales[N_SCALES];
    memset(c, 0, sizeof *c);
    if (!pg_checkpoint_has(k, "crystal/atoms"))
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /crystal/atoms "
                       "(not a crystal_vaegan checkpoint?)", path);
    PG_CHECK(pg_checkpoint_get_int(k, "crystal/atoms", &atoms));
    PG_CHECK(pg_checkpoint_get_int(k, "crystal/species", &species));
    if (atoms < 1 || atoms > PG_CRYSTAL_CODEC_MAX_ATOMS || species < 2 ||
        species > PG_CRYSTAL_CODEC_VOCAB)
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s: %lld atom slots and "
                       "%lld species are out of range", path,
                       (long long)atoms, (long long)species);
    PG_CHECK(pg_checkpoint_get_floats(k, "crystal/vocab", vocab,
                                      (size_t)species));
    PG_CHECK(pg_checkpoint_get_floats(k, "crystal/scales", scales, N_SCALES));
    c->atoms = (int)atoms;
    c->species = (int)species;
    for (int s = 0; s < c->species; s++) {
        c->vocab[s] = (int)vocab[s];
        if (c->vocab[s] < (s ? 1 : 0) || c->vocab[s] >= PG_CRYSTAL_CODEC_VOCAB ||
            (s > 0 && c->vocab[s] <= c->vocab[s - 1]))
            return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s: /crystal/vocab is "
                           "not an increasing list of atomic numbers", path);
    }
    for (int q = 0; q < 6; q++) {
        c->lat_mean[q] = scales[q];
        c->lat_std[q] = scales[6 + q];
    }
    c->prop_mean = scales[12];
    c->prop_std = scales[13];
    c->prop_cap = scales[14];
    return PG_OK;
}

pg_status pg_crystal_vaegan_ckpt_save(pg_crystal_vaegan *t)
{
    pg_checkpoint *k = NULL;
    pg_ckpt_net n[4];
    nets(t, n);
    pack(&t->codec, t->ck_vocab, t->ck_scales);
    PG_CHECK(pg_checkpoint_create(&k));
    pg_status st;
    PG_CHECK_GOTO(st, pg_trainer_ckpt_add_nets(k, n, 4), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(k, "crystal/atoms",
                                            t->codec.atoms), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_int(k, "crystal/species",
                                            t->codec.species), done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_floats(k, "crystal/vocab", t->ck_vocab,
                                               (size_t)t->codec.species),
                  done);
    PG_CHECK_GOTO(st, pg_checkpoint_add_floats(k, "crystal/scales",
                                               t->ck_scales, N_SCALES), done);
    st = pg_run_checkpoint_write(&t->run, k, 0, 0);
done:
    pg_checkpoint_destroy(&k);
    return st;
}

pg_status pg_crystal_vaegan_ckpt_restore(pg_crystal_vaegan *t,
                                         const char *path)
{
    pg_checkpoint *k = NULL;
    pg_ckpt_net n[4];
    pg_crystal_codec c;
    pg_status st;
    int64_t epoch, index;
    nets(t, n);
    PG_CHECK(pg_run_ckpt_read(path, t->rank, t->size, &k));
    PG_CHECK_GOTO(st, pg_crystal_vaegan_codec_get(k, path, &c), done);
    if (c.atoms != t->codec.atoms || c.species != t->codec.species ||
        memcmp(c.vocab, t->codec.vocab, sizeof c.vocab)) {
        st = PG_FAIL(PG_ERR_FORMAT, "checkpoint %s was trained with %d atom "
                     "slots and %d species; this job and %s give %d and %d "
                     "(or other elements)", path, c.atoms, c.species,
                     t->o.path, t->codec.atoms, t->codec.species);
        goto done;
    }
    PG_CHECK_GOTO(st, pg_trainer_ckpt_get_nets(k, path, n, 4), done);
    st = pg_run_checkpoint_restore(&t->run, k, path, t->o.path, 1, &epoch,
                                   &index);
done:
    pg_checkpoint_destroy(&k);
    return st;
}
