/* The 2D GAN lab's HTML replay: the page embeds strictly valid JSON with
 * the header, the loss curve and one frame per recorded evaluation; the
 * heatmap and arrows agree with D itself; no network resources; the file
 * is written atomically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "json_check.h"
#include "runner.h"
#include "lab/toy_frame.h"
#include "lab/toy_replay.h"

static const char OPEN_TAG[] =
    "<script id=\"pg-data\" type=\"application/json\">";
static const char LEVELS[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

typedef struct run {
    pg_toy_config c;
    pg_toy *t;
    pg_toy_replay *r;
    pg_text_buffer html;
} run;

/* 20 steps, frames at 0, 10, 20. */
static void record(run *x, pg_gan_loss loss)
{
    pg_toy_config_default(&x->c);
    x->c.loss = loss;
    x->c.batch = 64;
    x->c.eval_samples = 600;
    x->c.seed = 7;
    pg_toy_metrics m;
    PG_ASSERT_OK(pg_toy_create(&x->c, &x->t));
    PG_ASSERT_OK(pg_toy_replay_create(&x->c, x->t, 20, &x->r));
    PG_ASSERT_OK(pg_toy_evaluate(x->t, &m));
    PG_ASSERT_OK(pg_toy_replay_add_frame(x->r, x->t, &m));
    for (int step = 1; step <= 20; step++) {
        pg_toy_step_stats st;
        PG_ASSERT_OK(pg_toy_step(x->t, &st));
        pg_toy_replay_add_step(x->r, &st);
        if (step % 10 == 0) {
            PG_ASSERT_OK(pg_toy_evaluate(x->t, &m));
            PG_ASSERT_OK(pg_toy_replay_add_frame(x->r, x->t, &m));
        }
    }
    memset(&x->html, 0, sizeof x->html);
    PG_ASSERT_OK(pg_toy_replay_html(x->r, &x->html));
}

static void run_free(run *x)
{
    pg_text_buffer_free(&x->html);
    pg_toy_replay_destroy(&x->r);
    pg_toy_destroy(&x->t);
}

/* The embedded JSON, parsed; NULL when missing or invalid. */
static jv *embedded(const char *html)
{
    const char *a = strstr(html, OPEN_TAG);
    if (!a) return NULL;
    a += strlen(OPEN_TAG);
    const char *b = strstr(a, "</script>");
    if (!b) return NULL;
    char *text = strndup(a, (size_t)(b - a));
    jv *v = jv_parse(text);
    free(text);
    return v;
}

static void test_page_structure(void)
{
    run x;
    record(&x, PG_GAN_NONSAT);
    const char *h = x.html.data;
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "<!DOCTYPE html>"));
    CU_ASSERT_PTR_NOT_NULL(strstr(h, "</html>"));
    /* self-contained: nothing fetched from anywhere */
    CU_ASSERT_PTR_NULL(strstr(h, "http://"));
    CU_ASSERT_PTR_NULL(strstr(h, "https://"));
    CU_ASSERT_PTR_NULL(strstr(h, "<script src"));
    CU_ASSERT_PTR_NULL(strstr(h, "<link"));
    CU_ASSERT_PTR_NULL(strstr(h, "@import"));
    CU_ASSERT_PTR_NULL(strstr(h, "url("));

    jv *d = embedded(h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(jv_get(d, "live")->type, 'f');
    jv *hd = jv_get(d, "header"), *curve = jv_get(d, "curve"),
       *frames = jv_get(d, "frames");
    CU_ASSERT_PTR_NOT_NULL_FATAL(hd);
    CU_ASSERT_PTR_NOT_NULL_FATAL(curve);
    CU_ASSERT_PTR_NOT_NULL_FATAL(frames);
    CU_ASSERT_STRING_EQUAL(jv_get(hd, "dataset")->str, "ring");
    CU_ASSERT_STRING_EQUAL(jv_get(hd, "loss")->str, "nonsat");
    CU_ASSERT_EQUAL(jv_get(hd, "modes")->n, 8);
    CU_ASSERT_EQUAL(jv_get(hd, "real")->n, 2 * PG_TOY_FRAME_POINTS);
    /* 20 steps < 500 curve points: one point per step, steps 1..20 */
    CU_ASSERT_EQUAL(curve->n, 20);
    CU_ASSERT_EQUAL(curve->items[19]->items[0]->num, 20);
    CU_ASSERT_EQUAL(curve->items[0]->items[1]->type, 'n');
    CU_ASSERT_EQUAL_FATAL(frames->n, 3);
    const double steps[] = {0, 10, 20};
    for (int i = 0; i < 3; i++) {
        jv *f = frames->items[i];
        CU_ASSERT_EQUAL(jv_get(f, "step")->num, steps[i]);
        CU_ASSERT_EQUAL(strlen(jv_get(f, "heat")->str),
                        PG_TOY_FRAME_HEAT * PG_TOY_FRAME_HEAT);
        CU_ASSERT_EQUAL(jv_get(f, "grad")->n,
                        2 * PG_TOY_FRAME_ARROWS * PG_TOY_FRAME_ARROWS);
        CU_ASSERT_EQUAL(jv_get(f, "fake")->n, 2 * PG_TOY_FRAME_POINTS);
        CU_ASSERT_EQUAL(strlen(jv_get(f, "covered")->str), 8);
        CU_ASSERT_EQUAL(jv_get(f, "share")->n, 8);
        CU_ASSERT_PTR_NOT_NULL(jv_get(f, "jsd"));
        CU_ASSERT_PTR_NOT_NULL(jv_get(f, "hq"));
    }
    /* G moves: the generated points of the first and last frame differ */
    jv *f0 = jv_get(frames->items[0], "fake"), *f2 = jv_get(frames->items[2], "fake");
    int differ = 0;
    for (int i = 0; i < f0->n; i++) differ += f0->items[i]->num != f2->items[i]->num;
    CU_ASSERT(differ > f0->n / 2);
    jv_free(d);
    run_free(&x);
}

/* The strict reader itself rejects what it should (so the test above can
 * fail). */
static void test_json_reader_rejects(void)
{
    const char *bad[] = {"{", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "[01]",
                         "[1.]", "nul", "[\"\\x\"]", "{} x", "[NaN]", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        jv *v = jv_parse(bad[i]);
        if (v) fprintf(stderr, "accepted: %s\n", bad[i]);
        CU_ASSERT_PTR_NULL(v);
        jv_free(v);
    }
    jv *v = jv_parse(" {\"a\": [1, -2.5e3, \"x\\u0041\", true, null]} ");
    CU_ASSERT_PTR_NOT_NULL_FATAL(v);
    CU_ASSERT_EQUAL(jv_get(v, "a")->n, 5);
    CU_ASSERT_DOUBLE_EQUAL(jv_get(v, "a")->items[1]->num, -2500, 0);
    jv_free(v);
}

/* The last frame's heat cells and arrows against D evaluated directly:
 * row 0 is the top (y = +extent), levels are round(63 D) for BCE. */
static void test_heat_and_arrows_match_d(void)
{
    run x;
    record(&x, PG_GAN_NONSAT);
    jv *d = embedded(x.html.data);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    jv *frames = jv_get(d, "frames");
    jv *f = frames->items[frames->n - 1];
    const char *heat = jv_get(f, "heat")->str;
    double e = pg_toy_dataset(x.t)->extent;
    const int n = PG_TOY_FRAME_HEAT;
    int cells[][2] = {{0, 0}, {0, n - 1}, {n - 1, 0}, {n / 2, n / 3}, {7, 40}};
    for (int i = 0; i < 5; i++) {
        int r = cells[i][0], c = cells[i][1];
        float xy[2] = {(float)(-e + (2 * c + 1) * e / n),
                       (float)(e - (2 * r + 1) * e / n)}, v;
        PG_ASSERT_OK(pg_toy_discriminate(x.t, xy, 1, &v));
        int level = (int)(strchr(LEVELS, heat[r * n + c]) - LEVELS);
        CU_ASSERT(abs(level - (int)lround(63 * v)) <= 1);
    }
    /* the longest arrow points uphill in D */
    jv *g = jv_get(f, "grad");
    const int na = PG_TOY_FRAME_ARROWS;
    int best = 0;
    double blen = -1;
    for (int i = 0; i < na * na; i++) {
        double len = hypot(g->items[2 * i]->num, g->items[2 * i + 1]->num);
        if (len > blen) blen = len, best = i;
    }
    CU_ASSERT_DOUBLE_EQUAL(blen, 99, 0.5);
    double gx = g->items[2 * best]->num / 99, gy = g->items[2 * best + 1]->num / 99;
    int r = best / na, c = best % na;
    float cx = (float)(-e + (2 * c + 1) * e / na), cy = (float)(e - (2 * r + 1) * e / na);
    float h = (float)(e / 256);
    float p[4] = {cx + h * (float)gx, cy + h * (float)gy, cx - h * (float)gx,
                  cy - h * (float)gy}, v[2];
    PG_ASSERT_OK(pg_toy_discriminate(x.t, p, 2, v));
    CU_ASSERT(v[0] > v[1]);
    jv_free(d);
    run_free(&x);
}

/* Raw-output losses scale the heat by the frame's range. */
static void test_raw_loss_range(void)
{
    run x;
    record(&x, PG_GAN_HINGE);
    jv *d = embedded(x.html.data);
    CU_ASSERT_PTR_NOT_NULL_FATAL(d);
    CU_ASSERT_EQUAL(jv_get(jv_get(d, "header"), "bce")->num, 0);
    jv *f = jv_get(d, "frames")->items[2];
    CU_ASSERT(jv_get(f, "hi")->num > jv_get(f, "lo")->num);
    const char *heat = jv_get(f, "heat")->str;
    CU_ASSERT_PTR_NOT_NULL(strchr(heat, 'A')); /* the minimum */
    CU_ASSERT_PTR_NOT_NULL(strchr(heat, '_')); /* the maximum */
    jv_free(d);
    run_free(&x);
}

static void test_write_atomic(void)
{
    run x;
    record(&x, PG_GAN_NONSAT);
    PG_ASSERT_OK(pg_toy_replay_write(x.r, "lab.html"));
    FILE *f = fopen("lab.html", "rb");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    char *buf = malloc(x.html.len + 1);
    size_t got = fread(buf, 1, x.html.len + 1, f);
    fclose(f);
    CU_ASSERT_EQUAL(got, x.html.len);
    CU_ASSERT(memcmp(buf, x.html.data, x.html.len) == 0);
    free(buf);
    /* an unwritable path fails and leaves no file behind */
    CU_ASSERT_EQUAL(pg_toy_replay_write(x.r, "no-such-dir/lab.html"), PG_ERR_IO);
    pg_error_clear();
    struct stat st;
    CU_ASSERT_EQUAL(stat("no-such-dir", &st), -1);
    run_free(&x);
}

void pg_test_register(void)
{
    CU_pSuite s = pg_test_suite("toy_replay");
    PG_TEST(s, test_json_reader_rejects);
    PG_TEST(s, test_page_structure);
    PG_TEST(s, test_heat_and_arrows_match_d);
    PG_TEST(s, test_raw_loss_range);
    PG_TEST(s, test_write_atomic);
}
