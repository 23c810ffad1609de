/* lab/toy_control.h: parameters of a /control request. */
#include "lab/toy_control.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lab/toy_server.h"

static const char EXPECTED[] =
    "dataset, loss, d_steps, d_lr, g_lr, action";

const char *pg_toy_control_shown(const char *v, char out[48])
{
    size_t i = 0;
    for (; v[i] && i < 40; i++)
        out[i] = isprint((unsigned char)v[i]) ? v[i] : '?';
    if (v[i]) out[i++] = '.', out[i++] = '.', out[i++] = '.';
    out[i] = 0;
    return out;
}

static void control_error(pg_toy_control *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void control_error(pg_toy_control *c, const char *fmt, ...)
{
    if (c->err[0]) return; /* the first problem is reported */
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, sizeof c->err, fmt, ap);
    va_end(ap);
}

static int parse_number(const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (!*v || *end || errno || !isfinite(x) || x < lo || x > hi) return -1;
    *out = x;
    return 0;
}

void pg_toy_control_param(pg_toy_control *c, const char *k, const char *v)
{
    char a[48], b[48];
    double x;
    if (!v) v = "";
    if (++c->n > PG_TOY_CONTROL_MAX_PARAMS) {
        control_error(c, "too many parameters (at most %d)", PG_TOY_CONTROL_MAX_PARAMS);
    } else if (!strcmp(k, "dataset")) {
        c->has_dataset = 1;
        if (pg_toy2d_parse(v, &c->dataset) != PG_OK) {
            pg_error_clear();
            control_error(c, "parameter 'dataset': '%s' is not one of %s",
                          pg_toy_control_shown(v, a), pg_toy2d_choices());
        }
    } else if (!strcmp(k, "loss")) {
        c->has_loss = 1;
        if (pg_gan_loss_parse(v, &c->loss) != PG_OK) {
            pg_error_clear();
            control_error(c, "parameter 'loss': '%s' is not one of %s",
                          pg_toy_control_shown(v, a), pg_gan_loss_choices());
        }
    } else if (!strcmp(k, "d_steps")) {
        c->has_d_steps = 1;
        if (parse_number(v, 1, PG_TOY_SERVER_D_STEPS_MAX, &x) || x != floor(x))
            control_error(c, "parameter 'd_steps': '%s' is not an integer in "
                             "[1, %d]", pg_toy_control_shown(v, a), PG_TOY_SERVER_D_STEPS_MAX);
        else c->d_steps = (int)x;
    } else if (!strcmp(k, "d_lr") || !strcmp(k, "g_lr")) {
        int d = k[0] == 'd';
        if (parse_number(v, PG_TOY_SERVER_LR_MIN, PG_TOY_SERVER_LR_MAX, &x))
            control_error(c, "parameter '%s': '%s' is not a number in "
                             "[%g, %g]", k, pg_toy_control_shown(v, a), PG_TOY_SERVER_LR_MIN,
                          PG_TOY_SERVER_LR_MAX);
        else if (d) c->has_d_lr = 1, c->d_lr = x;
        else c->has_g_lr = 1, c->g_lr = x;
    } else if (!strcmp(k, "action")) {
        static const char *const acts[] = {"play", "pause", "step", "reset"};
        for (int i = 0; i < 4; i++)
            if (!strcmp(v, acts[i])) c->action = (pg_toy_action)(PG_TOY_ACT_PLAY + i);
        if (c->action == PG_TOY_ACT_NONE)
            control_error(c, "parameter 'action': '%s' is not one of "
                             "play|pause|step|reset", pg_toy_control_shown(v, a));
    } else {
        control_error(c, "unknown parameter '%s' (expected %s)", pg_toy_control_shown(k, b),
                      EXPECTED);
    }
}

static int hexval(int ch)
{
    if (ch >= '0' && ch <= '9') return ch - '0';
    ch = tolower(ch);
    return ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
}

/* Decode x-www-form-urlencoded text in place; -1 for a bad or NUL
 * escape. */
static int form_decode(char *s)
{
    char *w = s;
    for (; *s; s++) {
        if (*s == '+') {
            *w++ = ' ';
        } else if (*s == '%') {
            int hi = s[1] ? hexval((unsigned char)s[1]) : -1;
            int lo = hi >= 0 && s[2] ? hexval((unsigned char)s[2]) : -1;
            if (lo < 0 || (hi | lo) == 0) return -1;
            *w++ = (char)(hi * 16 + lo);
            s += 2;
        } else {
            *w++ = *s;
        }
    }
    *w = 0;
    return 0;
}

void pg_toy_control_body(pg_toy_control *c, char *body)
{
    for (char *save = NULL, *part = strtok_r(body, "&", &save); part;
         part = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(part, '=');
        if (eq) *eq = 0;
        if (form_decode(part) || (eq && form_decode(eq + 1))) {
            control_error(c, "bad percent-encoding in the request body");
            return;
        }
        pg_toy_control_param(c, part, eq ? eq + 1 : "");
    }
}

void pg_toy_control_finish(pg_toy_control *c)
{
    if (!c->err[0] && c->n == 0)
        control_error(c, "no parameters (expected %s)", EXPECTED);
}
