/* The training loop: steps, the per-step agreement on stopping (signal,
 * NaN, checkpoint clock), metrics rows, samples, checkpoints, progress. */
#include <math.h>
#include <string.h>

#include "base/log.h"
#include "base/progress.h"
#include "train/signals.h"
#include "train/trainer_impl.h"

/* What all ranks agree on after each step (MPI_MAX of each). */
enum { AG_SIGNAL, AG_BAD_TERM, AG_CLOCK, AG_COUNT };

/* Rank-mean of the step's metrics; rank 0 appends the row. Collective. */
static pg_status metrics_row(pg_trainer *t, const pg_step_metrics *m,
                             double samples_per_s)
{
    enum { FIXED = 6 };
    double v[FIXED + PG_TRAINER_MAX_PENALTIES];
    int n = 0;
    v[n++] = m->loss_d;
    v[n++] = m->loss_g;
    v[n++] = m->d_real;
    v[n++] = m->d_fake;
    for (int p = 0; p < t->n_pen; p++) v[n++] = m->pen[p];
    if (MPI_Allreduce(MPI_IN_PLACE, v, n, MPI_DOUBLE, MPI_SUM, t->comm) !=
        MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "metrics MPI_Allreduce failed");
    pg_status st = PG_OK;
    if (t->rank == 0) {
        double wall = t->wall_before_s + pg_trainer_now() - t->t_start;
        fprintf(t->metrics, "%lld,%lld", (long long)t->step,
                (long long)t->epoch);
        for (int i = 0; i < n; i++)
            fprintf(t->metrics, ",%.9g", v[i] / t->size);
        /* Gradient norms are of the averaged gradient: equal on all ranks. */
        fprintf(t->metrics, ",%.9g,%.9g,%.9g,%.3f\n", m->grad_norm_g,
                m->grad_norm_d, samples_per_s, wall);
        if (fflush(t->metrics) != 0 || ferror(t->metrics))
            st = PG_FAIL(PG_ERR_IO, "cannot write %s/metrics.csv",
                         t->run_dir);
    }
    PG_CHECK(pg_trainer_agree(t->comm, st));
    return PG_OK;
}

static pg_status agree_flags(pg_trainer *t, const pg_step_metrics *m,
                             int flags[AG_COUNT])
{
    if (t->hooks.stop_after > 0 && t->step == t->hooks.stop_after)
        pg_signals_request(PG_SIGNALS_REQUEST);
    flags[AG_SIGNAL] = pg_signals_pending();
    flags[AG_BAD_TERM] = pg_trainer_bad_term(t, m);
    flags[AG_CLOCK] = t->rank == 0 && t->o.ckpt_minutes > 0 &&
                      pg_trainer_now() - t->t_last_ckpt >=
                          60.0 * t->o.ckpt_minutes;
    if (MPI_Allreduce(MPI_IN_PLACE, flags, AG_COUNT, MPI_INT, MPI_MAX,
                      t->comm) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "MPI_Allreduce of the stop flags failed");
    return PG_OK;
}

static void progress_text(const pg_step_metrics *m, char *buf, size_t n)
{
    snprintf(buf, n, "loss_D=%.4f loss_G=%.4f D(x)=%.3f D(G(z))=%.3f",
             m->loss_d, m->loss_g, m->d_real, m->d_fake);
}

pg_status pg_trainer_run(pg_trainer *t, int plain, pg_train_outcome *out)
{
    pg_progress *prog = NULL;
    pg_step_metrics m;
    char text[160] = "";
    pg_status st = PG_OK;
    *out = PG_TRAIN_FINISHED;
    if (t->rank == 0) {
        PG_CHECK(pg_progress_create("train", t->o.steps, stderr, plain, 2.0,
                                    &prog));
        pg_progress_resume(prog, (long)t->step);
    }
    PG_CHECK_GOTO(st, pg_signals_install(), done);
    double t_row = pg_trainer_now();
    int64_t step_row = t->step;
    while (t->step < t->o.steps) {
        PG_CHECK_GOTO(st, pg_trainer_step_run(t, &m), done);
        int flags[AG_COUNT];
        PG_CHECK_GOTO(st, agree_flags(t, &m, flags), done);
        int last = t->step == t->o.steps;
        /* Rows at fixed steps only, so a stopped and resumed run has the
         * rows of a straight one; a NaN step gets its row for diagnosis. */
        if (t->step % t->o.log_every == 0 || last || flags[AG_BAD_TERM]) {
            double now = pg_trainer_now();
            double rate = (double)(t->step - step_row) * (double)t->o.batch *
                          (double)t->o.d_steps * t->size / (now - t_row);
            PG_CHECK_GOTO(st, metrics_row(t, &m, rate), done);
            t_row = now;
            step_row = t->step;
        }
        if (flags[AG_BAD_TERM]) {
            const char *term = pg_trainer_term_name(t, flags[AG_BAD_TERM]);
            pg_trainer_log(t, "stop: %s is not finite at step %lld",
                           term, (long long)t->step);
            st = PG_FAIL(PG_ERR_NUMERIC, "step %lld: %s is NaN or Inf; "
                         "training stopped, no checkpoint of this step was "
                         "written (the newest one in %s is the last good "
                         "state; lower the learning rates or check the "
                         "data)", (long long)t->step, term, t->ckpt_dir);
            goto done;
        }
        if (prog) {
            progress_text(&m, text, sizeof text);
            pg_progress_update(prog, (long)t->step, text);
        }
        if (t->step % t->o.sample_every == 0 || last)
            PG_CHECK_GOTO(st, pg_trainer_samples_write(t), done);
        if (t->step % t->o.ckpt_every == 0 || last || flags[AG_CLOCK] ||
            flags[AG_SIGNAL])
            PG_CHECK_GOTO(st, pg_trainer_ckpt_save(t), done);
        if (flags[AG_SIGNAL] && !last) {
            int sig = flags[AG_SIGNAL];
            pg_trainer_log(t, "stop: %s after step %lld, checkpoint written",
                           pg_signals_name(sig), (long long)t->step);
            pg_info("%s: stopped after step %lld with a checkpoint; continue "
                    "with --resume", pg_signals_name(sig),
                    (long long)t->step);
            *out = PG_TRAIN_STOPPED;
            break;
        }
    }
    if (*out == PG_TRAIN_FINISHED)
        pg_trainer_log(t, "finished at step %lld", (long long)t->step);
done:
    pg_signals_restore();
    if (prog) {
        if (st == PG_OK) pg_progress_finish(prog, text);
        pg_progress_destroy(&prog);
    }
    if (st != PG_OK) pg_trainer_log(t, "error: %s", pg_error_message());
    return st;
}
