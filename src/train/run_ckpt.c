/* The trainers' shared checkpoint writing (run_ckpt.h). */
#include "train/run_ckpt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/log.h"

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

pg_status pg_run_ckpt_read(const char *path, int rank, int size,
                           pg_checkpoint **out)
{
    PG_CHECK(pg_checkpoint_read(path, rank, out));
    int ranks = pg_checkpoint_ranks(*out);
    if (ranks == size) return PG_OK;
    pg_checkpoint_destroy(out);
    return PG_FAIL(PG_ERR_STATE, "checkpoint %s was written by %d rank%s "
                   "and this run has %d: resume with the same number of "
                   "ranks (mpiexec -n %d / srun -n %d), since each rank's "
                   "data shard and noise stream are part of the state", path,
                   ranks, ranks == 1 ? "" : "s", size, ranks, ranks);
}

pg_status pg_run_ckpt_restore(const pg_checkpoint *c, pg_rng *noise,
                              int64_t *step, int64_t *epoch, int64_t *index,
                              double *wall_before_s)
{
    int64_t wall_ms = 0;
    if (pg_checkpoint_has(c, "train/wall_ms"))
        PG_CHECK(pg_checkpoint_get_int(c, "train/wall_ms", &wall_ms));
    const void *state;
    size_t rn;
    PG_CHECK(pg_checkpoint_get_rng(c, &state, &rn));
    PG_CHECK(pg_rng_state_load(noise, state, rn));
    *step = pg_checkpoint_step(c);
    pg_checkpoint_loader(c, epoch, index);
    *wall_before_s = 1e-3 * (double)wall_ms;
    return PG_OK;
}

pg_status pg_run_ckpt_loader_check(const char *path, const char *data,
                                   int64_t epoch, int64_t index,
                                   int64_t batches_per_epoch)
{
    if (index > batches_per_epoch || index < 0 || epoch < 0)
        return PG_FAIL(PG_ERR_FORMAT, "checkpoint %s: loader position of %s "
                       "(epoch %lld batch %lld) does not fit %lld batches per "
                       "epoch (was [train] batch or the dataset changed?)",
                       path, data, (long long)epoch, (long long)index,
                       (long long)batches_per_epoch);
    return PG_OK;
}

/* The next "[section] key = value" of a pg_config_write text at *p
 * (comments and origins dropped) into out; 0 at the end. */
static int next_setting(const char **p, char *section, char *out, size_t n)
{
    while (**p) {
        const char *line = *p, *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        *p = line + len + (end != NULL);
        if (line[0] == '[') {
            snprintf(section, 64, "%.*s", (int)(len < 63 ? len : 63), line);
            continue;
        }
        if (!len || line[0] == ';') continue;
        const char *semi = strstr(line, "   ;");
        if (semi && semi < line + len) len = (size_t)(semi - line);
        snprintf(out, n, "%s %.*s", section, (int)len, line);
        return 1;
    }
    return 0;
}

/* Keys that may change between a run and its resume without changing the
 * trajectory. */
static int may_change(const char *setting)
{
    static const char *const free_keys[] = {
        "[train] steps =", "[train] threads =", "[output] dir =",
        "[train] checkpoint_", "[train] keep_checkpoints =",
        "[train] sample_every =", "[train] log_every =",
        "[train] watchdog_seconds ="};
    for (size_t i = 0; i < sizeof free_keys / sizeof *free_keys; i++)
        if (!strncmp(setting, free_keys[i], strlen(free_keys[i]))) return 1;
    return 0;
}

void pg_run_ckpt_warn_config(const char *saved, const char *now,
                             const char *path)
{
    char sa[64] = "", sb[64] = "", a[1024], b[1024];
    const char *pa = saved, *pb = now;
    for (;;) {
        int ha = next_setting(&pa, sa, a, sizeof a);
        int hb = next_setting(&pb, sb, b, sizeof b);
        if (!ha || !hb) return;
        if (strcmp(a, b) != 0 && !(may_change(a) && may_change(b))) {
            pg_warn("resuming from %s with a changed job: '%s' was '%s'; the "
                    "run will not match an uninterrupted one", path, b, a);
            return;
        }
    }
}
