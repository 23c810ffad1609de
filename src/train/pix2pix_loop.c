/* The paired trainer's side of the shared loop (train_loop.h): its step,
 * metrics row, stop terms, progress text and checkpoint as callbacks. */
#include <math.h>
#include <string.h>

#include "train/pix2pix_impl.h"
#include "train/train_loop.h"
#include "train/trainer_impl.h"

/* loss_d, loss_g, l1, fm, grad_l1, mean_match, the penalties, loss_pf_d,
 * professor_forcing, d_real, d_fake. */
enum { N_AVG = 6 + PG_PIX2PIX_MAX_PENALTIES + 4 };

/* Rank-mean of the last step's numbers; rank 0 appends the row.
 * Collective. */
static pg_status metrics_row(void *self, double rate)
{
    pg_pix2pix *p = self;
    const pg_pix2pix_metrics *m = &p->last;
    /* The kind's columns in header order (pix2pix.c, metrics_header). */
    const pg_pix2pix_kind *k = p->kind;
    double v[N_AVG];
    int nv = 0;
    v[nv++] = m->loss_d;
    v[nv++] = m->loss_g;
    v[nv++] = m->l1;
    v[nv++] = m->fm;
    if (p->o.grad_l1_w > 0) v[nv++] = m->grad_l1;
    if (p->o.mean_w > 0) v[nv++] = m->mean_match;
    for (int i = 0; i < pg_penalty_list_slots(p->pens); i++)
        v[nv++] = m->pen[i];
    if (k->professor_forcing) {
        v[nv++] = m->loss_pf_d;
        v[nv++] = m->pf;
    }
    v[nv++] = m->d_real;
    v[nv++] = m->d_fake;
    pg_train_row r = {p->epoch, v, nv, m->grad_norm_g, m->grad_norm_d,
                      rate};
    return pg_train_row_write(&p->run, &r);
}

/* Terms 1..N_FIXED, then the kind's penalties. */
static const char *const FIXED[] = {"loss_d", "loss_g", "l1", "loss_pf_d",
                                    "professor_forcing", "grad_l1",
                                    "mean_match"};
enum { N_FIXED = sizeof FIXED / sizeof *FIXED };

/* Index+1 of the first non-finite term (0: all finite). */
static int bad_term(void *self)
{
    const pg_pix2pix *p = self;
    const pg_pix2pix_metrics *m = &p->last;
    const double v[N_FIXED] = {m->loss_d, m->loss_g, m->l1, m->loss_pf_d,
                               m->pf, m->grad_l1, m->mean_match};
    for (int i = 0; i < N_FIXED; i++)
        if (!isfinite(v[i])) return i + 1;
    for (int i = 0; i < pg_penalty_list_slots(p->pens); i++)
        if (!isfinite(m->pen[i])) return N_FIXED + 1 + i;
    return 0;
}

static const char *term_name(void *self, int term)
{
    const pg_penalty_list *pens = ((const pg_pix2pix *)self)->pens;
    if (term >= 1 && term <= N_FIXED) return FIXED[term - 1];
    if (term > N_FIXED && term <= N_FIXED + pg_penalty_list_slots(pens))
        return pg_penalty_list_slot_name(pens, term - N_FIXED - 1);
    return "a loss term";
}

static pg_status step_fn(void *self)
{
    pg_pix2pix *p = self;
    return pg_pix2pix_step_run(p, &p->last);
}

static void progress_text(void *self, char *buf, size_t n)
{
    const pg_pix2pix_metrics *m = &((pg_pix2pix *)self)->last;
    snprintf(buf, n, "loss_D=%.4f loss_G=%.4f L1=%.4f", m->loss_d,
             m->loss_g, m->l1);
}

static pg_status checkpoint(void *self) { return pg_pix2pix_ckpt_save(self); }

pg_status pg_pix2pix_run(pg_pix2pix *p, int plain, pg_train_outcome *out)
{
    pg_train_loop l = {
        .run = &p->run,
        /* d_steps batches of pairs per step. */
        .samples_per_step = (double)p->o.batch * (double)p->o.d_steps,
        .self = p, .step_fn = step_fn, .bad_term = bad_term,
        .term_name = term_name, .metrics_row = metrics_row,
        .progress_text = progress_text, .checkpoint = checkpoint};
    return pg_train_loop_run(&l, plain, out);
}
