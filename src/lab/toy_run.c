/* The toy lab's batch run (toy_run.h). */
#include "lab/toy_run.h"

#include <stdio.h>
#include <string.h>

#include "lab/toy_replay.h"

static pg_status run(const pg_toy_run_opts *o, pg_toy *t,
                     pg_toy_replay **replay, pg_progress *prog,
                     pg_toy_run_result *r)
{
    pg_toy_metrics *m = &r->m;
    long out_every = o->out_every;
    PG_CHECK(pg_toy_pretrain_d(t, o->d_pretrain));
    if (o->out) {
        if (!out_every) out_every = o->steps / 50 > 1 ? o->steps / 50 : 1;
        PG_CHECK(pg_toy_replay_create(&o->c, t, o->steps, replay));
        PG_CHECK(pg_toy_evaluate(t, m));
        PG_CHECK(pg_toy_replay_add_frame(*replay, t, m));
    }
    char text[128] = "";
    for (long step = 1; step <= o->steps; step++) {
        pg_toy_step_stats st;
        PG_CHECK(pg_toy_step(t, &st));
        if (step == 1) r->first_gnorm = st.g_grad_norm;
        if (*replay) pg_toy_replay_add_step(*replay, &st);
        int frame = *replay && (step % out_every == 0 || step == o->steps);
        if (step % o->eval_every == 0 || step == o->steps || frame) {
            PG_CHECK(pg_toy_evaluate(t, m));
            if (frame) PG_CHECK(pg_toy_replay_add_frame(*replay, t, m));
            snprintf(text, sizeof text,
                     "modes=%d/%d hq=%.2f jsd=%.3f |gG|=%.3g",
                     m->coverage.modes_covered, m->coverage.modes_total,
                     m->coverage.high_quality, m->jsd, m->g_grad_norm);
        }
        if (prog) pg_progress_update(prog, step, text);
    }
    if (prog) pg_progress_finish(prog, text);
    pg_toy_param_counts(t, &r->g_params, &r->d_params);
    if (*replay) {
        PG_CHECK(pg_toy_replay_write(*replay, o->out));
        r->frames = pg_toy_replay_frame_count(*replay);
    }
    return PG_OK;
}

pg_status pg_toy_run(const pg_toy_run_opts *o, pg_progress *prog,
                     pg_toy_run_result *out)
{
    memset(out, 0, sizeof *out);
    pg_toy *t = NULL;
    pg_toy_replay *replay = NULL;
    PG_CHECK(pg_toy_create(&o->c, &t));
    pg_status st = run(o, t, &replay, prog, out);
    pg_toy_replay_destroy(&replay);
    pg_toy_destroy(&t);
    PG_CHECK(st);
    return PG_OK;
}
