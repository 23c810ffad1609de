/* The penalty hook: shape checks and ownership (physics/penalty.h). */
#include "physics/penalty.h"

#include <stdlib.h>

static pg_status check_shape(const pg_penalty *p, const char *what,
                             const pg_tensor *t, const pg_tensor *x)
{
    if (pg_tensor_same_shape(x, t)) return PG_OK;
    char a[64], b[64];
    return PG_FAIL(PG_ERR_SHAPE, "penalty %s: %s %s does not match input %s",
                   p->name ? p->name : "?", what,
                   pg_tensor_shape_str(t, b, sizeof b),
                   pg_tensor_shape_str(x, a, sizeof a));
}

pg_status pg_penalty_eval(const pg_penalty *p, const pg_penalty_input *in,
                          double *value, pg_tensor *grad_x)
{
    if (!p || !p->eval || !in || !in->x || !in->x->data || !value)
        return PG_FAIL(PG_ERR_ARG, "penalty: missing penalty, input or "
                       "value");
    if (in->cond) PG_CHECK(check_shape(p, "conditioning", in->cond, in->x));
    if (grad_x) PG_CHECK(check_shape(p, "gradient", grad_x, in->x));
    PG_CHECK(p->eval(p, in, value, grad_x));
    return PG_OK;
}

void pg_penalty_destroy(pg_penalty **p)
{
    if (!p || !*p) return;
    if ((*p)->destroy_ctx) (*p)->destroy_ctx((*p)->ctx);
    free(*p);
    *p = NULL;
}
