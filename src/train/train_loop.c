/* The shared training loop (train_loop.h). */
#include "train/train_loop.h"

#include <stdio.h>
#include <stdlib.h>

#include "base/clock.h"
#include "dist/agree.h"
#include "base/log.h"
#include "base/progress.h"
#include "train/run_setup.h"
#include "train/signals.h"
#include "train/trainer_impl.h"
#include "train/watchdog.h"

/* What all ranks agree on after each step (MPI_MAX of each). */
enum { AG_SIGNAL, AG_BAD_TERM, AG_CLOCK, AG_COUNT };

pg_status pg_train_row_write(const pg_run *r, const pg_train_row *row)
{
    if (MPI_Allreduce(MPI_IN_PLACE, row->v, row->n, MPI_DOUBLE, MPI_SUM,
                      r->comm) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "metrics MPI_Allreduce failed");
    pg_status st = PG_OK;
    if (r->rank == 0) {
        double wall = r->wall_before_s + pg_clock_now_s() - r->t_start;
        fprintf(r->metrics, "%lld,%lld", (long long)r->step,
                (long long)row->epoch);
        for (int i = 0; i < row->n; i++)
            fprintf(r->metrics, ",%.9g", row->v[i] / r->size);
        fprintf(r->metrics, ",%.9g,%.9g,%.9g,%.3f\n", row->grad_norm_g,
                row->grad_norm_d, row->samples_per_s, wall);
        if (fflush(r->metrics) != 0 || ferror(r->metrics))
            st = PG_FAIL(PG_ERR_IO, "cannot write %s/metrics.csv",
                         r->run_dir);
    }
    return pg_dist_agree(r->comm, st);
}

static pg_status agree_flags(const pg_train_loop *l, int flags[AG_COUNT])
{
    const pg_run *r = l->run;
    if (r->hooks.stop_after > 0 && r->step == r->hooks.stop_after)
        pg_signals_request(PG_SIGNALS_REQUEST);
    flags[AG_SIGNAL] = pg_signals_pending();
    flags[AG_BAD_TERM] = l->bad_term(l->self);
    flags[AG_CLOCK] = r->rank == 0 && r->opts->ckpt_minutes > 0 &&
                      pg_clock_now_s() - r->t_last_ckpt >=
                          60.0 * r->opts->ckpt_minutes;
    return pg_dist_agree_flags(r->comm, flags, AG_COUNT, "stop flags");
}

pg_status pg_train_loop_run(const pg_train_loop *l, int plain,
                            pg_train_outcome *out)
{
    pg_run *r = l->run;
    const pg_train_opts *o = r->opts;
    pg_progress *prog = NULL;
    pg_watchdog *wd = r->watchdog; /* watching since pg_run_start */
    char text[160] = "";
    pg_status st = PG_OK;
    *out = PG_TRAIN_FINISHED;
    if (r->rank == 0) {
        PG_CHECK(pg_progress_create("train", o->steps, stderr, plain, 2.0,
                                    &prog));
        pg_progress_resume(prog, (long)r->step);
    }
    PG_CHECK_GOTO(st, pg_signals_install(), done);
    double t_row = pg_clock_now_s();
    int64_t step_row = r->step;
    pg_watchdog_beat(wd, r->step, "in a step");
    while (r->step < o->steps) {
        PG_CHECK_GOTO(st, l->step_fn(l->self), done);
        int flags[AG_COUNT];
        PG_CHECK_GOTO(st, agree_flags(l, flags), done);
        int64_t step = r->step;
        pg_watchdog_beat(wd, step, "after the step (metrics, samples, "
                         "checkpoint, next step)");
        int last = step == o->steps;
        /* Rows at fixed steps only, so a stopped and resumed run has the
         * rows of a straight one; a NaN step gets its row for diagnosis. */
        if (step % o->log_every == 0 || last || flags[AG_BAD_TERM]) {
            double now = pg_clock_now_s();
            double rate = (double)(step - step_row) * l->samples_per_step *
                          r->size / (now - t_row);
            PG_CHECK_GOTO(st, l->metrics_row(l->self, rate), done);
            t_row = now;
            step_row = step;
        }
        if (flags[AG_BAD_TERM]) {
            const char *bad = l->term_name(l->self, flags[AG_BAD_TERM]);
            pg_run_log(r, "stop: %s is not finite at step %lld", bad,
                       (long long)step);
            st = PG_FAIL(PG_ERR_NUMERIC, "step %lld: %s is NaN or Inf; "
                         "training stopped, no checkpoint of this step was "
                         "written (the newest one in %s is the last good "
                         "state; lower the learning rates or check the "
                         "data)", (long long)step, bad, r->ckpt_dir);
            goto done;
        }
        if (prog) {
            l->progress_text(l->self, text, sizeof text);
            pg_progress_update(prog, (long)step, text);
        }
        if (l->samples && (step % l->sample_every == 0 || last)) {
            pg_watchdog_beat(wd, step, "writing a sample file");
            PG_CHECK_GOTO(st, l->samples(l->self), done);
        }
        if (step % o->ckpt_every == 0 || last || flags[AG_CLOCK] ||
            flags[AG_SIGNAL]) {
            pg_watchdog_beat(wd, step, "writing a checkpoint");
            PG_CHECK_GOTO(st, l->checkpoint(l->self), done);
        }
        pg_watchdog_beat(wd, step, "in a step");
        if (flags[AG_SIGNAL] && !last) {
            int sig = flags[AG_SIGNAL];
            pg_run_log(r, "stop: %s after step %lld, checkpoint written",
                       pg_signals_name(sig), (long long)step);
            pg_info("%s: stopped after step %lld with a checkpoint; continue "
                    "with --resume", pg_signals_name(sig), (long long)step);
            *out = PG_TRAIN_STOPPED;
            break;
        }
    }
    if (*out == PG_TRAIN_FINISHED)
        pg_run_log(r, "finished at step %lld", (long long)r->step);
done:
    pg_watchdog_stop(&r->watchdog); /* what follows beats no more */
    pg_signals_restore();
    if (prog) {
        if (st == PG_OK) pg_progress_finish(prog, text);
        pg_progress_destroy(&prog);
    }
    if (st != PG_OK) pg_run_log(r, "error: %s", pg_error_message());
    return st;
}

const char *pg_train_term_from(const char *const *names, int n, int term)
{
    return term >= 1 && term <= n ? names[term - 1] : "?";
}
