/* The run object every trainer embeds (run.h). */
#include "train/run.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/clock.h"
#include "dist/agree.h"
#include "train/run_ckpt.h"
#include "train/run_dir.h"
#include "train/run_setup.h"
#include "train/trainer_impl.h"

pg_status pg_run_begin(pg_run *r, const pg_config *cfg, const char *run_dir,
                       const pg_trainer_hooks *hooks, MPI_Comm comm)
{
    r->comm = MPI_COMM_NULL;
    r->cfg = cfg;
    if (hooks) r->hooks = *hooks;
    if (MPI_Comm_dup(comm, &r->comm) != MPI_SUCCESS) {
        r->comm = MPI_COMM_NULL;
        return PG_FAIL(PG_ERR_MPI, "MPI_Comm_dup failed");
    }
    MPI_Comm_rank(r->comm, &r->rank);
    MPI_Comm_size(r->comm, &r->size);
    r->run_dir = strdup(run_dir);
    return r->run_dir ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "run dir");
}

pg_status pg_run_start(pg_run *r, pg_status opts_status,
                       const pg_train_opts *opts, int resume, char *ckpt,
                       size_t cap)
{
    pg_status st = opts_status;
    ckpt[0] = 0;
    r->opts = opts;
    if (st == PG_OK) st = pg_run_config_text(r->cfg, &r->config_text);
    if (st == PG_OK && !(r->ckpt_dir = pg_run_path(r->run_dir,
                                                   "checkpoints")))
        st = PG_FAIL(PG_ERR_NOMEM, "paths");
    if (st == PG_OK)
        st = pg_rng_create((uint64_t)opts->seed, r->rank, PG_RNG_NOISE,
                           &r->noise);
    PG_CHECK(pg_dist_agree(r->comm, st));
    if (r->rank == 0)
        st = pg_run_prepare(r->run_dir, r->ckpt_dir, r->config_text, resume,
                            ckpt, cap);
    PG_CHECK(pg_dist_agree(r->comm, st));
    PG_CHECK(pg_run_bcast_string(r->comm, ckpt, cap));
    char *log_path = r->rank == 0 ? pg_run_path(r->run_dir, "train.log")
                                  : NULL;
    st = r->rank == 0 && !log_path
             ? PG_FAIL(PG_ERR_NOMEM, "paths")
             : pg_watchdog_start(r->comm, opts->watchdog_s, log_path,
                                 &r->watchdog);
    free(log_path);
    return pg_dist_agree(r->comm, st);
}

/* Rank 0: metrics.csv (kept up to resumed_step, or new when it is < 0)
 * and train.log for appending. */
static pg_status open_files(pg_run *r, const char *header,
                            int64_t resumed_step)
{
    char *path = pg_run_path(r->run_dir, "metrics.csv");
    if (!path) return PG_FAIL(PG_ERR_NOMEM, "path");
    pg_status st = pg_run_dir_metrics_open(path, header, resumed_step,
                                           &r->metrics);
    free(path);
    PG_CHECK(st);
    path = pg_run_path(r->run_dir, "train.log");
    if (!path) return PG_FAIL(PG_ERR_NOMEM, "path");
    r->log = fopen(path, "a");
    st = r->log ? PG_OK : PG_FAIL(PG_ERR_IO, "cannot append to %s", path);
    free(path);
    return st;
}

pg_status pg_run_open_outputs(pg_run *r, const char *header,
                              const char *ckpt)
{
    pg_status st = r->rank == 0
                       ? open_files(r, header, ckpt[0] ? r->step : -1)
                       : PG_OK;
    PG_CHECK(pg_dist_agree(r->comm, st));
    if (ckpt[0])
        pg_run_log(r, "resume from %s at step %lld on %d rank%s", ckpt,
                   (long long)r->step, r->size, r->size == 1 ? "" : "s");
    return PG_OK;
}

void pg_run_clock_start(pg_run *r)
{
    r->t_start = r->t_last_ckpt = pg_clock_now_s();
}

void pg_run_log(const pg_run *r, const char *fmt, ...)
{
    if (!r->log) return;
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
    fprintf(r->log, "%s ", when);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->log, fmt, ap);
    va_end(ap);
    fputc('\n', r->log);
    fflush(r->log);
}

pg_status pg_run_checkpoint_write(pg_run *r, pg_checkpoint *c, int64_t epoch,
                                  int64_t index)
{
    char *path = NULL;
    double now = pg_clock_now_s();
    pg_run_ckpt k = {r->config_text, r->step, epoch, index,
                     r->wall_before_s + now - r->t_start, r->noise,
                     r->ckpt_dir, r->opts->keep, r->comm};
    PG_CHECK(pg_run_ckpt_save(c, &k, &path));
    r->t_last_ckpt = now;
    pg_run_log(r, "checkpoint %s (step %lld)", path, (long long)r->step);
    free(path);
    return PG_OK;
}

pg_status pg_run_checkpoint_restore(pg_run *r, const pg_checkpoint *c,
                                    const char *path, const char *data,
                                    int64_t batches_per_epoch, int64_t *epoch,
                                    int64_t *index)
{
    PG_CHECK(pg_run_ckpt_restore(c, r->noise, &r->step, epoch, index,
                                 &r->wall_before_s));
    PG_CHECK(pg_run_ckpt_loader_check(path, data, *epoch, *index,
                                      batches_per_epoch));
    pg_run_ckpt_warn_config(pg_checkpoint_config(c), r->config_text, path);
    return PG_OK;
}

void pg_run_release(pg_run *r)
{
    pg_watchdog_stop(&r->watchdog);
    if (r->metrics) fclose(r->metrics);
    if (r->log) fclose(r->log);
    pg_rng_destroy(&r->noise);
    free(r->config_text);
    free(r->run_dir);
    free(r->ckpt_dir);
    if (r->comm != MPI_COMM_NULL) MPI_Comm_free(&r->comm);
    memset(r, 0, sizeof *r);
    r->comm = MPI_COMM_NULL;
}
