/* The paired trainer's loop: steps, the per-step agreement on stopping
 * (signal, NaN, checkpoint clock), metrics rows, checkpoints, progress;
 * the same policy as trainer_loop.c. */
#include <math.h>
#include <string.h>

#include "base/log.h"
#include "base/progress.h"
#include "train/pix2pix_impl.h"
#include "train/signals.h"
#include "train/trainer_impl.h"

enum { AG_SIGNAL, AG_BAD, AG_CLOCK, AG_COUNT };
enum { N_AVG = 5 + PG_PIX2PIX_MAX_PENALTIES + 2 };

/* Rank-mean of the step's numbers; rank 0 appends the row. Collective. */
static pg_status metrics_row(pg_pix2pix *p, const pg_pix2pix_metrics *m,
                             double rate)
{
    /* The kind's columns in header order (pix2pix.c, metrics_header). */
    const pg_pix2pix_kind *k = p->kind;
    double v[N_AVG];
    int nv = 0;
    v[nv++] = m->loss_d;
    v[nv++] = m->loss_g;
    v[nv++] = m->l1;
    v[nv++] = m->fm;
    for (int i = 0; i < k->n_penalties; i++) v[nv++] = m->pen[i];
    if (k->professor_forcing) {
        v[nv++] = m->loss_pf_d;
        v[nv++] = m->pf;
    }
    v[nv++] = m->d_real;
    v[nv++] = m->d_fake;
    if (MPI_Allreduce(MPI_IN_PLACE, v, nv, MPI_DOUBLE, MPI_SUM, p->comm) !=
        MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "metrics MPI_Allreduce failed");
    pg_status st = PG_OK;
    if (p->rank == 0) {
        double wall = p->wall_before_s + pg_trainer_now() - p->t_start;
        fprintf(p->metrics, "%lld,%lld", (long long)p->step,
                (long long)p->epoch);
        for (int i = 0; i < nv; i++)
            fprintf(p->metrics, ",%.9g", v[i] / p->size);
        fprintf(p->metrics, ",%.9g,%.9g,%.9g,%.3f\n", m->grad_norm_g,
                m->grad_norm_d, rate, wall);
        if (fflush(p->metrics) != 0 || ferror(p->metrics))
            st = PG_FAIL(PG_ERR_IO, "cannot write %s/metrics.csv",
                         p->run_dir);
    }
    return pg_trainer_agree(p->comm, st);
}

/* Index+1 of the first non-finite term (0: all finite). */
static int bad_term(const pg_pix2pix *p, const pg_pix2pix_metrics *m,
                    const char **name)
{
    const double v[5] = {m->loss_d, m->loss_g, m->l1, m->loss_pf_d, m->pf};
    static const char *const names[5] = {"loss_d", "loss_g", "l1",
                                         "loss_pf_d", "professor_forcing"};
    for (int i = 0; i < 5; i++)
        if (!isfinite(v[i])) {
            *name = names[i];
            return i + 1;
        }
    for (int i = 0; i < p->kind->n_penalties; i++)
        if (!isfinite(m->pen[i])) {
            *name = p->kind->penalty_names[i];
            return 6 + i;
        }
    return 0;
}

static pg_status agree_flags(pg_pix2pix *p, const pg_pix2pix_metrics *m,
                             int flags[AG_COUNT], const char **bad)
{
    if (p->hooks.stop_after > 0 && p->step == p->hooks.stop_after)
        pg_signals_request(PG_SIGNALS_REQUEST);
    flags[AG_SIGNAL] = pg_signals_pending();
    flags[AG_BAD] = bad_term(p, m, bad);
    flags[AG_CLOCK] = p->rank == 0 && p->o.ckpt_minutes > 0 &&
                      pg_trainer_now() - p->t_last_ckpt >=
                          60.0 * p->o.ckpt_minutes;
    if (MPI_Allreduce(MPI_IN_PLACE, flags, AG_COUNT, MPI_INT, MPI_MAX,
                      p->comm) != MPI_SUCCESS)
        return PG_FAIL(PG_ERR_MPI, "MPI_Allreduce of the stop flags failed");
    return PG_OK;
}

pg_status pg_pix2pix_run(pg_pix2pix *p, int plain, pg_train_outcome *out)
{
    pg_progress *prog = NULL;
    pg_pix2pix_metrics m;
    char text[160] = "";
    const char *bad = "a loss term";
    pg_status st = PG_OK;
    *out = PG_TRAIN_FINISHED;
    if (p->rank == 0) {
        PG_CHECK(pg_progress_create("train", p->o.steps, stderr, plain, 2.0,
                                    &prog));
        pg_progress_resume(prog, (long)p->step);
    }
    PG_CHECK_GOTO(st, pg_signals_install(), done);
    double t_row = pg_trainer_now();
    int64_t step_row = p->step;
    while (p->step < p->o.steps) {
        PG_CHECK_GOTO(st, pg_pix2pix_step_run(p, &m), done);
        int flags[AG_COUNT];
        PG_CHECK_GOTO(st, agree_flags(p, &m, flags, &bad), done);
        int last = p->step == p->o.steps;
        if (p->step % p->o.log_every == 0 || last || flags[AG_BAD]) {
            double now = pg_trainer_now();
            double rate = (double)(p->step - step_row) * (double)p->o.batch *
                          (double)p->o.d_steps * p->size / (now - t_row);
            PG_CHECK_GOTO(st, metrics_row(p, &m, rate), done);
            t_row = now;
            step_row = p->step;
        }
        if (flags[AG_BAD]) {
            st = PG_FAIL(PG_ERR_NUMERIC, "step %lld: %s is NaN or Inf; "
                         "training stopped, no checkpoint of this step was "
                         "written (the newest one in %s is the last good "
                         "state)", (long long)p->step, bad, p->ckpt_dir);
            goto done;
        }
        if (prog) {
            snprintf(text, sizeof text, "loss_D=%.4f loss_G=%.4f L1=%.4f",
                     m.loss_d, m.loss_g, m.l1);
            pg_progress_update(prog, (long)p->step, text);
        }
        if (p->step % p->o.ckpt_every == 0 || last || flags[AG_CLOCK] ||
            flags[AG_SIGNAL])
            PG_CHECK_GOTO(st, pg_pix2pix_ckpt_save(p), done);
        if (flags[AG_SIGNAL] && !last) {
            pg_info("%s: stopped after step %lld with a checkpoint; continue "
                    "with --resume", pg_signals_name(flags[AG_SIGNAL]),
                    (long long)p->step);
            *out = PG_TRAIN_STOPPED;
            break;
        }
    }
done:
    pg_signals_restore();
    if (prog) {
        if (st == PG_OK) pg_progress_finish(prog, text);
        pg_progress_destroy(&prog);
    }
    if (st != PG_OK && p->log) fprintf(p->log, "error: %s\n",
                                       pg_error_message());
    return st;
}
