/* The parameters of a /control request of the live toy lab
 * (toy_server.h): query-string pairs (decoded by libmicrohttpd) and an
 * x-www-form-urlencoded body, checked before any applies. Kept apart from
 * the server so that the parsing of what a client sends can be tested and
 * fuzzed without a socket (tests/fuzz/toy_control/). */
#ifndef PG_LAB_TOY_CONTROL_H
#define PG_LAB_TOY_CONTROL_H

#include "lab/toy2d.h"
#include "nn/gan_loss.h"

enum { PG_TOY_CONTROL_MAX_PARAMS = 16 };

typedef enum pg_toy_action {
    PG_TOY_ACT_NONE, PG_TOY_ACT_PLAY, PG_TOY_ACT_PAUSE, PG_TOY_ACT_STEP,
    PG_TOY_ACT_RESET
} pg_toy_action;

/* Start from {0}. Each has_* says the parameter was given and valid. */
typedef struct pg_toy_control {
    int has_dataset, has_loss, has_d_steps, has_d_lr, has_g_lr, n;
    pg_toy_action action;
    pg_toy2d_kind dataset;
    pg_gan_loss loss;
    int d_steps;
    double d_lr, g_lr;
    char err[400]; /* non-empty: the request is rejected with this (the
                      first problem, naming the parameter) */
} pg_toy_control;

/* One parameter k=v (v NULL: no value). */
void pg_toy_control_param(pg_toy_control *c, const char *k, const char *v);
/* The pairs of an x-www-form-urlencoded body, decoded in place. */
void pg_toy_control_body(pg_toy_control *c, char *body);
/* After all parameters: a request without any is an error too. */
void pg_toy_control_finish(pg_toy_control *c);

/* A client's value for messages: at most 40 bytes, then "...", with
 * non-printable bytes replaced by '?'. Returns out. */
const char *pg_toy_control_shown(const char *v, char out[48]);

#endif
