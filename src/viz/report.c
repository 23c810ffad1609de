/* The HTML report page: summary, configuration, metric plots, samples,
 * checkpoints and the end of the log (report.h). */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/version.h"
#include "io/atomic_file.h"
#include "viz/report.h"

/* Lines of train.log shown at the end of the page. */
enum { LOG_TAIL_LINES = 30 };

static const char STYLE[] =
    "body{font-family:sans-serif;margin:1.5em;color:#222;max-width:1500px}"
    "h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #ccc}"
    "table{border-collapse:collapse;font-size:.9em}"
    "td,th{border:1px solid #ddd;padding:2px 8px;text-align:left}"
    "td.num{text-align:right;font-family:monospace}"
    ".plots{display:flex;flex-wrap:wrap;gap:6px}"
    "svg.plot{border:1px solid #eee;background:#fff}"
    "svg .frame{fill:none;stroke:#888}svg .grid{stroke:#eee}"
    "svg .tick{stroke:#888}svg .data{fill:none;stroke:#1f77b4;"
    "stroke-width:1.3}svg .dot{fill:#1f77b4}"
    "svg text{font-size:11px;fill:#333}svg .title{font-size:13px;"
    "font-weight:bold}svg .xt,svg .xl,svg .empty{text-anchor:middle}"
    "svg .yt{text-anchor:end}"
    ".samples{display:flex;flex-wrap:wrap;gap:8px}"
    "figure{margin:0}figure img{width:160px;image-rendering:pixelated;"
    "border:1px solid #ccc}figcaption{font-size:.8em}"
    "pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:.85em}";

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) snprintf(p, n, "%s/%s", dir, name);
    return p;
}

/* job.ini as a table: section, key, value and the origin comment that
 * `physgan train` writes after the value. */
static void config_html(pg_text_buffer *b, const char *run_dir)
{
    char *path = join(run_dir, "job.ini");
    FILE *f = path ? fopen(path, "r") : NULL;
    pg_text_buffer_append(b, "<section><h2>Configuration (job.ini)</h2>\n");
    if (!f) {
        pg_text_buffer_append(b, "<p>No job.ini in the run directory.</p>"
                                 "</section>\n");
        free(path);
        return;
    }
    pg_text_buffer_append(b, "<table><tr><th>section</th><th>key</th>"
                             "<th>value</th><th>from</th></tr>\n");
    char line[4096], section[256] = "";
    while (fgets(line, sizeof line, f)) {
        char *s = line + strspn(line, " \t");
        s[strcspn(s, "\r\n")] = '\0';
        if (!*s || *s == ';' || *s == '#') continue;
        if (*s == '[') {
            char *e = strchr(s, ']');
            if (e) *e = '\0';
            snprintf(section, sizeof section, "%s", s + 1);
            continue;
        }
        char *eq = strchr(s, '=');
        if (!eq) continue;
        *eq = '\0';
        char *value = eq + 1 + strspn(eq + 1, " \t"), *origin = "";
        char *c = *value == ';' ? value : strstr(value, " ;");
        if (c) { /* "value   ; origin", or an empty value: "; origin" */
            origin = c + strspn(c, " ;\t");
            *c = '\0';
        }
        for (char *t = eq - 1; t >= s && (*t == ' ' || *t == '\t'); t--)
            *t = '\0';
        for (char *t = value + strlen(value) - 1;
             t >= value && (*t == ' ' || *t == '\t'); t--)
            *t = '\0';
        pg_text_buffer_append(b, "<tr><td>");
        pg_text_buffer_append_html(b, section);
        pg_text_buffer_append(b, "</td><td>");
        pg_text_buffer_append_html(b, s);
        pg_text_buffer_append(b, "</td><td>");
        pg_text_buffer_append_html(b, value);
        pg_text_buffer_append(b, "</td><td>");
        pg_text_buffer_append_html(b, origin);
        pg_text_buffer_append(b, "</td></tr>\n");
    }
    fclose(f);
    free(path);
    pg_text_buffer_append(b, "</table></section>\n");
}

/* Index of the step column, or cols when there is none (rows are then
 * numbered from 1). */
static size_t step_column(const pg_metrics *m)
{
    for (size_t c = 0; c < m->cols; c++)
        if (!strcmp(m->names[c], "step")) return c;
    return m->cols;
}

static pg_status metrics_html(pg_text_buffer *b, const pg_metrics *m)
{
    size_t sc = step_column(m);
    double *x = malloc((m->rows ? m->rows : 1) * sizeof *x);
    double *y = malloc((m->rows ? m->rows : 1) * sizeof *y);
    if (!x || !y) {
        free(x);
        free(y);
        return PG_FAIL(PG_ERR_NOMEM, "metric plots");
    }
    for (size_t r = 0; r < m->rows; r++)
        x[r] = sc < m->cols ? m->data[r * m->cols + sc] : (double)(r + 1);
    const char *xlabel = sc < m->cols ? "step" : "row";
    pg_text_buffer_printf(b, "<section><h2>Latest values</h2>\n<p>%zu rows "
                          "of metrics.csv", m->rows);
    if (m->dropped_partial_line)
        pg_text_buffer_append(b, " (an unfinished last line, still being "
                                 "written, was left out)");
    pg_text_buffer_printf(b, ".</p>\n<table><tr><th>column</th><th>last "
                          "value</th><th>at %s</th></tr>\n", xlabel);
    for (size_t c = 0; c < m->cols; c++) {
        size_t r = m->rows;
        while (r > 0 && !isfinite(m->data[(r - 1) * m->cols + c])) r--;
        pg_text_buffer_append(b, "<tr><td>");
        pg_text_buffer_append_html(b, m->names[c]);
        if (r == 0)
            pg_text_buffer_append(b, "</td><td class=\"num\">-</td><td "
                                     "class=\"num\">-</td></tr>\n");
        else
            pg_text_buffer_printf(b, "</td><td class=\"num\">%.9g</td><td "
                                  "class=\"num\">%.9g</td></tr>\n",
                                  m->data[(r - 1) * m->cols + c], x[r - 1]);
    }
    pg_text_buffer_printf(b, "</table></section>\n<section><h2>Metrics "
                          "against %s</h2>\n<div class=\"plots\">\n", xlabel);
    for (size_t c = 0; c < m->cols; c++) {
        if (c == sc) continue;
        for (size_t r = 0; r < m->rows; r++) y[r] = m->data[r * m->cols + c];
        pg_report_plot_svg(b, m->names[c], xlabel, x, y, m->rows);
    }
    pg_text_buffer_append(b, "</div></section>\n");
    free(x);
    free(y);
    return PG_OK;
}

static int compare_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void checkpoints_html(pg_text_buffer *b, const char *run_dir)
{
    char *dir = join(run_dir, "checkpoints");
    DIR *d = dir ? opendir(dir) : NULL;
    pg_text_buffer_append(b, "<section><h2>Checkpoints</h2>\n");
    char *names[1024];
    size_t n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)) && n < sizeof names / sizeof names[0]) {
        size_t l = strlen(e->d_name);
        if (l > 3 && !strcmp(e->d_name + l - 3, ".h5") &&
            !strncmp(e->d_name, "ckpt-", 5) && (names[n] = strdup(e->d_name)))
            n++;
    }
    if (d) closedir(d);
    qsort(names, n, sizeof names[0], compare_names);
    if (!n)
        pg_text_buffer_append(b, "<p>No checkpoints yet.</p>\n");
    else
        pg_text_buffer_append(b, "<table><tr><th>file</th><th>size "
                                 "(KiB)</th><th>written (UTC)</th></tr>\n");
    for (size_t i = 0; i < n; i++) {
        char *p = join(dir, names[i]), when[32] = "?";
        struct stat st;
        double kib = -1;
        if (p && stat(p, &st) == 0) {
            kib = st.st_size / 1024.0;
            struct tm tm;
            if (gmtime_r(&st.st_mtime, &tm))
                strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        }
        pg_text_buffer_append(b, "<tr><td>checkpoints/");
        pg_text_buffer_append_html(b, names[i]);
        pg_text_buffer_printf(b, "</td><td class=\"num\">%.1f</td><td>%s"
                              "</td></tr>\n", kib, when);
        free(p);
        free(names[i]);
    }
    if (n) pg_text_buffer_append(b, "</table>\n");
    pg_text_buffer_append(b, "</section>\n");
    free(dir);
}

static void log_tail_html(pg_text_buffer *b, const char *run_dir)
{
    char *path = join(run_dir, "train.log");
    FILE *f = path ? fopen(path, "r") : NULL;
    free(path);
    if (!f) return;
    char ring[LOG_TAIL_LINES][512];
    long n = 0;
    while (fgets(ring[n % LOG_TAIL_LINES], sizeof ring[0], f)) n++;
    fclose(f);
    pg_text_buffer_printf(b, "<section><h2>End of train.log</h2>\n<pre>");
    for (long i = n > LOG_TAIL_LINES ? n - LOG_TAIL_LINES : 0; i < n; i++)
        pg_text_buffer_append_html(b, ring[i % LOG_TAIL_LINES]);
    pg_text_buffer_append(b, "</pre></section>\n");
}

pg_status pg_report_build(const char *run_dir, pg_text_buffer *b)
{
    struct stat st;
    if (stat(run_dir, &st) != 0)
        return PG_FAIL(PG_ERR_IO, "run directory %s: %s", run_dir,
                       strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return PG_FAIL(PG_ERR_IO, "run directory %s is not a directory",
                       run_dir);
    char *csv = join(run_dir, "metrics.csv");
    if (!csv) return PG_FAIL(PG_ERR_NOMEM, "path");
    pg_metrics *m = NULL;
    pg_status s = pg_metrics_read(csv, &m);
    free(csv);
    PG_CHECK(s);
    pg_text_buffer_append(b, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
                             "<meta charset=\"utf-8\"><title>physgan report: ");
    pg_text_buffer_append_html(b, run_dir);
    pg_text_buffer_printf(b, "</title>\n<style>%s</style></head><body>\n"
                          "<h1>physgan report: ", STYLE);
    pg_text_buffer_append_html(b, run_dir);
    char when[32] = "?";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm)) strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
    pg_text_buffer_printf(b, "</h1>\n<p>Made by physgan %s (git %s) on %s "
                          "UTC.</p>\n", PHYSGAN_VERSION, PHYSGAN_GIT_HASH, when);
    s = metrics_html(b, m);
    pg_metrics_destroy(&m);
    PG_CHECK(s);
    PG_CHECK(pg_report_samples_html(b, run_dir));
    checkpoints_html(b, run_dir);
    config_html(b, run_dir);
    log_tail_html(b, run_dir);
    pg_text_buffer_append(b, "</body></html>\n");
    PG_CHECK(pg_text_buffer_status(b, "the report"));
    return PG_OK;
}

pg_status pg_report_write(const char *run_dir, const char *out_path)
{
    pg_text_buffer b = {0};
    pg_status s = pg_report_build(run_dir, &b);
    if (s == PG_OK) s = pg_atomic_file_write(out_path, b.data, b.len, 0644);
    pg_text_buffer_free(&b);
    PG_CHECK(s);
    return PG_OK;
}
