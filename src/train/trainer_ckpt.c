/* Checkpoints of a training run (docs/hpc.md, "Checkpoints"): everything
 * the next step depends on, so a resumed run continues bit-identically. */
#include <stdlib.h>
#include <string.h>

#include "io/checkpoint.h"
#include "train/run_ckpt.h"
#include "train/trainer_impl.h"

/* G and D with their Adam states, the EMA generator, and the
 * normalisation reference ref (offset, scale, cell sizes x and y) with the
 * sample shape, so that `physgan generate` and the C API rebuild G and map
 * its output back to data units as this run did without the data file.
 * float32: 7 significant digits, the precision of the output. */
static pg_status add_arrays(pg_trainer *t, pg_checkpoint *c,
                            const float ref[4])
{
    PG_CHECK(pg_trainer_ckpt_add_gan(c, t->gnet, t->dnet, t->g_opt,
                                     t->d_opt));
    if (t->ema)
        PG_CHECK(pg_checkpoint_add_floats(c, "G_ema/params",
                                          pg_ema_weights(t->ema),
                                          pg_ema_size(t->ema)));
    PG_CHECK(pg_checkpoint_add_floats(c, "data/offset", &ref[0], 1));
    PG_CHECK(pg_checkpoint_add_floats(c, "data/scale", &ref[1], 1));
    if (t->terrain) {
        PG_CHECK(pg_checkpoint_add_floats(c, "data/cell_size_m", &ref[2], 1));
        PG_CHECK(pg_checkpoint_add_floats(c, "data/cell_size_y_m", &ref[3],
                                          1));
    }
    PG_CHECK(pg_checkpoint_add_int(c, "data/channels", t->dims.channels));
    PG_CHECK(pg_checkpoint_add_int(c, "data/height", t->dims.height));
    PG_CHECK(pg_checkpoint_add_int(c, "data/width", t->dims.width));
    return PG_OK;
}

pg_status pg_trainer_ckpt_save(pg_trainer *t)
{
    pg_checkpoint *c = NULL;
    /* Borrowed by c until the write. */
    const float ref[4] = {(float)t->ref_offset, (float)t->ref_scale,
                          (float)t->cell_size_m, (float)t->cell_size_y_m};
    PG_CHECK(pg_checkpoint_create(&c));
    pg_status st = add_arrays(t, c, ref);
    if (st == PG_OK)
        st = pg_run_checkpoint_write(&t->run, c, t->epoch, t->index);
    pg_checkpoint_destroy(&c);
    return st;
}

static pg_status get_floats(const pg_checkpoint *c, const char *path,
                            const char *name, float *dst, size_t n)
{
    if (!n) return PG_OK;
    if (!pg_checkpoint_has(c, name))
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /%s (a "
                       "checkpoint of another model or job?)", path, name);
    PG_CHECK(pg_checkpoint_get_floats(c, name, dst, n));
    return PG_OK;
}

/* "NAME/params" etc. into buf. */
static const char *key(char *buf, size_t cap, const char *name,
                       const char *what)
{
    snprintf(buf, cap, "%s/%s", name, what);
    return buf;
}

pg_status pg_trainer_ckpt_add_nets(pg_checkpoint *c,
                                   const pg_ckpt_net *nets, int n)
{
    char k[160];
    for (int i = 0; i < n; i++)
        PG_CHECK(pg_checkpoint_add_floats(c, key(k, sizeof k, nets[i].name,
                                                 "params"),
                                          nets[i].net->w, nets[i].net->nw));
    for (int i = 0; i < n; i++)
        if (nets[i].net->ns)
            PG_CHECK(pg_checkpoint_add_floats(
                c, key(k, sizeof k, nets[i].name, "state"), nets[i].net->s,
                nets[i].net->ns));
    for (int i = 0; i < n; i++) {
        pg_adam *a = nets[i].opt;
        size_t len = pg_adam_size(a);
        char opt[128];
        snprintf(opt, sizeof opt, "opt/%s", nets[i].name);
        PG_CHECK(pg_checkpoint_add_floats(c, key(k, sizeof k, opt, "m"),
                                          pg_adam_m(a), len));
        PG_CHECK(pg_checkpoint_add_floats(c, key(k, sizeof k, opt, "v"),
                                          pg_adam_v(a), len));
        PG_CHECK(pg_checkpoint_add_int(c, key(k, sizeof k, opt, "step"),
                                       pg_adam_steps(a)));
    }
    return PG_OK;
}

pg_status pg_trainer_ckpt_get_nets(const pg_checkpoint *c, const char *path,
                                   const pg_ckpt_net *nets, int n)
{
    char k[160];
    for (int i = 0; i < n; i++) {
        pg_net *net = nets[i].net;
        PG_CHECK(get_floats(c, path, key(k, sizeof k, nets[i].name, "params"),
                            net->w, net->nw));
        PG_CHECK(get_floats(c, path, key(k, sizeof k, nets[i].name, "state"),
                            net->s, net->ns));
        pg_adam *a = nets[i].opt;
        size_t len = pg_adam_size(a);
        char opt[128];
        int64_t steps;
        snprintf(opt, sizeof opt, "opt/%s", nets[i].name);
        PG_CHECK(get_floats(c, path, key(k, sizeof k, opt, "m"), pg_adam_m(a),
                            len));
        PG_CHECK(get_floats(c, path, key(k, sizeof k, opt, "v"), pg_adam_v(a),
                            len));
        if (!pg_checkpoint_has(c, key(k, sizeof k, opt, "step")))
            return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s has no /%s (a "
                           "checkpoint of another model or job?)", path, k);
        PG_CHECK(pg_checkpoint_get_int(c, k, &steps));
        pg_adam_set_steps(a, (long)steps);
    }
    return PG_OK;
}

pg_status pg_trainer_ckpt_add_gan(pg_checkpoint *c, pg_net *g, pg_net *d,
                                  pg_adam *g_opt, pg_adam *d_opt)
{
    const pg_ckpt_net nets[2] = {{"G", g, g_opt}, {"D", d, d_opt}};
    return pg_trainer_ckpt_add_nets(c, nets, 2);
}

pg_status pg_trainer_ckpt_get_gan(const pg_checkpoint *c, const char *path,
                                  pg_net *g, pg_net *d, pg_adam *g_opt,
                                  pg_adam *d_opt)
{
    const pg_ckpt_net nets[2] = {{"G", g, g_opt}, {"D", d, d_opt}};
    return pg_trainer_ckpt_get_nets(c, path, nets, 2);
}

pg_status pg_trainer_ckpt_restore(pg_trainer *t, const char *path)
{
    pg_checkpoint *c = NULL;
    pg_status st;
    PG_CHECK(pg_run_ckpt_read(path, t->rank, t->size, &c));
    PG_CHECK_GOTO(st, pg_trainer_ckpt_get_gan(c, path, t->gnet, t->dnet,
                                              t->g_opt, t->d_opt), done);
    if (t->ema)
        PG_CHECK_GOTO(st, get_floats(c, path, "G_ema/params",
                                     pg_ema_weights(t->ema),
                                     pg_ema_size(t->ema)), done);
    st = pg_run_checkpoint_restore(&t->run, c, path, t->o.data_path,
                                   t->batches_per_epoch, &t->epoch,
                                   &t->index);
done:
    pg_checkpoint_destroy(&c);
    return st;
}
