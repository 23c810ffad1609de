#include "gradcheck.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

gc_opts gc_defaults(const gc_opts *o)
{
    gc_opts d = {.eps = 1e-2, .atol = 2e-3, .rtol = 2e-2, .max_checks = 300};
    if (o) {
        if (o->eps > 0) d.eps = o->eps;
        if (o->atol > 0) d.atol = o->atol;
        if (o->rtol > 0) d.rtol = o->rtol;
        if (o->max_checks > 0) d.max_checks = o->max_checks;
    }
    return d;
}

/* Indices to check: all of them, or a random subset. */
static size_t pick(size_t n, int max_checks, size_t k, unsigned *seed)
{
    if (n <= (size_t)max_checks) return k;
    *seed = *seed * 1103515245u + 12345u;
    return ((size_t)(*seed >> 8)) % n;
}

static int compare(const char *label, const char *what, size_t idx,
                   double analytic, double numeric, const gc_opts *o,
                   int *printed)
{
    double diff = fabs(analytic - numeric);
    double scale = fmax(fabs(analytic), fabs(numeric));
    if (diff <= o->atol + o->rtol * scale && isfinite(analytic)) return 0;
    if ((*printed)++ < 8)
        fprintf(stderr, "  gradcheck %s: %s[%zu] analytic %.6g numeric %.6g\n",
                label, what, idx, analytic, numeric);
    return 1;
}

typedef struct graph_ctx {
    pg_graph *g;
    int out;
    const float *r;
    void *rng_state;
    size_t rng_bytes;
} graph_ctx;

static double graph_loss(graph_ctx *c)
{
    if (c->g->rng)
        pg_rng_state_load(c->g->rng, c->rng_state, c->rng_bytes);
    if (pg_graph_forward(c->g) != PG_OK) return NAN;
    const pg_tensor *y = pg_graph_out(c->g, c->out);
    double l = 0;
    for (size_t i = 0; i < y->size; i++) l += (double)y->data[i] * c->r[i];
    return l;
}

static int check_array(graph_ctx *c, float *x, const float *analytic,
                       size_t n, const char *what, const gc_opts *o,
                       const char *label, int *printed)
{
    int bad = 0;
    unsigned seed = 12345u;
    size_t count = n < (size_t)o->max_checks ? n : (size_t)o->max_checks;
    for (size_t k = 0; k < count; k++) {
        size_t i = pick(n, o->max_checks, k, &seed);
        float saved = x[i];
        x[i] = (float)(saved + o->eps);
        double lp = graph_loss(c);
        x[i] = (float)(saved - o->eps);
        double lm = graph_loss(c);
        x[i] = saved;
        /* The actual float step, not the nominal eps. */
        double h = ((double)(float)(saved + o->eps) -
                    (double)(float)(saved - o->eps));
        bad += compare(label, what, i, analytic[i], (lp - lm) / h, o, printed);
    }
    return bad;
}

int gc_check_graph(pg_graph *g, int out, int training, const gc_opts *opts,
                   const char *label)
{
    gc_opts o = gc_defaults(opts);
    pg_graph_set_training(g, training, 0);
    const pg_tensor *y = pg_graph_out(g, out);
    float *r = malloc(y->size * sizeof *r);
    pg_rng *rr = NULL;
    pg_rng_create(777, 0, PG_RNG_TEST, &rr);
    pg_rng_fill_gaussian(rr, r, y->size, 1.0);
    pg_rng_destroy(&rr);

    graph_ctx c = {.g = g, .out = out, .r = r};
    if (g->rng) {
        c.rng_bytes = pg_rng_state_size(g->rng);
        c.rng_state = malloc(c.rng_bytes);
        pg_rng_state_save(g->rng, c.rng_state);
    }
    /* Analytic gradients. */
    graph_loss(&c);
    pg_graph_zero_grads(g);
    if (g->net) pg_net_zero_grad(g->net);
    memcpy(pg_graph_gradv(g, out), r, y->size * sizeof *r);
    pg_graph_backward(g);

    int bad = 0, printed = 0;
    for (int i = 0; i < g->n_nodes; i++) {
        pg_node *n = &g->nodes[i];
        if (n->op != PG_OP_INPUT || !n->requires_grad) continue;
        float *an = malloc(n->grad.size * sizeof *an);
        memcpy(an, n->grad.data, n->grad.size * sizeof *an);
        char what[32];
        snprintf(what, sizeof what, "input%d", i);
        bad += check_array(&c, n->out.data, an, n->out.size, what, &o, label,
                           &printed);
        free(an);
    }
    if (g->net && g->net->nw && g->param_grads) {
        float *an = malloc(g->net->nw * sizeof *an);
        memcpy(an, g->net->g, g->net->nw * sizeof *an);
        bad += check_array(&c, g->net->w, an, g->net->nw, "param", &o, label,
                           &printed);
        free(an);
    }
    if (bad)
        fprintf(stderr, "gradcheck %s: %d mismatching elements\n", label, bad);
    free(c.rng_state);
    free(r);
    return bad;
}

int gc_check_function(gc_fn f, void *ctx, float *x, size_t n,
                      const gc_opts *opts, const char *label)
{
    gc_opts o = gc_defaults(opts);
    float *an = calloc(n, sizeof *an);
    f(ctx, x, an);
    int bad = 0, printed = 0;
    unsigned seed = 4242u;
    size_t count = n < (size_t)o.max_checks ? n : (size_t)o.max_checks;
    for (size_t k = 0; k < count; k++) {
        size_t i = pick(n, o.max_checks, k, &seed);
        float saved = x[i];
        x[i] = (float)(saved + o.eps);
        double fp = f(ctx, x, NULL);
        x[i] = (float)(saved - o.eps);
        double fm = f(ctx, x, NULL);
        x[i] = saved;
        double h = ((double)(float)(saved + o.eps) -
                    (double)(float)(saved - o.eps));
        bad += compare(label, "x", i, an[i], (fp - fm) / h, &o, &printed);
    }
    if (bad)
        fprintf(stderr, "gradcheck %s: %d mismatching elements\n", label, bad);
    free(an);
    return bad;
}

void gc_fill_away(pg_rng *r, float *x, size_t n, const double *kinks, int nk,
                  double gap)
{
    for (size_t i = 0; i < n; i++) {
        double v;
        int ok;
        do {
            v = pg_rng_gaussian(r, 1.0);
            ok = 1;
            for (int k = 0; k < nk; k++)
                if (fabs(v - kinks[k]) < gap) ok = 0;
        } while (!ok);
        x[i] = (float)v;
    }
}
