/* Fuzz target "toy_http": the live toy lab's request handler
 * (src/lab/toy_server.c), the code libmicrohttpd calls for every request,
 * driven without a socket through pg_toy_server_exchange_run on a
 * detached server (no listener, no training thread). libmicrohttpd's own
 * HTTP parsing is not fuzzed here (it is fuzzed upstream); what it hands
 * over is. Input, one field a line:
 *   METHOD URL          (the first space splits them; any other bytes)
 *   QUERY               ('&'-separated pairs, already decoded, as
 *                        libmicrohttpd hands them over; no '=': no value)
 *   PIECE               (decimal: bytes per upload call; 0 or none: one)
 *   BODY...             (the rest, any bytes, in pieces of PIECE)
 * Checked: never a crash, leak or read out of bounds; every request ends
 * in exactly one reply (or a closed connection) with a status the lab
 * documents; error replies are one short line of printable text (client
 * bytes are never echoed raw); /state answers JSON. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "lab/toy_server.h"

enum { MAX_ARGS = 64 };

static pg_toy_server *server(void)
{
    static pg_toy_server *s;
    if (!s) {
        pg_toy_server_config c;
        pg_toy_server_config_default(&c);
        c.toy.eval_samples = 200; /* built once; keeps start-up short */
        if (pg_toy_server_create_detached(&c, &s) != PG_OK) abort();
    }
    return s;
}

/* The next line of [*p, end) as a new string; *p moves past its '\n'. */
static char *next_line(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
    const uint8_t *stop = nl ? nl : end;
    char *s = pg_fuzz_strndup(*p, (size_t)(stop - *p));
    *p = nl ? nl + 1 : end;
    return s;
}

static void check(const pg_toy_server_exchange *x)
{
    if (x->closed) return;
    if (!x->replied || !x->reply || !x->reply_len) abort();
    switch (x->code) {
    case 200: case 400: case 404: case 405: case 413: break;
    default: abort();
    }
    if (x->code >= 400) {
        if (strcmp(x->type, "text/plain; charset=utf-8") ||
            x->reply_len > 511 || x->reply[x->reply_len - 1] != '\n')
            abort();
        for (size_t i = 0; i + 1 < x->reply_len; i++)
            if (x->reply[i] < 0x20 || x->reply[i] > 0x7e) abort();
    } else if (!strcmp(x->url, "/state") &&
               strncmp(x->reply, "{\"live\":true,", 13)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pg_toy_server *s = server();
    const uint8_t *p = data, *end = data + size;
    char *request_line = next_line(&p, end);
    char *query = next_line(&p, end);
    char *piece = next_line(&p, end);
    if (!request_line || !query || !piece) goto done;
    char *url = strchr(request_line, ' ');
    if (url) *url++ = '\0';
    const char *keys[MAX_ARGS], *values[MAX_ARGS];
    int n = 0;
    for (char *save = NULL, *pair = strtok_r(query, "&", &save);
         pair && n < MAX_ARGS; pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (eq) *eq = '\0';
        keys[n] = pair;
        values[n++] = eq ? eq + 1 : NULL;
    }
    pg_toy_server_exchange x = {
        .method = request_line, .url = url ? url : "/",
        .keys = keys, .values = values, .n_args = n,
        .body = (const char *)p, .body_len = (size_t)(end - p),
        .piece = strtoul(piece, NULL, 10) % 100000};
    pg_toy_server_exchange_run(s, &x);
    check(&x);
    pg_toy_server_exchange_free(&x);
done:
    free(request_line);
    free(query);
    free(piece);
    return 0;
}
