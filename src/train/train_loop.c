/* The shared training loop (train_loop.h). */
#include "train/train_loop.h"

#include <stdarg.h>
#include <stdio.h>

#include "base/clock.h"
#include "base/log.h"
#include "base/progress.h"
#include "dist/agree.h"
#include "train/signals.h"
#include "train/trainer_impl.h"

/* What all ranks agree on after each step (MPI_MAX of each). */
enum { AG_SIGNAL, AG_BAD_TERM, AG_CLOCK, AG_COUNT };

static void log_line(const pg_train_loop *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void log_line(const pg_train_loop *l, const char *fmt, ...)
{
    if (!l->log) return;
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    l->log(l->self, line);
}

pg_status pg_train_row_write(MPI_Comm comm, int rank, int size,
                             FILE *metrics, const char *run_dir,
                             const pg_train_row *r)
{
    if (MPI_Allreduce(MPI_IN_PLACE, r->v, r->n, MPI_DOUBLE, MPI_SUM, comm) !=
        MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "metrics MPI_Allreduce failed");
    pg_status st = PG_OK;
    if (rank == 0) {
        double wall = r->wall_before_s + pg_clock_now_s() - r->t_start;
        fprintf(metrics, "%lld,%lld", (long long)r->step,
                (long long)r->epoch);
        for (int i = 0; i < r->n; i++)
            fprintf(metrics, ",%.9g", r->v[i] / size);
        fprintf(metrics, ",%.9g,%.9g,%.9g,%.3f\n", r->grad_norm_g,
                r->grad_norm_d, r->samples_per_s, wall);
        if (fflush(metrics) != 0 || ferror(metrics))
            st = PG_FAIL(PG_ERR_IO, "cannot write %s/metrics.csv", run_dir);
    }
    return pg_dist_agree(comm, st);
}

static pg_status agree_flags(const pg_train_loop *l, int flags[AG_COUNT])
{
    if (l->hooks.stop_after > 0 && *l->step == l->hooks.stop_after)
        pg_signals_request(PG_SIGNALS_REQUEST);
    flags[AG_SIGNAL] = pg_signals_pending();
    flags[AG_BAD_TERM] = l->bad_term(l->self);
    flags[AG_CLOCK] = l->rank == 0 && l->ckpt_minutes > 0 &&
                      pg_clock_now_s() - *l->t_last_ckpt >=
                          60.0 * l->ckpt_minutes;
    return pg_dist_agree_flags(l->comm, flags, AG_COUNT, "stop flags");
}

pg_status pg_train_loop_run(const pg_train_loop *l, int plain,
                            pg_train_outcome *out)
{
    pg_progress *prog = NULL;
    char text[160] = "";
    pg_status st = PG_OK;
    *out = PG_TRAIN_FINISHED;
    if (l->rank == 0) {
        PG_CHECK(pg_progress_create("train", l->steps, stderr, plain, 2.0,
                                    &prog));
        pg_progress_resume(prog, (long)*l->step);
    }
    PG_CHECK_GOTO(st, pg_signals_install(), done);
    double t_row = pg_clock_now_s();
    int64_t step_row = *l->step;
    while (*l->step < l->steps) {
        PG_CHECK_GOTO(st, l->step_fn(l->self), done);
        int flags[AG_COUNT];
        PG_CHECK_GOTO(st, agree_flags(l, flags), done);
        int64_t step = *l->step;
        int last = step == l->steps;
        /* Rows at fixed steps only, so a stopped and resumed run has the
         * rows of a straight one; a NaN step gets its row for diagnosis. */
        if (step % l->log_every == 0 || last || flags[AG_BAD_TERM]) {
            double now = pg_clock_now_s();
            double rate = (double)(step - step_row) * l->samples_per_step *
                          l->size / (now - t_row);
            PG_CHECK_GOTO(st, l->metrics_row(l->self, rate), done);
            t_row = now;
            step_row = step;
        }
        if (flags[AG_BAD_TERM]) {
            const char *bad = l->term_name(l->self, flags[AG_BAD_TERM]);
            log_line(l, "stop: %s is not finite at step %lld", bad,
                     (long long)step);
            st = PG_FAIL(PG_ERR_NUMERIC, "step %lld: %s is NaN or Inf; "
                         "training stopped, no checkpoint of this step was "
                         "written (the newest one in %s is the last good "
                         "state; lower the learning rates or check the "
                         "data)", (long long)step, bad, l->ckpt_dir);
            goto done;
        }
        if (prog) {
            l->progress_text(l->self, text, sizeof text);
            pg_progress_update(prog, (long)step, text);
        }
        if (l->samples && (step % l->sample_every == 0 || last))
            PG_CHECK_GOTO(st, l->samples(l->self), done);
        if (step % l->ckpt_every == 0 || last || flags[AG_CLOCK] ||
            flags[AG_SIGNAL])
            PG_CHECK_GOTO(st, l->checkpoint(l->self), done);
        if (flags[AG_SIGNAL] && !last) {
            int sig = flags[AG_SIGNAL];
            log_line(l, "stop: %s after step %lld, checkpoint written",
                     pg_signals_name(sig), (long long)step);
            pg_info("%s: stopped after step %lld with a checkpoint; continue "
                    "with --resume", pg_signals_name(sig), (long long)step);
            *out = PG_TRAIN_STOPPED;
            break;
        }
    }
    if (*out == PG_TRAIN_FINISHED)
        log_line(l, "finished at step %lld", (long long)*l->step);
done:
    pg_signals_restore();
    if (prog) {
        if (st == PG_OK) pg_progress_finish(prog, text);
        pg_progress_destroy(&prog);
    }
    if (st != PG_OK) log_line(l, "error: %s", pg_error_message());
    return st;
}
