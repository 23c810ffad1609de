/* Progress display: a line redrawn in place on a terminal, plain lines at
 * a fixed interval otherwise (batch logs grow slowly and stay greppable). */
#include "base/progress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "base/clock.h"

/* Redraws per second on a terminal: faster is flicker, not information. */
#define TTY_REDRAW_S 0.1
enum { BAR_WIDTH = 20, LINE_MAX_CHARS = 512, DEFAULT_COLUMNS = 80 };

struct pg_progress {
    char what[32];
    long total;
    long step; /* last step reported */
    long base; /* steps done before this run (resume) */
    FILE *out;
    int tty;
    int finished;
    double every_s;
    double t0, t_last;
    int drawn; /* characters of the line now on the terminal */
};

pg_status pg_progress_create(const char *what, long total, FILE *out,
                             int force_plain, double every_s,
                             pg_progress **p)
{
    *p = NULL;
    if (total <= 0 || !out || !(every_s >= 0))
        return PG_FAIL(PG_ERR_ARG, "progress: total %ld must be > 0 and "
                       "interval %g s >= 0", total, every_s);
    pg_progress *q = calloc(1, sizeof *q);
    if (!q) return PG_FAIL(PG_ERR_NOMEM, "progress");
    snprintf(q->what, sizeof q->what, "%s", what ? what : "progress");
    q->total = total;
    q->out = out;
    q->tty = !force_plain && isatty(fileno(out));
    q->every_s = every_s;
    q->t0 = pg_clock_now_s();
    /* A terminal shows the bar at once; plain lines wait an interval. */
    q->t_last = q->tty ? q->t0 - TTY_REDRAW_S : q->t0;
    *p = q;
    return PG_OK;
}

void pg_progress_resume(pg_progress *p, long done)
{
    if (!p) return;
    p->base = done;
    p->step = done;
}

void pg_progress_destroy(pg_progress **p)
{
    if (!p || !*p) return;
    free(*p);
    *p = NULL;
}

/* "42s", "1m42s", "3h07m", "2d05h"; tenths below a minute when precise. */
static void format_duration(double s, int precise, char *buf, size_t n)
{
    if (!isfinite(s) || s < 0) {
        snprintf(buf, n, "?");
        return;
    }
    if (precise && s < 60) {
        snprintf(buf, n, "%.1fs", s);
        return;
    }
    long t = lround(s);
    if (t < 60) snprintf(buf, n, "%lds", t);
    else if (t < 3600) snprintf(buf, n, "%ldm%02lds", t / 60, t % 60);
    else if (t < 86400) snprintf(buf, n, "%ldh%02ldm", t / 3600, t / 60 % 60);
    else snprintf(buf, n, "%ldd%02ldh", t / 86400, t / 3600 % 24);
}

/* Steps per second with three significant digits, or seconds per step
 * when slower than one step a second. */
static void format_rate(double rate, char *buf, size_t n)
{
    if (!(rate > 0)) snprintf(buf, n, "? steps/s");
    else if (rate >= 100) snprintf(buf, n, "%.0f steps/s", rate);
    else if (rate >= 10) snprintf(buf, n, "%.1f steps/s", rate);
    else if (rate >= 1) snprintf(buf, n, "%.2f steps/s", rate);
    else snprintf(buf, n, "%.1f s/step", 1.0 / rate);
}

static double rate_of(const pg_progress *p, double t)
{
    double elapsed = t - p->t0;
    return elapsed > 0 ? (double)(p->step - p->base) / elapsed : 0.0;
}

static int terminal_columns(FILE *out)
{
    struct winsize ws;
    if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
        return ws.ws_col;
    return DEFAULT_COLUMNS;
}

/* Write line over the one now shown (tty) or as a new line (plain). */
static void emit(pg_progress *p, char *line, int final)
{
    if (!p->tty) {
        fprintf(p->out, "%s\n", line);
        fflush(p->out);
        return;
    }
    /* A line wider than the terminal wraps and '\r' no longer erases it. */
    int len = (int)strlen(line), cols = terminal_columns(p->out) - 1;
    if (!final && len > cols && cols > 0) line[len = cols] = '\0';
    int pad = p->drawn > len ? p->drawn - len : 0;
    fprintf(p->out, "\r%s%*s%s", line, pad, "", final ? "\n" : "");
    fflush(p->out);
    p->drawn = final ? 0 : len;
}

static void draw(pg_progress *p, double t, const char *metrics)
{
    char line[LINE_MAX_CHARS], rate[32], eta[32];
    double r = rate_of(p, t);
    format_rate(r, rate, sizeof rate);
    long left = p->total - p->step;
    format_duration(r > 0 ? (double)(left > 0 ? left : 0) / r : NAN, 0, eta,
                    sizeof eta);
    long shown = p->step < 0 ? 0 : p->step > p->total ? p->total : p->step;
    const char *m = metrics && *metrics ? metrics : NULL;
    if (p->tty) {
        char bar[BAR_WIDTH + 1];
        int full = (int)(shown * BAR_WIDTH / p->total);
        for (int i = 0; i < BAR_WIDTH; i++) bar[i] = i < full ? '#' : '.';
        bar[BAR_WIDTH] = '\0';
        snprintf(line, sizeof line, "%s  [%s]  %ld/%ld  %s  ETA %s%s%s",
                 p->what, bar, p->step, p->total, rate, eta, m ? "  " : "",
                 m ? m : "");
    } else {
        snprintf(line, sizeof line,
                 "%s: step %ld/%ld (%ld%%), %s, ETA %s%s%s", p->what,
                 p->step, p->total, shown * 100 / p->total, rate, eta,
                 m ? ", " : "", m ? m : "");
    }
    emit(p, line, 0);
}

void pg_progress_update(pg_progress *p, long step, const char *metrics)
{
    if (!p || p->finished) return;
    p->step = step;
    double t = pg_clock_now_s();
    if (t - p->t_last < (p->tty ? TTY_REDRAW_S : p->every_s)) return;
    p->t_last = t;
    draw(p, t, metrics);
}

void pg_progress_finish(pg_progress *p, const char *metrics)
{
    if (!p || p->finished) return;
    p->finished = 1;
    double t = pg_clock_now_s();
    char line[LINE_MAX_CHARS], rate[32], took[32];
    format_rate(rate_of(p, t), rate, sizeof rate);
    format_duration(t - p->t0, 1, took, sizeof took);
    const char *m = metrics && *metrics ? metrics : NULL;
    if (p->step >= p->total)
        snprintf(line, sizeof line, "%s: done, %ld/%ld steps in %s (%s)%s%s",
                 p->what, p->step, p->total, took, rate, m ? ", " : "",
                 m ? m : "");
    else
        snprintf(line, sizeof line,
                 "%s: stopped at step %ld/%ld after %s (%s)%s%s", p->what,
                 p->step, p->total, took, rate, m ? ", " : "", m ? m : "");
    emit(p, line, 1);
}
