#include "train/signals.h"

#include <signal.h>
#include <string.h>

static const int caught[] = {SIGTERM, SIGINT, SIGUSR1};
enum { N_CAUGHT = sizeof caught / sizeof caught[0] };

static volatile sig_atomic_t pending;
static struct sigaction previous[N_CAUGHT];
static int installed;

/* Async-signal-safe: one store, and only the first signal counts. */
static void on_signal(int signo)
{
    if (!pending) pending = signo;
}

pg_status pg_signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* blocking I/O continues; the loop polls */
    pending = 0;
    for (int i = 0; i < N_CAUGHT; i++)
        if (sigaction(caught[i], &sa, &previous[i]) != 0) {
            for (int j = 0; j < i; j++)
                sigaction(caught[j], &previous[j], NULL);
            return PG_FAIL(PG_ERR_STATE, "cannot install the handler of "
                           "signal %d", caught[i]);
        }
    installed = 1;
    return PG_OK;
}

void pg_signals_restore(void)
{
    if (!installed) return;
    for (int i = 0; i < N_CAUGHT; i++) sigaction(caught[i], &previous[i], NULL);
    installed = 0;
}

int pg_signals_pending(void) { return pending; }

void pg_signals_request(int signo)
{
    if (!pending) pending = signo;
}

const char *pg_signals_name(int signo)
{
    switch (signo) {
    case SIGTERM: return "SIGTERM";
    case SIGINT: return "SIGINT";
    case SIGUSR1: return "SIGUSR1";
    default: return "stop request";
    }
}
