/* A network restored from a checkpoint for inference: parameters and
 * state together, so that a stateful net (batch norm's running
 * statistics) never runs on uninitialised state. The one way `generate`
 * (plain and conditional), `eval sr` and the foam surrogate load their
 * generator; the trainers' resume reads the same arrays with the
 * optimiser's (trainer_ckpt.c). */
#ifndef PG_TRAIN_NET_LOAD_H
#define PG_TRAIN_NET_LOAD_H

#include "io/checkpoint.h"
#include "nn/net.h"

/* Fill net (built, finalised) from checkpoint c read from path (named in
 * messages): /NAME/params into net->w, or /NAME_ema/params (the EMA of
 * the weights) when ema; /NAME/state into net->s when the net has state.
 * PG_ERR_FORMAT when an array is missing, PG_ERR_SHAPE when its length is
 * not the net's (another model). */
pg_status pg_net_load(const pg_checkpoint *c, const char *path,
                      const char *name, int ema, pg_net *net);

#endif
