#include "lab/toy_replay.h"

#include <stdlib.h>

#include "io/atomic_file.h"
#include "lab/toy_frame.h"
#include "lab/toy_page.h"

enum { CURVE_POINTS = 500 };

struct pg_toy_replay {
    pg_toy_config c;
    pg_toy_framer *framer;
    pg_text_buffer header, curve, frames;
    long every, step;       /* curve stride; steps accounted so far */
    double sum_g, sum_d;    /* losses of the current stride */
    long n_sum;
    int n_curve, n_frames;
};

pg_status pg_toy_replay_create(const pg_toy_config *c, const pg_toy *t,
                               long total_steps, pg_toy_replay **out)
{
    *out = NULL;
    if (total_steps < 1)
        return PG_FAIL(PG_ERR_ARG, "toy replay: total_steps %ld < 1",
                       total_steps);
    pg_toy_replay *r = calloc(1, sizeof *r);
    if (!r) return PG_FAIL(PG_ERR_NOMEM, "toy replay");
    r->c = *c;
    r->every = total_steps / CURVE_POINTS > 1 ? total_steps / CURVE_POINTS : 1;
    pg_status s = pg_toy_framer_create(&r->framer);
    if (s != PG_OK) {
        free(r);
        return pg_error_trace(s, __FILE__, __LINE__, __func__);
    }
    pg_toy_frame_header_json(c, t, &r->header);
    *out = r;
    return PG_OK;
}

void pg_toy_replay_destroy(pg_toy_replay **r)
{
    if (!r || !*r) return;
    pg_toy_framer_destroy(&(*r)->framer);
    pg_text_buffer_free(&(*r)->header);
    pg_text_buffer_free(&(*r)->curve);
    pg_text_buffer_free(&(*r)->frames);
    free(*r);
    *r = NULL;
}

void pg_toy_replay_add_step(pg_toy_replay *r, const pg_toy_step_stats *st)
{
    r->step++;
    r->sum_g += st->loss_g;
    r->sum_d += st->loss_d;
    if (++r->n_sum < r->every) return;
    pg_text_buffer_printf(&r->curve, "%s[%ld,", r->n_curve++ ? "," : "",
                          r->step);
    pg_toy_frame_number(&r->curve, r->sum_g / r->n_sum);
    pg_text_buffer_append(&r->curve, ",");
    pg_toy_frame_number(&r->curve, r->sum_d / r->n_sum);
    pg_text_buffer_append(&r->curve, "]");
    r->sum_g = r->sum_d = 0;
    r->n_sum = 0;
}

pg_status pg_toy_replay_add_frame(pg_toy_replay *r, pg_toy *t,
                                  const pg_toy_metrics *m)
{
    if (r->n_frames) pg_text_buffer_append(&r->frames, ",");
    PG_CHECK(pg_toy_frame_json(r->framer, t, &r->c, m, &r->frames));
    r->n_frames++;
    return PG_OK;
}

int pg_toy_replay_frame_count(const pg_toy_replay *r) { return r->n_frames; }

static const char *or_empty(const pg_text_buffer *b)
{
    return b->data ? b->data : "";
}

pg_status pg_toy_replay_html(const pg_toy_replay *r, pg_text_buffer *out)
{
    PG_CHECK(pg_text_buffer_status(&r->header, "toy replay header"));
    PG_CHECK(pg_text_buffer_status(&r->curve, "toy replay curve"));
    PG_CHECK(pg_text_buffer_status(&r->frames, "toy replay frames"));
    pg_text_buffer_append(out, pg_toy_page_head);
    pg_text_buffer_printf(out, "{\"live\":false,\"header\":%s,\"curve\":[%s],"
                               "\"frames\":[%s]}\n",
                          or_empty(&r->header), or_empty(&r->curve),
                          or_empty(&r->frames));
    pg_text_buffer_append(out, pg_toy_page_tail);
    return pg_text_buffer_status(out, "toy replay page");
}

pg_status pg_toy_replay_write(const pg_toy_replay *r, const char *path)
{
    pg_text_buffer page = {0};
    pg_status s = pg_toy_replay_html(r, &page);
    if (s == PG_OK) s = pg_atomic_file_write(path, page.data, page.len, 0644);
    pg_text_buffer_free(&page);
    if (s != PG_OK) return pg_error_trace(s, __FILE__, __LINE__, __func__);
    return PG_OK;
}
