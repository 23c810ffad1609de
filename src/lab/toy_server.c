#include "lab/toy_server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "io/text_buffer.h"
#include "lab/toy_control.h"
#include "lab/toy_frame.h"
#include "lab/toy_page.h"

enum { CONN_MEMORY = 32 * 1024, CONN_TIMEOUT_S = 10, MAX_PENDING_STEPS = 100 };

struct pg_toy_server {
    struct MHD_Daemon *mhd;
    pthread_t worker;
    int worker_started, port;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pg_text_buffer page;        /* the live page, built once */
    /* shared, under lock */
    pg_toy_config want;         /* settings for the next (re)start */
    int restart, running, pending_steps, stop;
    char *published;            /* the worker's last snapshot (JSON tail) */
    /* the worker's own */
    pg_toy *toy;
    pg_toy_config cur;
    pg_toy_framer *framer;
    int frame_every;
    char error[512];
    long curve_step[PG_TOY_SERVER_CURVE_POINTS];
    double curve_g[PG_TOY_SERVER_CURVE_POINTS];
    double curve_d[PG_TOY_SERVER_CURVE_POINTS];
    int curve_n, curve_head;    /* points held; index of the oldest */
    double sum_g, sum_d;
    int n_sum;
    long step;                  /* G updates since the last restart */
};

void pg_toy_server_config_default(pg_toy_server_config *c)
{
    memset(c, 0, sizeof *c);
    pg_toy_config_default(&c->toy);
    c->toy.eval_samples = 2500;
    snprintf(c->addr, sizeof c->addr, "127.0.0.1");
    c->port = 8080;
    c->max_clients = 16;
    c->frame_every = 50;
    c->running = 1;
}

pg_status pg_toy_server_parse_listen(const char *s, pg_toy_server_config *c)
{
    const char *colon = strrchr(s, ':'), *p = colon ? colon + 1 : s;
    char *end;
    if (colon) {
        size_t n = (size_t)(colon - s);
        struct in_addr a;
        char addr[64];
        if (n == 0 || n >= sizeof addr)
            return PG_FAIL(PG_ERR_ARG, "'%s': bad address before ':'", s);
        memcpy(addr, s, n);
        addr[n] = 0;
        if (!strcmp(addr, "localhost")) snprintf(addr, sizeof addr, "127.0.0.1");
        if (inet_pton(AF_INET, addr, &a) != 1)
            return PG_FAIL(PG_ERR_ARG,
                           "'%s': address '%s' is not a numeric IPv4 address",
                           s, addr);
        snprintf(c->addr, sizeof c->addr, "%s", addr);
    }
    errno = 0;
    long port = strtol(p, &end, 10);
    if (!*p || *end || errno || port < 0 || port > 65535 || !isdigit((unsigned char)*p))
        return PG_FAIL(PG_ERR_ARG, "'%s': port '%s' is not in [0, 65535]", s, p);
    c->port = (int)port;
    return PG_OK;
}

/* ---- the worker ------------------------------------------------------ */

static void curve_reset(pg_toy_server *s)
{
    s->curve_n = s->curve_head = 0;
    s->sum_g = s->sum_d = 0;
    s->n_sum = 0;
}

static void curve_add(pg_toy_server *s, long step, const pg_toy_step_stats *st)
{
    s->sum_g += st->loss_g;
    s->sum_d += st->loss_d;
    if (++s->n_sum < PG_TOY_SERVER_CURVE_STRIDE) return;
    int i = (s->curve_head + s->curve_n) % PG_TOY_SERVER_CURVE_POINTS;
    if (s->curve_n == PG_TOY_SERVER_CURVE_POINTS)
        s->curve_head = (s->curve_head + 1) % PG_TOY_SERVER_CURVE_POINTS;
    else
        s->curve_n++;
    s->curve_step[i] = step;
    s->curve_g[i] = s->sum_g / s->n_sum;
    s->curve_d[i] = s->sum_d / s->n_sum;
    s->sum_g = s->sum_d = 0;
    s->n_sum = 0;
}

/* Build the snapshot (without "live" and "running", which the HTTP side
 * adds) and swap it in. m is NULL when there is no trainer. */
static void publish(pg_toy_server *s, const pg_toy_metrics *m)
{
    pg_text_buffer b = {0};
    pg_text_buffer_printf(&b, "\"step\":%ld,\"error\":", s->step);
    if (s->error[0])
        pg_text_buffer_append_json(&b, s->error, PG_JSON_HTML_SAFE);
    else
        pg_text_buffer_append(&b, "null");
    pg_text_buffer_printf(
        &b, ",\"choices\":{\"dataset\":\"%s\",\"loss\":\"%s\"},"
            "\"ranges\":{\"d_steps\":[1,%d],\"d_lr\":[%g,%g],"
            "\"g_lr\":[%g,%g]},\"header\":",
        pg_toy2d_choices(), pg_gan_loss_choices(), PG_TOY_SERVER_D_STEPS_MAX,
        PG_TOY_SERVER_LR_MIN, PG_TOY_SERVER_LR_MAX, PG_TOY_SERVER_LR_MIN,
        PG_TOY_SERVER_LR_MAX);
    if (s->toy) pg_toy_frame_header_json(&s->cur, s->toy, &b);
    else pg_text_buffer_append(&b, "null");
    pg_text_buffer_append(&b, ",\"curve\":[");
    for (int k = 0; k < s->curve_n; k++) {
        int i = (s->curve_head + k) % PG_TOY_SERVER_CURVE_POINTS;
        pg_text_buffer_printf(&b, "%s[%ld,", k ? "," : "", s->curve_step[i]);
        pg_toy_frame_number(&b, s->curve_g[i]);
        pg_text_buffer_append(&b, ",");
        pg_toy_frame_number(&b, s->curve_d[i]);
        pg_text_buffer_append(&b, "]");
    }
    pg_text_buffer_append(&b, "],\"frame\":");
    if (s->toy && m) {
        if (pg_toy_frame_json(s->framer, s->toy, &s->cur, m, &b) != PG_OK) {
            pg_error_clear(); /* keep the previous snapshot */
            pg_text_buffer_free(&b);
            return;
        }
    } else {
        pg_text_buffer_append(&b, "null");
    }
    pg_text_buffer_append(&b, "}");
    if (b.failed) {
        pg_text_buffer_free(&b);
        return;
    }
    pthread_mutex_lock(&s->lock);
    free(s->published);
    s->published = b.data; /* ownership moves */
    pthread_mutex_unlock(&s->lock);
}

/* Record a failure for the page and stop training. */
static void worker_fail(pg_toy_server *s, pg_status st, const char *what)
{
    snprintf(s->error, sizeof s->error, "%s: %s", what,
             pg_error_message() ? pg_error_message() : pg_strerror(st));
    pg_error_clear();
    pthread_mutex_lock(&s->lock);
    s->running = 0;
    s->pending_steps = 0;
    pthread_mutex_unlock(&s->lock);
}

static void worker_restart(pg_toy_server *s, const pg_toy_config *c)
{
    pg_toy_metrics m;
    pg_toy_destroy(&s->toy);
    curve_reset(s);
    s->step = 0;
    s->error[0] = 0;
    s->cur = *c;
    pg_status st = pg_toy_create(c, &s->toy);
    if (st == PG_OK) st = pg_toy_evaluate(s->toy, &m);
    if (st != PG_OK) {
        worker_fail(s, st, "restart");
        pg_toy_destroy(&s->toy);
        publish(s, NULL);
        return;
    }
    publish(s, &m);
}

static void *worker_main(void *arg)
{
    pg_toy_server *s = arg;
    pthread_mutex_lock(&s->lock);
    while (!s->stop) {
        if (s->restart) {
            pg_toy_config c = s->want;
            s->restart = 0;
            pthread_mutex_unlock(&s->lock);
            worker_restart(s, &c);
            pthread_mutex_lock(&s->lock);
            continue;
        }
        if (!s->toy || (!s->running && !s->pending_steps)) {
            pthread_cond_wait(&s->wake, &s->lock);
            continue;
        }
        int n = s->running ? s->frame_every : 1;
        if (!s->running) s->pending_steps--;
        pthread_mutex_unlock(&s->lock);

        pg_status st = PG_OK;
        pg_toy_metrics m;
        for (int i = 0; i < n && st == PG_OK; i++) {
            pg_toy_step_stats stats;
            st = pg_toy_step(s->toy, &stats);
            if (st == PG_OK) curve_add(s, ++s->step, &stats);
        }
        if (st == PG_OK) st = pg_toy_evaluate(s->toy, &m);
        if (st != PG_OK) {
            worker_fail(s, st, "training");
            publish(s, NULL);
        } else {
            publish(s, &m);
        }
        pthread_mutex_lock(&s->lock);
    }
    pthread_mutex_unlock(&s->lock);
    return NULL;
}

/* ---- HTTP ------------------------------------------------------------ */

typedef struct request { /* a POST's body, collected across calls */
    char body[PG_TOY_SERVER_MAX_BODY + 1];
    size_t len;
    int too_big;
} request;

static int get_marker; /* *req_cls of requests without a body */

/* The connection a handler answers on: libmicrohttpd's (mhd_ops), or a
 * capture for requests made without a socket (pg_toy_server_exchange_run,
 * capture_ops). Only these two operations touch the connection, so the
 * routing below is the same code in both. */
typedef struct conn_ops {
    /* The query string's pairs into c (pg_toy_control_param). */
    void (*args)(void *h, pg_toy_control *c);
    /* Send a reply; MHD_RESPMEM_MUST_FREE hands body over (freed even
     * when sending fails). MHD_NO closes the connection. */
    enum MHD_Result (*reply)(void *h, unsigned code, const char *type,
                             const char *body, size_t len,
                             enum MHD_ResponseMemoryMode mode);
} conn_ops;

typedef struct conn {
    const conn_ops *ops;
    void *h;
} conn;

static enum MHD_Result arg_iter(void *cls, enum MHD_ValueKind kind,
                                const char *key, const char *value)
{
    (void)kind;
    pg_toy_control_param(cls, key ? key : "", value);
    return MHD_YES;
}

static void mhd_args(void *h, pg_toy_control *c)
{
    MHD_get_connection_values(h, MHD_GET_ARGUMENT_KIND, arg_iter, c);
}

static enum MHD_Result mhd_reply(void *h, unsigned code, const char *type,
                                 const char *body, size_t len,
                                 enum MHD_ResponseMemoryMode mode)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, mode);
    if (!r) {
        if (mode == MHD_RESPMEM_MUST_FREE) free((void *)body);
        return MHD_NO; /* closes the connection */
    }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "Content-Security-Policy",
                            "default-src 'none'; script-src 'unsafe-inline'; "
                            "style-src 'unsafe-inline'; connect-src 'self'; "
                            "img-src 'self' data:");
    enum MHD_Result ok = MHD_queue_response(h, code, r);
    MHD_destroy_response(r);
    return ok;
}

static const conn_ops mhd_ops = {mhd_args, mhd_reply};

static enum MHD_Result reply(conn *cn, unsigned code, const char *type,
                             const char *body, size_t len,
                             enum MHD_ResponseMemoryMode mode)
{
    return cn->ops->reply(cn->h, code, type, body, len, mode);
}

static enum MHD_Result reply_text(conn *cn, unsigned code,
                                  const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum MHD_Result reply_text(conn *cn, unsigned code,
                                  const char *fmt, ...)
{
    char *msg = malloc(512);
    if (!msg) return MHD_NO;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(msg, 511, fmt, ap);
    va_end(ap);
    size_t len = n < 0 ? 0 : (size_t)n > 510 ? 510 : (size_t)n;
    msg[len++] = '\n';
    return reply(cn, code, "text/plain; charset=utf-8", msg, len,
                 MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result serve_state(pg_toy_server *s, conn *cn)
{
    pthread_mutex_lock(&s->lock);
    const char *tail = s->published ? s->published : "\"step\":0}";
    size_t n = strlen(tail) + 48;
    char *body = malloc(n);
    if (body)
        n = (size_t)snprintf(body, n, "{\"live\":true,\"running\":%s,%s",
                             s->running ? "true" : "false", tail);
    pthread_mutex_unlock(&s->lock);
    if (!body) return MHD_NO;
    return reply(cn, MHD_HTTP_OK, "application/json", body, n,
                 MHD_RESPMEM_MUST_FREE);
}

static enum MHD_Result serve_control(pg_toy_server *s, conn *cn, request *r)
{
    pg_toy_control c = {0};
    cn->ops->args(cn->h, &c);
    if (r) {
        if (r->too_big)
            return reply_text(cn, MHD_HTTP_CONTENT_TOO_LARGE,
                              "request body over %d bytes",
                              PG_TOY_SERVER_MAX_BODY);
        r->body[r->len] = 0;
        pg_toy_control_body(&c, r->body);
    }
    pg_toy_control_finish(&c);
    if (c.err[0]) return reply_text(cn, MHD_HTTP_BAD_REQUEST, "%s", c.err);

    pthread_mutex_lock(&s->lock);
    pg_toy_config *w = &s->want;
    if (c.has_dataset) w->dataset = c.dataset;
    if (c.has_loss) w->loss = c.loss;
    if (c.has_d_steps) w->d_steps = c.d_steps;
    if (c.has_d_lr) w->d_lr = c.d_lr;
    if (c.has_g_lr) w->g_lr = c.g_lr;
    if (c.has_dataset || c.has_loss || c.has_d_steps || c.has_d_lr ||
        c.has_g_lr || c.action == PG_TOY_ACT_RESET)
        s->restart = 1;
    if (c.action == PG_TOY_ACT_PLAY) s->running = 1;
    if (c.action == PG_TOY_ACT_PAUSE) s->running = 0;
    if (c.action == PG_TOY_ACT_STEP) {
        s->running = 0;
        if (s->pending_steps < MAX_PENDING_STEPS) s->pending_steps++;
    }
    pthread_cond_signal(&s->wake);
    pthread_mutex_unlock(&s->lock);
    static const char ok[] = "{\"ok\":true}\n";
    return reply(cn, MHD_HTTP_OK, "application/json", ok, sizeof ok - 1,
                 MHD_RESPMEM_PERSISTENT);
}

/* libmicrohttpd's request protocol: a first call with the headers only,
 * for a POST one call per piece of the body (*upload_size > 0), then a
 * last call (*upload_size == 0) that replies. */
static enum MHD_Result route(pg_toy_server *s, conn *cn, const char *url,
                             const char *method, const char *upload,
                             size_t *upload_size, void **req_cls)
{
    int get = !strcmp(method, MHD_HTTP_METHOD_GET) ||
              !strcmp(method, MHD_HTTP_METHOD_HEAD);
    int post = !strcmp(method, MHD_HTTP_METHOD_POST);
    if (!*req_cls) { /* first call: headers only */
        if (!post) {
            *req_cls = &get_marker;
        } else {
            request *r = calloc(1, sizeof *r);
            if (!r) return MHD_NO;
            *req_cls = r;
            return MHD_YES;
        }
    }
    request *r = post ? *req_cls : NULL;
    if (r && *upload_size) { /* a piece of the body */
        size_t n = *upload_size;
        if (r->too_big || n > PG_TOY_SERVER_MAX_BODY - r->len) r->too_big = 1;
        else memcpy(r->body + r->len, upload, n), r->len += n;
        *upload_size = 0;
        return MHD_YES;
    }
    if (!strcmp(url, "/") || !strcmp(url, "/index.html")) {
        if (!get) goto not_allowed;
        return reply(cn, MHD_HTTP_OK, "text/html; charset=utf-8",
                     s->page.data, s->page.len, MHD_RESPMEM_PERSISTENT);
    }
    if (!strcmp(url, "/state")) {
        if (!get) goto not_allowed;
        return serve_state(s, cn);
    }
    if (!strcmp(url, "/control")) {
        if (!get && !post) goto not_allowed;
        return serve_control(s, cn, r);
    }
    char a[48], b[48];
    return reply_text(cn, MHD_HTTP_NOT_FOUND,
                      "no such path '%s' (the lab serves /, /state, /control)",
                      pg_toy_control_shown(url, a));
not_allowed:
    return reply_text(cn, MHD_HTTP_METHOD_NOT_ALLOWED,
                      "method %s not allowed on %s", pg_toy_control_shown(method, a),
                      pg_toy_control_shown(url, b));
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *mc,
                              const char *url, const char *method,
                              const char *version, const char *upload,
                              size_t *upload_size, void **req_cls)
{
    (void)version;
    conn cn = {&mhd_ops, mc};
    return route(cls, &cn, url, method, upload, upload_size, req_cls);
}

static void completed(void *cls, struct MHD_Connection *conn, void **req_cls,
                      enum MHD_RequestTerminationCode code)
{
    (void)cls, (void)conn, (void)code;
    if (*req_cls && *req_cls != &get_marker) free(*req_cls);
    *req_cls = NULL;
}

/* ---- without a socket ------------------------------------------------ */

static void capture_args(void *h, pg_toy_control *c)
{
    const pg_toy_server_exchange *x = h;
    for (int i = 0; i < x->n_args; i++)
        pg_toy_control_param(c, x->keys[i] ? x->keys[i] : "",
                             x->values[i]);
}

static enum MHD_Result capture_reply(void *h, unsigned code,
                                     const char *type, const char *body,
                                     size_t len,
                                     enum MHD_ResponseMemoryMode mode)
{
    pg_toy_server_exchange *x = h;
    enum MHD_Result ok = MHD_NO;
    if (!x->replied && (x->reply = malloc(len + 1))) {
        memcpy(x->reply, body, len);
        x->reply[len] = 0;
        x->reply_len = len;
        x->code = code;
        snprintf(x->type, sizeof x->type, "%s", type);
        x->replied = 1;
        ok = MHD_YES;
    }
    if (mode == MHD_RESPMEM_MUST_FREE) free((void *)body);
    return ok;
}

static const conn_ops capture_ops = {capture_args, capture_reply};

void pg_toy_server_exchange_run(pg_toy_server *s, pg_toy_server_exchange *x)
{
    x->replied = 0;
    x->closed = 0;
    x->reply = NULL;
    x->reply_len = 0;
    x->code = 0;
    x->type[0] = 0;
    conn cn = {&capture_ops, x};
    void *req_cls = NULL;
    size_t none = 0;
    enum MHD_Result ok = route(s, &cn, x->url, x->method, NULL, &none,
                               &req_cls);
    size_t piece = x->piece ? x->piece : x->body_len;
    for (size_t off = 0; ok == MHD_YES && !x->replied && off < x->body_len;
         off += piece) {
        size_t n = x->body_len - off < piece ? x->body_len - off : piece;
        ok = route(s, &cn, x->url, x->method, x->body + off, &n, &req_cls);
    }
    if (ok == MHD_YES && !x->replied) {
        none = 0;
        ok = route(s, &cn, x->url, x->method, NULL, &none, &req_cls);
    }
    x->closed = ok != MHD_YES;
    completed(NULL, NULL, &req_cls, MHD_REQUEST_TERMINATED_COMPLETED_OK);
}

void pg_toy_server_exchange_free(pg_toy_server_exchange *x)
{
    free(x->reply);
    x->reply = NULL;
}

/* ---- start / stop ---------------------------------------------------- */

/* sa NULL: detached (no worker, no listener). */
static pg_status start(pg_toy_server *s, const pg_toy_server_config *c,
                       struct sockaddr_in *sa);
static pg_status create(const pg_toy_server_config *c,
                        struct sockaddr_in *sa, pg_toy_server **out);

pg_status pg_toy_server_start(const pg_toy_server_config *c,
                              pg_toy_server **out)
{
    *out = NULL;
    struct sockaddr_in sa = {.sin_family = AF_INET};
    if (inet_pton(AF_INET, c->addr, &sa.sin_addr) != 1)
        return PG_FAIL(PG_ERR_ARG, "toy server: '%s' is not a numeric IPv4 "
                       "address", c->addr);
    if (!c->allow_remote && (ntohl(sa.sin_addr.s_addr) >> 24) != 127)
        return PG_FAIL(PG_ERR_ARG,
                       "toy server: %s is not a loopback address; the lab "
                       "has no authentication, so serving it to the network "
                       "needs --allow-remote", c->addr);
    if (c->port < 0 || c->port > 65535)
        return PG_FAIL(PG_ERR_ARG, "toy server: port %d not in [0, 65535]",
                       c->port);
    if (c->max_clients < 1 || c->max_clients > 1000)
        return PG_FAIL(PG_ERR_ARG, "toy server: max_clients %d not in "
                       "[1, 1000]", c->max_clients);
    if (c->frame_every < 1 || c->frame_every > 100000)
        return PG_FAIL(PG_ERR_ARG, "toy server: frame_every %d not in "
                       "[1, 100000]", c->frame_every);
    sa.sin_port = htons((uint16_t)c->port);
    return create(c, &sa, out);
}

pg_status pg_toy_server_create_detached(const pg_toy_server_config *c,
                                        pg_toy_server **out)
{
    *out = NULL;
    return create(c, NULL, out);
}

static pg_status create(const pg_toy_server_config *c,
                        struct sockaddr_in *sa, pg_toy_server **out)
{
    pg_toy_server *s = calloc(1, sizeof *s);
    if (!s) return PG_FAIL(PG_ERR_NOMEM, "toy server");
    pthread_mutex_init(&s->lock, NULL);
    pthread_cond_init(&s->wake, NULL);
    s->want = s->cur = c->toy;
    s->running = c->running;
    s->frame_every = c->frame_every;
    pg_status st = start(s, c, sa);
    if (st != PG_OK) {
        pg_toy_server_stop(&s);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    *out = s;
    return PG_OK;
}

static pg_status start(pg_toy_server *s, const pg_toy_server_config *c,
                       struct sockaddr_in *sa)
{
    /* The first trainer is built here, so a bad configuration is an error
     * of the start and not a message on the page. */
    pg_toy_metrics m;
    PG_CHECK(pg_toy_framer_create(&s->framer));
    PG_CHECK(pg_toy_create(&c->toy, &s->toy));
    PG_CHECK(pg_toy_evaluate(s->toy, &m));
    publish(s, &m);
    pg_text_buffer_append(&s->page, pg_toy_page_head);
    pg_text_buffer_append(&s->page, "{\"live\":true}\n");
    pg_text_buffer_append(&s->page, pg_toy_page_tail);
    PG_CHECK(pg_text_buffer_status(&s->page, "toy server page"));
    if (!sa) return PG_OK;

    if (pthread_create(&s->worker, NULL, worker_main, s))
        return PG_FAIL(PG_ERR_STATE, "toy server: cannot start the worker "
                       "thread");
    s->worker_started = 1;
    s->mhd = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO, (uint16_t)c->port,
        NULL, NULL, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)sa,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)c->max_clients,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)CONN_TIMEOUT_S,
        MHD_OPTION_NOTIFY_COMPLETED, completed, s, MHD_OPTION_END);
    if (!s->mhd)
        return PG_FAIL(PG_ERR_IO, "toy server: cannot listen on %s:%d "
                       "(address in use or not available?)", c->addr, c->port);
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(s->mhd, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info && info->port ? info->port : c->port;
    return PG_OK;
}

int pg_toy_server_port(const pg_toy_server *s) { return s->port; }

void pg_toy_server_stop(pg_toy_server **sp)
{
    if (!sp || !*sp) return;
    pg_toy_server *s = *sp;
    if (s->mhd) MHD_stop_daemon(s->mhd);
    if (s->worker_started) {
        pthread_mutex_lock(&s->lock);
        s->stop = 1;
        pthread_cond_broadcast(&s->wake);
        pthread_mutex_unlock(&s->lock);
        pthread_join(s->worker, NULL);
    }
    pg_toy_destroy(&s->toy);
    pg_toy_framer_destroy(&s->framer);
    pg_text_buffer_free(&s->page);
    free(s->published);
    pthread_mutex_destroy(&s->lock);
    pthread_cond_destroy(&s->wake);
    free(s);
    *sp = NULL;
}
