#include <assert.h>

#include "nn/op_impl.h"

#define OP(e, name) [e] = {#name, pg_##name##_forward, pg_##name##_backward, 0}
/* Ops whose backward may overwrite input 0's stale gradient (op.h). */
#define OPW(e, name) [e] = {#name, pg_##name##_forward, pg_##name##_backward, 1}

const pg_op_def pg_op_defs[PG_OP_COUNT] = {
    [PG_OP_INPUT] = {"input", NULL, NULL, 0},
    OPW(PG_OP_DENSE, dense),
    OPW(PG_OP_CONV2D, conv2d),
    OPW(PG_OP_CONVT2D, convt2d),
    OPW(PG_OP_BATCHNORM, batchnorm),
    OP(PG_OP_INSTANCENORM, instancenorm),
    OPW(PG_OP_RELU, relu),
    OPW(PG_OP_LRELU, lrelu),
    OPW(PG_OP_TANH, tanh),
    OPW(PG_OP_SIGMOID, sigmoid),
    OP(PG_OP_SOFTMAX, softmax),
    OP(PG_OP_GUMBEL_SOFTMAX, gumbel_softmax),
    OP(PG_OP_CONCAT, concat),
    OP(PG_OP_ADD, add),
    OPW(PG_OP_RESHAPE, reshape),
    OP(PG_OP_UPSAMPLE, upsample),
    OP(PG_OP_AVGPOOL, avgpool),
    OP(PG_OP_DROPOUT, dropout),
    OP(PG_OP_MBSTD, mbstd),
    OP(PG_OP_REPARAM, reparam),
    OP(PG_OP_SLICE, slice),
    OP(PG_OP_UPSAMPLE_BILINEAR, upsample_bilinear),
    OP(PG_OP_BLOCK_MATCH, block_match),
    OP(PG_OP_CROP, crop),
    OP(PG_OP_SET_MEAN, set_mean),
    OP(PG_OP_GUMBEL_ASSIGN, gumbel_assign),
};
static_assert(sizeof pg_op_defs / sizeof pg_op_defs[0] == PG_OP_COUNT,
              "one table entry per op");
static_assert(PG_OP_GUMBEL_ASSIGN + 1 == PG_OP_COUNT,
              "new ops must be added to pg_op_defs");
