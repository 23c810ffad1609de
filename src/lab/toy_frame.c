#include "lab/toy_frame.h"

#include <math.h>
#include <stdlib.h>

#include "base/json.h"

enum {
    NHEAT = PG_TOY_FRAME_HEAT * PG_TOY_FRAME_HEAT,
    NARROW = PG_TOY_FRAME_ARROWS * PG_TOY_FRAME_ARROWS
};

struct pg_toy_framer {
    float heat_xy[2 * NHEAT], heat[NHEAT];
    /* four probes per arrow: x+h, x-h, y+h, y-h */
    float probe_xy[2 * 4 * NARROW], probe[4 * NARROW];
};

static const char LEVELS[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pg_status pg_toy_framer_create(pg_toy_framer **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? PG_OK : PG_FAIL(PG_ERR_NOMEM, "toy frame workspace");
}

void pg_toy_framer_destroy(pg_toy_framer **f)
{
    if (!f) return;
    free(*f);
    *f = NULL;
}

void pg_toy_frame_number(pg_text_buffer *b, double x)
{
    char num[32];
    pg_text_buffer_append(b, pg_json_number(num, sizeof num, x, 4));
}

static long quantise(double v, double extent)
{
    double q = v / extent * PG_TOY_FRAME_QUANT, lim = 3.0 * PG_TOY_FRAME_QUANT;
    if (!(q > -lim)) return (long)-lim; /* also NaN */
    if (q > lim) return (long)lim;
    return lround(q);
}

static void points_json(pg_text_buffer *b, const float *xy, int n,
                        double extent)
{
    if (n > PG_TOY_FRAME_POINTS) n = PG_TOY_FRAME_POINTS;
    pg_text_buffer_append(b, "[");
    for (int i = 0; i < 2 * n; i++)
        pg_text_buffer_printf(b, i ? ",%ld" : "%ld", quantise(xy[i], extent));
    pg_text_buffer_append(b, "]");
}

void pg_toy_frame_header_json(const pg_toy_config *c, const pg_toy *t,
                              pg_text_buffer *b)
{
    const pg_toy2d *d = pg_toy_dataset(t);
    pg_text_buffer_printf(
        b, "{\"dataset\":\"%s\",\"loss\":\"%s\",\"bce\":%d,\"extent\":",
        pg_toy2d_name(d->kind), pg_gan_loss_name(c->loss),
        pg_gan_loss_is_bce(c->loss));
    pg_toy_frame_number(b, d->extent);
    pg_text_buffer_printf(b, ",\"q\":%d,\"d_steps\":%d,\"d_lr\":",
                          PG_TOY_FRAME_QUANT, c->d_steps);
    pg_toy_frame_number(b, c->d_lr);
    pg_text_buffer_append(b, ",\"g_lr\":");
    pg_toy_frame_number(b, c->g_lr);
    pg_text_buffer_printf(b, ",\"batch\":%d,\"seed\":%lu,\"modes\":[",
                          c->batch, (unsigned long)c->seed);
    for (int k = 0; k < d->n_modes; k++)
        pg_text_buffer_printf(b, "%s[%ld,%ld,%ld]", k ? "," : "",
                              quantise(d->modes[k].x, d->extent),
                              quantise(d->modes[k].y, d->extent),
                              quantise(3 * d->modes[k].sigma, d->extent));
    pg_text_buffer_append(b, "],\"real\":");
    points_json(b, pg_toy_real_points(t), pg_toy_eval_count(t), d->extent);
    pg_text_buffer_append(b, "}");
}

/* Cell centre i of n cells over [-e, e]. */
static float centre(int i, int n, double e)
{
    return (float)(-e + (2.0 * i + 1.0) * e / n);
}

static void heat_json(pg_toy_framer *f, int bce, pg_text_buffer *b)
{
    double lo = 0, hi = 1;
    if (!bce) {
        lo = INFINITY, hi = -INFINITY;
        for (int i = 0; i < NHEAT; i++) {
            if (!isfinite(f->heat[i])) continue;
            if (f->heat[i] < lo) lo = f->heat[i];
            if (f->heat[i] > hi) hi = f->heat[i];
        }
        if (!(lo <= hi)) lo = 0, hi = 1;  /* no finite value */
        if (hi - lo < 1e-12) hi = lo + 1;
    }
    pg_text_buffer_append(b, ",\"lo\":");
    pg_toy_frame_number(b, lo);
    pg_text_buffer_append(b, ",\"hi\":");
    pg_toy_frame_number(b, hi);
    pg_text_buffer_append(b, ",\"heat\":\"");
    char row[PG_TOY_FRAME_HEAT + 1];
    row[PG_TOY_FRAME_HEAT] = 0;
    for (int r = 0; r < PG_TOY_FRAME_HEAT; r++) {
        for (int c = 0; c < PG_TOY_FRAME_HEAT; c++) {
            double v = f->heat[r * PG_TOY_FRAME_HEAT + c];
            long lev = isfinite(v) ? lround(63 * (v - lo) / (hi - lo)) : 0;
            row[c] = LEVELS[lev < 0 ? 0 : lev > 63 ? 63 : lev];
        }
        pg_text_buffer_append(b, row);
    }
    pg_text_buffer_append(b, "\"");
}

static pg_status grad_json(pg_toy_framer *f, pg_toy *t, double e,
                           pg_text_buffer *b)
{
    const int n = PG_TOY_FRAME_ARROWS;
    const float h = (float)(e / 256);
    for (int r = 0; r < n; r++)
        for (int c = 0; c < n; c++) {
            float x = centre(c, n, e), y = -centre(r, n, e);
            float *p = f->probe_xy + 8 * (r * n + c);
            p[0] = x + h, p[1] = y, p[2] = x - h, p[3] = y;
            p[4] = x, p[5] = y + h, p[6] = x, p[7] = y - h;
        }
    PG_CHECK(pg_toy_discriminate(t, f->probe_xy, 4 * NARROW, f->probe));
    double gx[NARROW], gy[NARROW], big = 0;
    for (int i = 0; i < NARROW; i++) {
        const float *v = f->probe + 4 * i;
        gx[i] = (v[0] - v[1]) / (2.0 * h);
        gy[i] = (v[2] - v[3]) / (2.0 * h);
        double len = hypot(gx[i], gy[i]);
        if (isfinite(len) && len > big) big = len;
    }
    pg_text_buffer_append(b, ",\"gmax\":");
    pg_toy_frame_number(b, big);
    pg_text_buffer_append(b, ",\"grad\":[");
    for (int i = 0; i < NARROW; i++) {
        long qx = 0, qy = 0;
        if (big > 0 && isfinite(gx[i]) && isfinite(gy[i]))
            qx = lround(99 * gx[i] / big), qy = lround(99 * gy[i] / big);
        pg_text_buffer_printf(b, i ? ",%ld,%ld" : "%ld,%ld", qx, qy);
    }
    pg_text_buffer_append(b, "]");
    return PG_OK;
}

pg_status pg_toy_frame_json(pg_toy_framer *f, pg_toy *t,
                            const pg_toy_config *c, const pg_toy_metrics *m,
                            pg_text_buffer *b)
{
    const pg_toy2d *d = pg_toy_dataset(t);
    const double e = d->extent;
    const pg_toy_coverage *cv = &m->coverage;
    pg_text_buffer_printf(b, "{\"step\":%ld,\"jsd\":", m->step);
    pg_toy_frame_number(b, m->jsd);
    pg_text_buffer_append(b, ",\"hq\":");
    pg_toy_frame_number(b, cv->high_quality);
    pg_text_buffer_append(b, ",\"d_real\":");
    pg_toy_frame_number(b, m->d_real);
    pg_text_buffer_append(b, ",\"d_fake\":");
    pg_toy_frame_number(b, m->d_fake);
    pg_text_buffer_append(b, ",\"covered\":\"");
    for (int k = 0; k < cv->modes_total; k++)
        pg_text_buffer_append(b, cv->covered[k] ? "1" : "0");
    pg_text_buffer_append(b, "\",\"share\":[");
    for (int k = 0; k < cv->modes_total; k++)
        pg_text_buffer_printf(b, k ? ",%ld" : "%ld",
                              lround(1000 * cv->mode_share[k]));
    pg_text_buffer_append(b, "],\"fake\":");
    points_json(b, pg_toy_fake_points(t), pg_toy_eval_count(t), e);

    for (int r = 0; r < PG_TOY_FRAME_HEAT; r++)
        for (int col = 0; col < PG_TOY_FRAME_HEAT; col++) {
            float *p = f->heat_xy + 2 * (r * PG_TOY_FRAME_HEAT + col);
            p[0] = centre(col, PG_TOY_FRAME_HEAT, e);
            p[1] = -centre(r, PG_TOY_FRAME_HEAT, e);
        }
    PG_CHECK(pg_toy_discriminate(t, f->heat_xy, NHEAT, f->heat));
    heat_json(f, pg_gan_loss_is_bce(c->loss), b);
    PG_CHECK(grad_json(f, t, e, b));
    pg_text_buffer_append(b, "}");
    return PG_OK;
}
