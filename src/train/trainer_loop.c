/* The generic trainer's side of the shared loop (train_loop.h): its step,
 * metrics row, samples and checkpoint as callbacks. */
#include <math.h>
#include <string.h>

#include "train/train_loop.h"
#include "train/trainer_impl.h"

/* Rank-mean of the step's metrics; rank 0 appends the row. Collective. */
static pg_status metrics_row(void *self, double samples_per_s)
{
    pg_trainer *t = self;
    const pg_step_metrics *m = &t->last;
    enum { FIXED = 6 };
    double v[FIXED + PG_TRAINER_MAX_PENALTIES];
    /* FIXED: 4 losses/outputs and the 2 gradient parts on G's output. */
    int n = 0;
    v[n++] = m->loss_d;
    v[n++] = m->loss_g;
    v[n++] = m->d_real;
    v[n++] = m->d_fake;
    for (int p = 0; p < pg_penalty_list_size(t->pens); p++)
        v[n++] = m->pen[p];
    v[n++] = m->grad_x_adv;
    v[n++] = m->grad_x_pen;
    pg_train_row r = {t->epoch, v, n, m->grad_norm_g, m->grad_norm_d,
                      samples_per_s};
    return pg_train_row_write(&t->run, &r);
}

static pg_status step_fn(void *self)
{
    pg_trainer *t = self;
    return pg_trainer_step_run(t, &t->last);
}

static int bad_term(void *self)
{
    pg_trainer *t = self;
    return pg_trainer_bad_term(t, &t->last);
}

static const char *term_name(void *self, int term)
{
    return pg_trainer_term_name(self, term);
}

static void progress_text(void *self, char *buf, size_t n)
{
    const pg_step_metrics *m = &((pg_trainer *)self)->last;
    snprintf(buf, n, "loss_D=%.4f loss_G=%.4f D(x)=%.3f D(G(z))=%.3f",
             m->loss_d, m->loss_g, m->d_real, m->d_fake);
}

static pg_status samples(void *self) { return pg_trainer_samples_write(self); }
static pg_status checkpoint(void *self) { return pg_trainer_ckpt_save(self); }

pg_status pg_trainer_run(pg_trainer *t, int plain, pg_train_outcome *out)
{
    pg_train_loop l = {
        .run = &t->run, .sample_every = t->o.sample_every,
        .samples_per_step = (double)t->o.batch * (double)t->o.d_steps,
        .self = t, .step_fn = step_fn, .bad_term = bad_term,
        .term_name = term_name, .metrics_row = metrics_row,
        .progress_text = progress_text, .samples = samples,
        .checkpoint = checkpoint};
    return pg_train_loop_run(&l, plain, out);
}
