/* The C API's error reporting (physgan/physgan.h): a failed internal call
 * leaves its message in the per-thread error chain (base/status.h); the
 * API moves it into the handle's own buffer and clears the chain, so the
 * caller reads it from the handle and nothing stays behind in the
 * thread. */
#ifndef PG_API_STATUS_H
#define PG_API_STATUS_H

#include <stddef.h>

#include "base/status.h"

/* Size of a handle's message buffer. */
enum { PG_API_MSG_LEN = 1024 };

/* st as the API's int status; the chain's message (or st's name) into
 * msg (cap bytes), "" on success; the chain is cleared. */
int pg_api_status(pg_status st, char *msg, size_t cap);

#endif
