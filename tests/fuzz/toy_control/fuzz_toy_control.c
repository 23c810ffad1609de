/* Fuzz target "toy_control": what a client of the live toy lab sends to
 * /control (src/lab/toy_control.h), without a socket. The input up to the
 * first newline is the query string: its '&'-separated pairs reach the
 * parser as libmicrohttpd hands them over (already decoded, any bytes; a
 * pair without '=' has no value). The rest is the POST body, cut at the
 * server's limit and decoded by the lab itself. Also the message helper
 * on the whole input (the server quotes unknown paths with it). Checked:
 * never a crash, an overflow of the error message or a read out of
 * bounds; a rejected request always has a message. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_input.h"
#include "lab/toy_control.h"
#include "lab/toy_server.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = pg_fuzz_strndup(data, size);
    if (!text)
        return 0;
    char shown[48];
    pg_toy_control_shown(text, shown);
    if (strlen(shown) > 43)
        abort();
    char *body = strchr(text, '\n');
    if (body)
        *body++ = '\0';
    pg_toy_control c = {0};
    for (char *save = NULL, *pair = strtok_r(text, "&", &save); pair;
         pair = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(pair, '=');
        if (eq)
            *eq = '\0';
        pg_toy_control_param(&c, pair, eq ? eq + 1 : NULL);
    }
    if (body) {
        if (strlen(body) > PG_TOY_SERVER_MAX_BODY)
            body[PG_TOY_SERVER_MAX_BODY] = '\0';
        pg_toy_control_body(&c, body);
    }
    pg_toy_control_finish(&c);
    /* Accepted values lie in the documented ranges. */
    if (!c.err[0] &&
        ((c.has_d_steps && (c.d_steps < 1 ||
                            c.d_steps > PG_TOY_SERVER_D_STEPS_MAX)) ||
         (c.has_d_lr && !(c.d_lr >= PG_TOY_SERVER_LR_MIN &&
                          c.d_lr <= PG_TOY_SERVER_LR_MAX)) ||
         (c.has_g_lr && !(c.g_lr >= PG_TOY_SERVER_LR_MIN &&
                          c.g_lr <= PG_TOY_SERVER_LR_MAX))))
        abort();
    if (memchr(c.err, '\0', sizeof c.err) == NULL)
        abort();
    free(text);
    return 0;
}
