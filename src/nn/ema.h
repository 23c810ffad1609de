/* Exponential moving average of a network's weights (the EMA generator).
 *
 * After each generator step the trainer calls pg_ema_update with G's flat
 * weight buffer; samples and checkpoints (/G_ema/params) use the averaged
 * copy, which is smoother than the last iterate:
 *   ema <- decay ema + (1 - decay) w
 */
#ifndef PG_NN_EMA_H
#define PG_NN_EMA_H

#include <stddef.h>

#include "base/status.h"

typedef struct pg_ema pg_ema;

/* n > 0 weights; decay in [0, 1) (0 tracks w exactly). The average starts
 * at zero: call pg_ema_init with the initial weights before updating. */
pg_status pg_ema_create(size_t n, double decay, pg_ema **out);
void pg_ema_destroy(pg_ema **e);
/* Set the average to a copy of w (n floats). */
void pg_ema_init(pg_ema *e, const float *w);
/* ema <- decay ema + (1 - decay) w. */
void pg_ema_update(pg_ema *e, const float *w);
/* The averaged weights (n floats; writable, for checkpoint restore). */
float *pg_ema_weights(pg_ema *e);
size_t pg_ema_size(const pg_ema *e);

#endif
