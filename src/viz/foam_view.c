/* The foam viewer page (foam_view.h): timeline, frames, diagnostics, and
 * a small inline player. */
#include "viz/foam_view.h"

#include <math.h>
#include <stdlib.h>

#include "physics/foam/foam_diag.h"
#include "viz/foam_png.h"
#include "viz/foam_view_charts.h"

/* Displayed frames are at least this wide (CSS pixels): small lattices
 * are enlarged by a whole factor with pixelated scaling. */
enum { MIN_DISPLAY_PX = 360 };

typedef struct slot {
    double t;
    int ia, ib; /* frame of a / b at t, or -1 */
} slot;

/* Union of the two increasing time lists, equal within the tolerance. */
static int merge_times(const pg_foam_sequence *a, const pg_foam_sequence *b,
                       slot *out)
{
    int i = 0, j = 0, n = 0, nb = b ? b->frames : 0;
    while (i < a->frames || j < nb) {
        double ta = i < a->frames ? a->time[i] : INFINITY;
        double tb = j < nb ? b->time[j] : INFINITY;
        if (fabs(ta - tb) <= PG_FOAM_VIEW_TIME_TOL)
            out[n++] = (slot){ta, i++, j++};
        else if (ta < tb)
            out[n++] = (slot){ta, i++, -1};
        else
            out[n++] = (slot){tb, -1, j++};
    }
    return n;
}

static const char *STYLE =
    "body{font:14px system-ui,sans-serif;margin:0;color:#222;background:#fafafa}\n"
    "header{padding:10px 16px;background:#fff;border-bottom:1px solid #ddd}\n"
    "header h1{font-size:18px;margin:0 0 4px 0}\n"
    "#controls{padding:8px 16px;display:flex;gap:12px;align-items:center;flex-wrap:wrap}\n"
    "#scrub{width:320px}\n"
    "#time{font-variant-numeric:tabular-nums;min-width:16em}\n"
    "main{display:flex;flex-wrap:wrap;gap:20px;padding:4px 16px 16px}\n"
    "figure{margin:0}\n"
    "figcaption{font-weight:600;margin-bottom:4px;overflow-wrap:anywhere}\n"
    "figure img{image-rendering:pixelated;image-rendering:crisp-edges;"
    "display:block;border:1px solid #ccc;max-width:90vw}\n"
    "[hidden]{display:none!important}\n"
    ".missing{display:flex;align-items:center;justify-content:center;"
    "border:1px dashed #aaa;color:#777}\n"
    ".diag{font-variant-numeric:tabular-nums;margin-top:4px}\n"
    "#charts{display:flex;flex-wrap:wrap;gap:16px;padding:0 16px 12px}\n"
    ".chart{position:relative}\n"
    ".mark{position:absolute;left:0;width:0;border-left:2px solid "
    "rgba(214,39,40,0.7);pointer-events:none}\n"
    "footer{padding:0 16px 16px;color:#555;font-size:12px}\n";

static const char *SCRIPT =
    "const $ = id => document.getElementById(id);\n"
    "const scrub = $(\"scrub\"), play = $(\"play\");\n"
    "let timer = null;\n"
    "function showSide(k, f) {\n"
    "  const img = $(\"img\" + k), miss = $(\"miss\" + k), d = $(\"diag\" + k);\n"
    "  if (!img) return;\n"
    "  if (f) { img.src = f.src; img.hidden = false; miss.hidden = true; d.textContent = f.diag; }\n"
    "  else { img.hidden = true; miss.hidden = false; d.textContent = \"\"; }\n"
    "}\n"
    "function show(i) {\n"
    "  const fr = FRAMES[i];\n"
    "  scrub.value = i;\n"
    "  $(\"time\").textContent = \"t = \" + fr.t + \" MCS (time \" + (i + 1) + \" of \" + FRAMES.length + \")\";\n"
    "  showSide(0, fr.a); showSide(1, fr.b);\n"
    "  document.querySelectorAll(\".mark\").forEach(m => { m.style.left = (MARK_X[i] - 1) + \"px\"; });\n"
    "}\n"
    "function stop() { clearInterval(timer); timer = null; play.textContent = \"Play\"; }\n"
    "function start() {\n"
    "  if (+scrub.value >= FRAMES.length - 1) show(0);\n"
    "  play.textContent = \"Pause\";\n"
    "  timer = setInterval(() => {\n"
    "    const i = +scrub.value + 1;\n"
    "    if (i >= FRAMES.length) stop(); else show(i);\n"
    "  }, 1000 / +$(\"fps\").value);\n"
    "}\n"
    "play.onclick = () => timer ? stop() : start();\n"
    "$(\"fps\").onchange = () => { if (timer) { stop(); start(); } };\n"
    "scrub.oninput = () => { stop(); show(+scrub.value); };\n"
    "document.onkeydown = e => {\n"
    "  if (e.key === \" \") { e.preventDefault(); play.onclick(); }\n"
    "  else if (e.key === \"ArrowRight\" && +scrub.value < FRAMES.length - 1) { stop(); show(+scrub.value + 1); }\n"
    "  else if (e.key === \"ArrowLeft\" && +scrub.value > 0) { stop(); show(+scrub.value - 1); }\n"
    "};\n"
    "scrub.max = FRAMES.length - 1;\n"
    "/* gv.html#5 opens at the sixth time. */\n"
    "const hash = /^#(\\d+)$/.exec(location.hash);\n"
    "show(hash ? Math.min(+hash[1], FRAMES.length - 1) : 0);\n";

typedef struct side {
    const pg_foam_sequence *s;
    pg_foam_colors *colors;
    pg_foam_diag *diag;
} side;

/* One frame of a side as a JS object {src, diag}, or null. */
static pg_status frame_js(side *sd, int k, int scale, pg_text_buffer *b,
                          int *images)
{
    if (k < 0) {
        pg_text_buffer_append(b, "null");
        return PG_OK;
    }
    unsigned char *png = NULL;
    size_t len = 0;
    PG_CHECK(pg_foam_png_frame(sd->colors, sd->s, k, scale, &png, &len));
    pg_text_buffer_append(b, "{src: \"data:image/png;base64,");
    pg_text_buffer_append_base64(b, png, len);
    free(png);
    pg_foam_diag_analyze(sd->diag, pg_foam_sequence_frame(sd->s, k));
    pg_text_buffer_printf(b, "\", diag: \"frame %d: %d bubbles, <n> = %.3f, "
                          "mean area %.1f sites\"}", k,
                          pg_foam_diag_count(sd->diag),
                          pg_foam_diag_mean_neighbors(sd->diag),
                          pg_foam_diag_mean_area(sd->diag));
    (*images)++;
    return PG_OK;
}

static void figure_html(pg_text_buffer *b, int k, const char *name,
                        const pg_foam_sequence *s, int disp_w, int disp_h)
{
    pg_text_buffer_append(b, "<figure><figcaption>");
    pg_text_buffer_append_html(b, name);
    pg_text_buffer_printf(b, ", sequence %d%s</figcaption>\n", s->seq,
                          s->tracked ? " (ids tracked by overlap)" : "");
    pg_text_buffer_printf(b, "<img id=\"img%d\" width=\"%d\" height=\"%d\" "
                          "alt=\"frame\">\n<div id=\"miss%d\" class=\"missing\" "
                          "style=\"width:%dpx;height:%dpx\" hidden>no frame at "
                          "this time</div>\n<div id=\"diag%d\" class=\"diag\">"
                          "</div></figure>\n", k, disp_w, disp_h, k, disp_w,
                          disp_h, k);
}

/* Indices of the timeline to show under max_frames and the pixel budget. */
static pg_status choose(const pg_foam_sequence *a, const pg_foam_sequence *b,
                        const pg_foam_view_opts *o, int timeline, int *idx,
                        pg_foam_view_info *info)
{
    size_t files = b ? 2 : 1;
    size_t ppf = (size_t)a->height * a->width * (size_t)o->scale * o->scale;
    size_t fit = PG_FOAM_VIEW_MAX_PIXELS / (files * ppf);
    if (fit < 1)
        return PG_FAIL(PG_ERR_ARG, "foam viewer: one time is %zu frame(s) of "
                       "%zu pixels (%d x %d sites at scale %d), more than the "
                       "page budget of %zu pixels", files, ppf, a->height,
                       a->width, o->scale, PG_FOAM_VIEW_MAX_PIXELS);
    int want = o->max_frames < timeline ? o->max_frames : timeline;
    if ((size_t)want > fit) {
        want = (int)fit;
        info->budget_limited = 1;
    }
    info->shown = pg_foam_png_select(timeline, want, idx);
    return PG_OK;
}

static pg_status side_setup(side *sd, const pg_foam_sequence *s,
                            const slot *sl, const int *idx, int n, int use_b)
{
    sd->s = s;
    int *fr = malloc((size_t)(n > 0 ? n : 1) * sizeof *fr), m = 0;
    if (!fr) return PG_FAIL(PG_ERR_NOMEM, "foam viewer");
    for (int i = 0; i < n; i++) {
        int k = use_b ? sl[idx[i]].ib : sl[idx[i]].ia;
        if (k >= 0) fr[m++] = k;
    }
    pg_status st = PG_OK;
    if (m) st = pg_foam_png_colors(s, fr, m, &sd->colors);
    free(fr);
    PG_CHECK(st);
    PG_CHECK(pg_foam_diag_create(s->height, s->width, &sd->diag));
    return PG_OK;
}

static void header_html(pg_text_buffer *b, const pg_foam_sequence *a,
                        const pg_foam_sequence *sb, const pg_foam_view_opts *o,
                        const pg_foam_view_info *info)
{
    pg_text_buffer_append(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
                          "<meta charset=\"utf-8\">\n<title>physgan foam "
                          "viewer</title>\n<style>\n");
    pg_text_buffer_append(b, STYLE);
    pg_text_buffer_append(b, "</style></head><body>\n<header><h1>Foam "
                          "viewer</h1>\n<div>");
    pg_text_buffer_append_html(b, o->name_a);
    if (sb) {
        pg_text_buffer_append(b, " beside ");
        pg_text_buffer_append_html(b, o->name_b);
    }
    pg_text_buffer_printf(b, ": %d x %d sites, %d of %d time(s) shown",
                          a->height, a->width, info->shown, info->timeline);
    if (info->shown < info->timeline)
        pg_text_buffer_printf(b, " (evenly spaced; limit: %s)",
                              info->budget_limited ? "the page's pixel budget"
                                                   : "--max-frames");
    pg_text_buffer_append(b, ".</div></header>\n<div id=\"controls\">"
                          "<button id=\"play\" type=\"button\">Play</button>\n"
                          "<input id=\"scrub\" type=\"range\" min=\"0\" "
                          "max=\"0\" value=\"0\">\n<span id=\"time\"></span>\n"
                          "<label>speed <select id=\"fps\"><option>1</option>"
                          "<option>2</option><option selected>5</option>"
                          "<option>10</option><option>25</option></select> "
                          "times/s</label></div>\n<main>\n");
}

pg_status pg_foam_view_build(const pg_foam_sequence *a,
                             const pg_foam_sequence *b,
                             const pg_foam_view_opts *o, pg_text_buffer *html,
                             pg_foam_view_info *info)
{
    *info = (pg_foam_view_info){0};
    if (o->max_frames < 1 || o->scale < 1 || o->scale > PG_FOAM_PNG_MAX_SCALE)
        return PG_FAIL(PG_ERR_ARG, "foam viewer: max_frames %d, scale %d",
                       o->max_frames, o->scale);
    if (b && (b->height != a->height || b->width != a->width))
        return PG_FAIL(PG_ERR_ARG, "foam viewer: %s has %d x %d sites, %s "
                       "%d x %d: sizes must be equal", o->name_a, a->height,
                       a->width, o->name_b, b->height, b->width);
    int cap = a->frames + (b ? b->frames : 0);
    slot *sl = malloc((size_t)cap * sizeof *sl);
    int *idx = malloc((size_t)cap * sizeof *idx);
    side sa = {0}, sb = {0};
    pg_text_buffer js = {0};
    pg_status st = PG_OK;
    if (!sl || !idx) {
        st = PG_FAIL(PG_ERR_NOMEM, "foam viewer: %d times", cap);
        goto done;
    }
    info->timeline = merge_times(a, b, sl);
    PG_CHECK_GOTO(st, choose(a, b, o, info->timeline, idx, info), done);
    PG_CHECK_GOTO(st, side_setup(&sa, a, sl, idx, info->shown, 0), done);
    if (b) PG_CHECK_GOTO(st, side_setup(&sb, b, sl, idx, info->shown, 1), done);
    if (sa.colors) info->conflicts += pg_foam_colors_conflicts(sa.colors);
    if (sb.colors) info->conflicts += pg_foam_colors_conflicts(sb.colors);

    int disp_w = a->width * o->scale, disp_h = a->height * o->scale;
    int zoom = (MIN_DISPLAY_PX + disp_w - 1) / disp_w;
    if (zoom > 1) {
        disp_w *= zoom;
        disp_h *= zoom;
    }
    header_html(html, a, b, o, info);
    figure_html(html, 0, o->name_a, a, disp_w, disp_h);
    if (b) figure_html(html, 1, o->name_b, b, disp_w, disp_h);
    pg_text_buffer_append(html, "</main>\n");
    double *shown_t = malloc((size_t)(info->shown ? info->shown : 1) *
                             sizeof *shown_t);
    if (!shown_t) {
        st = PG_FAIL(PG_ERR_NOMEM, "foam viewer");
        goto done;
    }
    for (int i = 0; i < info->shown; i++) shown_t[i] = sl[idx[i]].t;
    st = pg_foam_view_charts(a, b, o->name_a, o->name_b, shown_t,
                             info->shown, html, &js);
    free(shown_t);
    if (st != PG_OK) {
        pg_error_trace(st, __FILE__, __LINE__, __func__);
        goto done;
    }
    pg_text_buffer_append(html, "<footer>Each bubble keeps its "
                          "colour while its id persists (files whose ids are "
                          "renumbered every frame, like rollouts, are tracked "
                          "by overlap first); films are dark. "
                          "Frames are matched by /time (equal within 1e-6 "
                          "MCS). Diagnostics: bubbles are periodic "
                          "4-connected components, &lt;n&gt; their mean "
                          "neighbour count, mean area in sites (physgan "
                          "eval foam); the charts use every frame, the red "
                          "line marks the time shown. Keys: space plays or "
                          "pauses, arrows step.</footer>\n<script>\nconst FRAMES = [\n");
    for (int i = 0; i < info->shown; i++) {
        const slot *s = &sl[idx[i]];
        pg_text_buffer_printf(html, "{t: \"%.6g\", a: ", s->t);
        PG_CHECK_GOTO(st, frame_js(&sa, s->ia, o->scale, html, &info->images),
                      done);
        pg_text_buffer_append(html, ", b: ");
        PG_CHECK_GOTO(st, frame_js(&sb, b ? s->ib : -1, o->scale, html,
                                   &info->images), done);
        pg_text_buffer_append(html, "},\n");
    }
    pg_text_buffer_append(html, "];\n");
    pg_text_buffer_append_n(html, js.data, js.len);
    pg_text_buffer_append(html, SCRIPT);
    pg_text_buffer_append(html, "</script></body></html>\n");
    PG_CHECK_GOTO(st, pg_text_buffer_status(html, "foam viewer page"), done);
done:
    pg_text_buffer_free(&js);
    pg_foam_colors_destroy(&sa.colors);
    pg_foam_colors_destroy(&sb.colors);
    pg_foam_diag_destroy(&sa.diag);
    pg_foam_diag_destroy(&sb.diag);
    free(sl);
    free(idx);
    return st;
}
