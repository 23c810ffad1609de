#include "models/mlp.h"

#include "nn/ops.h"

int pg_mlp_build(pg_graph *g, int x, int hidden, int layers, int out,
                 pg_mlp_act act)
{
    int h = x;
    for (int i = 0; i < layers; i++) {
        h = pg_op_dense(g, h, hidden, 0);
        switch (act) {
        case PG_MLP_TANH: h = pg_op_tanh(g, h); break;
        case PG_MLP_RELU: h = pg_op_relu(g, h); break;
        case PG_MLP_LRELU: h = pg_op_leaky_relu(g, h, 0.2f); break;
        }
    }
    return pg_op_dense(g, h, out, 0);
}
