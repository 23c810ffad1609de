/* Multilayer perceptron builder: dense layers with tanh between them. */
#ifndef PG_MODELS_MLP_H
#define PG_MODELS_MLP_H

#include "nn/graph.h"

typedef enum pg_mlp_act { PG_MLP_TANH, PG_MLP_RELU, PG_MLP_LRELU } pg_mlp_act;

/* x -> [dense(hidden) -> act] x layers -> dense(out). Returns the output
 * node id (or -1, see graph.h). */
int pg_mlp_build(pg_graph *g, int x, int hidden, int layers, int out,
                 pg_mlp_act act);

#endif
