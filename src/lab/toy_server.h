/* The live 2D GAN lab (`physgan toy --serve`): an HTTP server
 * (libmicrohttpd, one internal polling thread) and one training worker
 * thread. The worker owns the pg_toy and publishes a JSON snapshot after
 * every frame; the HTTP thread only copies that snapshot and posts commands
 * (both under one mutex), so a slow or hostile client never touches the
 * trainer.
 *
 * Endpoints
 *   GET  /          the page (toy_page.h, live mode)
 *   GET  /state     {"live", "running", "step", "error", "choices",
 *                    "ranges", "header", "curve", "frame"} (toy_frame.h;
 *                    "curve" is [step, mean G loss, mean D loss] per
 *                    PG_TOY_SERVER_CURVE_STRIDE steps, the last
 *                    PG_TOY_SERVER_CURVE_POINTS of them)
 *   GET|POST /control   query string or x-www-form-urlencoded body with
 *                    dataset, loss, d_steps [1, 20], d_lr and g_lr
 *                    [1e-5, 0.1], action = play|pause|step|reset.
 *                    All are checked before any applies; a change of
 *                    dataset, loss, d_steps or a learning rate restarts
 *                    training with the new settings. 200 {"ok":true}, or
 *                    400 with a message naming the parameter and what is
 *                    allowed.
 *   anything else: 404 (405 for other methods on known paths).
 * Limits: max_clients concurrent connections (more are closed on accept),
 * 32 KiB of memory per connection (longer request headers get an error
 * status), request bodies up to 4 KiB (413), 10 s idle timeout.
 */
#ifndef PG_TRAIN_TOY_SERVER_H
#define PG_TRAIN_TOY_SERVER_H

#include <stddef.h>

#include "lab/toy.h"

enum {
    PG_TOY_SERVER_CURVE_STRIDE = 10,
    PG_TOY_SERVER_CURVE_POINTS = 500,
    PG_TOY_SERVER_MAX_BODY = 4096,
    PG_TOY_SERVER_D_STEPS_MAX = 20
};
#define PG_TOY_SERVER_LR_MIN 1e-5
#define PG_TOY_SERVER_LR_MAX 0.1

typedef struct pg_toy_server_config {
    pg_toy_config toy;   /* the settings training starts with */
    char addr[64];       /* numeric IPv4 address to bind ("127.0.0.1") */
    int port;            /* 0: an ephemeral port (pg_toy_server_port) */
    int allow_remote;    /* 0: refuse addresses outside 127.0.0.0/8 */
    int max_clients;     /* concurrent connections */
    int frame_every;     /* steps between published frames */
    int running;         /* start training at once (else paused) */
} pg_toy_server_config;

void pg_toy_server_config_default(pg_toy_server_config *c);

/* "[ADDR:]PORT" into c->addr (unchanged when absent) and c->port;
 * PG_ERR_ARG saying what is wrong. */
pg_status pg_toy_server_parse_listen(const char *s, pg_toy_server_config *c);

typedef struct pg_toy_server pg_toy_server;

/* Build the trainer, start the worker and listen. PG_ERR_ARG for a bad
 * configuration or a non-loopback address without allow_remote, PG_ERR_IO
 * when the address cannot be bound. */
pg_status pg_toy_server_start(const pg_toy_server_config *c,
                              pg_toy_server **out);
/* The port listened on. */
int pg_toy_server_port(const pg_toy_server *s);
/* Stop listening (in-flight requests finish), stop the worker, free.
 * Accepts NULL. */
void pg_toy_server_stop(pg_toy_server **s);

/* ---- requests without a socket (tests, tests/fuzz/toy_http/) ----------- */

/* A server that builds its trainer, page and first snapshot but neither
 * listens nor trains (no worker thread): requests reach it through
 * pg_toy_server_exchange_run only. Free with pg_toy_server_stop. */
pg_status pg_toy_server_create_detached(const pg_toy_server_config *c,
                                        pg_toy_server **out);

/* One request as libmicrohttpd hands it to the server's handler, and what
 * the handler answered. */
typedef struct pg_toy_server_exchange {
    const char *method, *url;        /* as the client sent them */
    const char *const *keys;         /* the query string's pairs, decoded */
    const char *const *values;       /* (a value may be NULL: no '=') */
    int n_args;
    const char *body;                /* the request body (body_len bytes) */
    size_t body_len;
    size_t piece;                    /* bytes per upload call; 0: one */
    /* out */
    int replied;                     /* a reply was queued */
    int closed;                      /* the handler closed the connection */
    unsigned code;                   /* HTTP status */
    char type[64];                   /* Content-Type */
    char *reply;                     /* body (NUL-terminated copy) */
    size_t reply_len;
} pg_toy_server_exchange;

/* Run x through the same handler the listener uses (the first call with
 * the headers, the body in pieces, the final call), filling the out
 * fields. Free x->reply with pg_toy_server_exchange_free. */
void pg_toy_server_exchange_run(pg_toy_server *s, pg_toy_server_exchange *x);
void pg_toy_server_exchange_free(pg_toy_server_exchange *x);

#endif
