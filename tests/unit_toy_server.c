/* The live 2D GAN lab's HTTP server, in process on an ephemeral loopback
 * port: the state endpoint, controls taking effect, 400s naming the
 * parameter, 404/405, a bounded fuzz of malformed requests, the connection
 * limit, and the listen-address rules. The same handler without a socket
 * (pg_toy_server_exchange_run, what tests/fuzz/toy_http drives): statuses,
 * a body in pieces, the body limit. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "json_check.h"
#include "runner.h"
#include "lab/toy_server.h"

enum { MAX_CLIENTS = 4, RESP_CAP = 1 << 20 };

static pg_toy_server *srv;
static int port;
static char resp[RESP_CAP];

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int connect_lab(int timeout_ms)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    struct timeval tv = {timeout_ms / 1000, (timeout_ms % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a)) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Send len bytes, read until EOF or timeout into resp; the bytes read. */
static long exchange(const char *req, size_t len, int timeout_ms)
{
    int fd = connect_lab(timeout_ms);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t n = send(fd, req + off, len - off, MSG_NOSIGNAL);
        if (n <= 0) break; /* the server may close early on bad input */
        off += (size_t)n;
    }
    long got = 0;
    for (;;) {
        ssize_t n = recv(fd, resp + got, RESP_CAP - 1 - (size_t)got, 0);
        if (n <= 0) break;
        got += n;
        if (got >= RESP_CAP - 1) break;
    }
    resp[got] = 0;
    close(fd);
    return got;
}

/* An HTTP request; returns the status code (0: no response), body in
 * *body (points into resp). */
static int http(const char *method, const char *path, const char *form,
                const char **body)
{
    static char req[16384];
    int n;
    if (form)
        n = snprintf(req, sizeof req,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                     "Content-Type: application/x-www-form-urlencoded\r\n"
                     "Content-Length: %zu\r\n\r\n%s",
                     method, path, strlen(form), form);
    else
        n = snprintf(req, sizeof req,
                     "%s %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                     method, path);
    exchange(req, (size_t)n, 5000);
    int code = 0;
    if (sscanf(resp, "HTTP/1.%*d %d", &code) != 1) code = 0;
    const char *b = strstr(resp, "\r\n\r\n");
    if (body) *body = b ? b + 4 : "";
    return code;
}

static jv *get_state(void)
{
    const char *body;
    if (http("GET", "/state", NULL, &body) != 200) return NULL;
    return jv_parse(body);
}

static double state_num(const char *key)
{
    jv *s = get_state();
    double v = s && jv_get(s, key) ? jv_get(s, key)->num : -1;
    jv_free(s);
    return v;
}

static int suite_init(void)
{
    pg_toy_server_config c;
    pg_toy_server_config_default(&c);
    c.toy.batch = 64;
    c.toy.eval_samples = 500;
    c.port = 0;
    c.max_clients = MAX_CLIENTS;
    c.frame_every = 5;
    if (pg_toy_server_start(&c, &srv) != PG_OK) {
        pg_error_print(stderr);
        return 1;
    }
    port = pg_toy_server_port(srv);
    return port > 0 ? 0 : 1;
}

static int suite_clean(void)
{
    pg_toy_server_stop(&srv);
    return srv != NULL;
}

static void test_state(void)
{
    jv *s = get_state();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    const char *keys[] = {"live", "running", "step", "error", "choices",
                          "ranges", "header", "curve", "frame"};
    for (int i = 0; i < 9; i++) CU_ASSERT_PTR_NOT_NULL(jv_get(s, keys[i]));
    CU_ASSERT_EQUAL(jv_get(s, "live")->type, 't');
    CU_ASSERT_STRING_EQUAL(jv_get(jv_get(s, "header"), "dataset")->str, "ring");
    jv *f = jv_get(s, "frame");
    CU_ASSERT_EQUAL(f->type, 'o');
    CU_ASSERT_PTR_NOT_NULL(jv_get(f, "heat"));
    jv_free(s);
    /* training runs: the step counter advances (bounded wait) */
    double s0 = state_num("step"), s1 = s0;
    for (int i = 0; i < 100 && s1 <= s0; i++) sleep_ms(50), s1 = state_num("step");
    CU_ASSERT(s1 > s0);
}

static void test_page(void)
{
    const char *body;
    CU_ASSERT_EQUAL(http("GET", "/", NULL, &body), 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(resp, "Content-Type: text/html"));
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "{\"live\":true}"));
    CU_ASSERT_PTR_NULL(strstr(body, "http://"));
}

/* Wait (bounded) until the state's header has loss L and d_steps K. */
static int wait_header(const char *loss, int d_steps)
{
    for (int i = 0; i < 100; i++) {
        jv *s = get_state();
        jv *h = s ? jv_get(s, "header") : NULL;
        int ok = h && !strcmp(jv_get(h, "loss")->str, loss) &&
                 jv_get(h, "d_steps")->num == d_steps;
        jv_free(s);
        if (ok) return 1;
        sleep_ms(50);
    }
    return 0;
}

static void test_control_takes_effect(void)
{
    const char *body;
    CU_ASSERT_EQUAL(http("POST", "/control", "loss=hinge&d_steps=3", &body), 200);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "\"ok\":true"));
    CU_ASSERT(wait_header("hinge", 3));
    CU_ASSERT_EQUAL(http("GET", "/control?loss=ragan&d_steps=2&g_lr=0.002", NULL, &body), 200);
    CU_ASSERT(wait_header("ragan", 2));
    /* pause: the counter stops; step: exactly one more G update */
    CU_ASSERT_EQUAL(http("POST", "/control", "action=pause", NULL), 200);
    double a = -2, b = -1;
    for (int i = 0; i < 100 && a != b; i++) a = b, sleep_ms(60), b = state_num("step");
    CU_ASSERT_EQUAL_FATAL(a, b);
    jv *s = get_state();
    CU_ASSERT_EQUAL(jv_get(s, "running")->type, 'f');
    jv_free(s);
    CU_ASSERT_EQUAL(http("POST", "/control", "action=step", NULL), 200);
    double c = b;
    for (int i = 0; i < 100 && c == b; i++) sleep_ms(20), c = state_num("step");
    CU_ASSERT_EQUAL(c, b + 1);
    CU_ASSERT_EQUAL(http("POST", "/control", "action=reset", NULL), 200);
    for (int i = 0; i < 100 && c != 0; i++) sleep_ms(20), c = state_num("step");
    CU_ASSERT_EQUAL(c, 0);
    CU_ASSERT_EQUAL(http("POST", "/control", "action=play&loss=nonsat&d_steps=1", NULL), 200);
    CU_ASSERT(wait_header("nonsat", 1));
}

static void test_bad_params(void)
{
    static const struct { const char *method, *path, *form, *want; } cases[] = {
        {"GET", "/control?d_lr=5", NULL, "parameter 'd_lr': '5' is not a number in [1e-05, 0.1]"},
        {"GET", "/control?g_lr=abc", NULL, "parameter 'g_lr'"},
        {"GET", "/control?d_steps=0", NULL, "parameter 'd_steps': '0' is not an integer in [1, 20]"},
        {"GET", "/control?d_steps=2.5", NULL, "parameter 'd_steps'"},
        {"POST", "/control", "loss=bogus", "parameter 'loss': 'bogus' is not one of minimax|"},
        {"POST", "/control", "dataset=", "parameter 'dataset'"},
        {"POST", "/control", "action=jump", "parameter 'action': 'jump' is not one of play|pause|step|reset"},
        {"POST", "/control", "speed=3", "unknown parameter 'speed'"},
        {"POST", "/control", "d_lr=%zz", "bad percent-encoding"},
        {"POST", "/control", "d_lr=1e-3%00", "bad percent-encoding"},
        {"POST", "/control", "d_lr=nan", "parameter 'd_lr'"},
        {"POST", "/control", "d_lr=inf", "parameter 'd_lr'"},
        {"GET", "/control", NULL, "no parameters"},
        /* one bad value rejects the whole request: loss stays nonsat */
        {"POST", "/control", "loss=hinge&d_steps=99", "parameter 'd_steps'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const char *body;
        int code = http(cases[i].method, cases[i].path, cases[i].form, &body);
        if (code != 400 || !strstr(body, cases[i].want))
            fprintf(stderr, "case %zu: %d %s\n", i, code, body);
        CU_ASSERT_EQUAL(code, 400);
        CU_ASSERT_PTR_NOT_NULL(strstr(body, cases[i].want));
    }
    sleep_ms(200);
    jv *s = get_state();
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    CU_ASSERT_STRING_EQUAL(jv_get(jv_get(s, "header"), "loss")->str, "nonsat");
    jv_free(s);
    /* a body over the cap */
    char *big = malloc(PG_TOY_SERVER_MAX_BODY + 100);
    memset(big, 'a', PG_TOY_SERVER_MAX_BODY + 99);
    big[PG_TOY_SERVER_MAX_BODY + 99] = 0;
    CU_ASSERT_EQUAL(http("POST", "/control", big, NULL), 413);
    free(big);
}

static void test_paths(void)
{
    const char *body;
    CU_ASSERT_EQUAL(http("GET", "/nope", NULL, &body), 404);
    CU_ASSERT_PTR_NOT_NULL(strstr(body, "no such path '/nope'"));
    CU_ASSERT_EQUAL(http("GET", "/state/../etc/passwd", NULL, NULL), 404);
    CU_ASSERT_EQUAL(http("DELETE", "/state", NULL, NULL), 405);
    CU_ASSERT_EQUAL(http("POST", "/state", "a=b", NULL), 405);
}

/* Garbage on the wire: every request gets an error status or a closed
 * connection, and the server still answers afterwards. */
static void test_malformed_requests(void)
{
    static char huge_header[100000], long_url[70000], binary[4096];
    int n = snprintf(huge_header, sizeof huge_header, "GET /state HTTP/1.1\r\nX-Big: ");
    memset(huge_header + n, 'h', sizeof huge_header - (size_t)n - 5);
    memcpy(huge_header + sizeof huge_header - 5, "\r\n\r\n", 5);
    n = snprintf(long_url, sizeof long_url, "GET /control?d_lr=");
    memset(long_url + n, '9', sizeof long_url - (size_t)n - 16);
    memcpy(long_url + sizeof long_url - 16, " HTTP/1.1\r\n\r\n", 14);
    unsigned s = 12345;
    for (size_t i = 0; i < sizeof binary; i++)
        s = s * 1103515245u + 12345u, binary[i] = (char)(s >> 16);
    const char *reqs[] = {
        "\r\n\r\n",
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\n\r\n",
        "GET /state HTTP/1.1\r\nno colon here\r\n\r\n",
        "GET /%zz%00%ff HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /control?%zz=%%%&&==&d_lr HTTP/1.1\r\nHost: x\r\n\r\n",
        "POST /control HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\nabc",
        "POST /control HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /control HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        "POST /control HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\nabc\r\n",
        "POST /control HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab", /* short body */
        "GET /state HTTP/1.1\r\nHost: x\r\n", /* headers never end */
        "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", /* a TLS hello */
    };
    for (size_t i = 0; i < sizeof reqs / sizeof *reqs; i++)
        exchange(reqs[i], strlen(reqs[i]), 300);
    exchange(huge_header, sizeof huge_header - 1, 2000);
    CU_ASSERT(strncmp(resp, "HTTP/1.1 200", 12) != 0); /* refused */
    exchange(long_url, strlen(long_url), 2000);
    CU_ASSERT(strncmp(resp, "HTTP/1.1 200", 12) != 0);
    exchange(binary, sizeof binary, 300);
    CU_ASSERT(state_num("step") >= 0); /* still alive and answering */
    const char *body;
    CU_ASSERT_EQUAL(http("GET", "/state", NULL, &body), 200);
}

static void test_connection_limit(void)
{
    int idle[MAX_CLIENTS], n = 0;
    for (int i = 0; i < MAX_CLIENTS; i++) {
        idle[i] = connect_lab(2000);
        if (idle[i] >= 0) {
            /* half a request: the server keeps the connection */
            send(idle[i], "GET /state HTTP/1.1\r\n", 21, MSG_NOSIGNAL);
            n++;
        }
    }
    CU_ASSERT_EQUAL_FATAL(n, MAX_CLIENTS);
    sleep_ms(200);
    const char req[] = "GET /state HTTP/1.1\r\nConnection: close\r\n\r\n";
    exchange(req, sizeof req - 1, 1500);
    CU_ASSERT(strncmp(resp, "HTTP/1.1 200", 12) != 0); /* over the limit */
    for (int i = 0; i < MAX_CLIENTS; i++) close(idle[i]);
    int code = 0;
    for (int i = 0; i < 50 && code != 200; i++) {
        sleep_ms(50);
        code = http("GET", "/state", NULL, NULL);
    }
    CU_ASSERT_EQUAL(code, 200); /* served again once they left */
}

static void test_listen_rules(void)
{
    pg_toy_server_config c;
    pg_toy_server_config_default(&c);
    CU_ASSERT_STRING_EQUAL(c.addr, "127.0.0.1");
    PG_ASSERT_OK(pg_toy_server_parse_listen("8081", &c));
    CU_ASSERT_EQUAL(c.port, 8081);
    CU_ASSERT_STRING_EQUAL(c.addr, "127.0.0.1");
    PG_ASSERT_OK(pg_toy_server_parse_listen("localhost:0", &c));
    CU_ASSERT_EQUAL(c.port, 0);
    PG_ASSERT_OK(pg_toy_server_parse_listen("0.0.0.0:9000", &c));
    CU_ASSERT_STRING_EQUAL(c.addr, "0.0.0.0");
    const char *bad[] = {"", "abc", "70000", "-1", ":80", "host:80", "1.2.3:80",
                         "127.0.0.1:", "127.0.0.1:8x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CU_ASSERT_EQUAL(pg_toy_server_parse_listen(bad[i], &c), PG_ERR_ARG);
        pg_error_clear();
    }
    /* non-loopback needs allow_remote (checked before anything binds) */
    pg_toy_server *s = NULL;
    pg_toy_server_config_default(&c);
    snprintf(c.addr, sizeof c.addr, "10.1.2.3");
    CU_ASSERT_EQUAL(pg_toy_server_start(&c, &s), PG_ERR_ARG);
    CU_ASSERT_PTR_NOT_NULL(strstr(pg_error_message(), "--allow-remote"));
    CU_ASSERT_PTR_NULL(s);
    pg_error_clear();
    /* the port in use: PG_ERR_IO, nothing left running */
    pg_toy_server_config_default(&c);
    c.toy.eval_samples = 200;
    c.port = port;
    CU_ASSERT_EQUAL(pg_toy_server_start(&c, &s), PG_ERR_IO);
    CU_ASSERT_PTR_NULL(s);
    pg_error_clear();
}

/* One request to a detached server; the reply stays in *x. */
static void detached(pg_toy_server *d, pg_toy_server_exchange *x,
                     const char *method, const char *url, const char *body,
                     size_t piece)
{
    x->method = method;
    x->url = url;
    x->body = body;
    x->body_len = body ? strlen(body) : 0;
    x->piece = piece;
    pg_toy_server_exchange_run(d, x);
}

static void test_detached_handler(void)
{
    pg_toy_server_config c;
    pg_toy_server_config_default(&c);
    c.toy.eval_samples = 200;
    pg_toy_server *d = NULL;
    PG_ASSERT_OK(pg_toy_server_create_detached(&c, &d));
    pg_toy_server_exchange x = {0};

    detached(d, &x, "GET", "/state", NULL, 0);
    CU_ASSERT_EQUAL(x.code, 200);
    CU_ASSERT(!strncmp(x.reply, "{\"live\":true,\"running\":true,", 28));
    CU_ASSERT_STRING_EQUAL(x.type, "application/json");
    pg_toy_server_exchange_free(&x);

    /* A body in 3-byte pieces, as a slow client sends it: pause applies. */
    detached(d, &x, "POST", "/control", "action=pause&d_steps=4", 3);
    CU_ASSERT_EQUAL(x.code, 200);
    CU_ASSERT_STRING_EQUAL(x.reply, "{\"ok\":true}\n");
    pg_toy_server_exchange_free(&x);
    detached(d, &x, "GET", "/state", NULL, 0);
    CU_ASSERT(strstr(x.reply, "\"running\":false") != NULL);
    pg_toy_server_exchange_free(&x);

    const char *keys[1] = {"d_steps"}, *values[1] = {"99"};
    x.keys = keys, x.values = values, x.n_args = 1;
    detached(d, &x, "GET", "/control", NULL, 0);
    CU_ASSERT_EQUAL(x.code, 400);
    CU_ASSERT(strstr(x.reply, "d_steps") != NULL);
    pg_toy_server_exchange_free(&x);
    x.n_args = 0;

    detached(d, &x, "POST", "/state", "a=1", 0);
    CU_ASSERT_EQUAL(x.code, 405);
    pg_toy_server_exchange_free(&x);
    detached(d, &x, "GET", "/no\x01where", NULL, 0);
    CU_ASSERT_EQUAL(x.code, 404);
    CU_ASSERT(strstr(x.reply, "'/no?where'") != NULL);
    pg_toy_server_exchange_free(&x);

    static char big[PG_TOY_SERVER_MAX_BODY + 2];
    memset(big, 'a', sizeof big - 1);
    detached(d, &x, "POST", "/control", big, 1000);
    CU_ASSERT_EQUAL(x.code, 413);
    pg_toy_server_exchange_free(&x);
    pg_toy_server_stop(&d);
}

void pg_test_register(void)
{
    CU_pSuite s = CU_add_suite("toy_server", suite_init, suite_clean);
    PG_TEST(s, test_state);
    PG_TEST(s, test_page);
    PG_TEST(s, test_control_takes_effect);
    PG_TEST(s, test_bad_params);
    PG_TEST(s, test_paths);
    PG_TEST(s, test_malformed_requests);
    PG_TEST(s, test_connection_limit);
    PG_TEST(s, test_listen_rules);
    PG_TEST(s, test_detached_handler);
}
