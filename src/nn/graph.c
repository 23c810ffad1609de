#include "nn/graph.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

pg_status pg_graph_create(pg_net *net, pg_graph **out)
{
    pg_graph *g = calloc(1, sizeof *g);
    if (!g) return PG_FAIL(PG_ERR_NOMEM, "graph");
    g->net = net;
    g->training = 1;
    g->update_state = 1;
    g->param_grads = 1;
    *out = g;
    return PG_OK;
}

void pg_graph_destroy(pg_graph **gp)
{
    if (!gp || !*gp) return;
    pg_graph *g = *gp;
    for (int i = 0; i < g->n_nodes; i++) {
        pg_tensor_release(&g->nodes[i].out);
        pg_tensor_release(&g->nodes[i].grad);
        pg_free(g->nodes[i].aux);
    }
    free(g->nodes);
    pg_free(g->ws);
    free(g);
    *gp = NULL;
}

int pg_graph_fail(pg_graph *g, pg_status s)
{
    if (g->status == PG_OK) g->status = s;
    return -1;
}

int pg_graph_valid(pg_graph *g, int id, const char *who)
{
    if (g->status != PG_OK) return 0;
    if (g->finalized) {
        pg_graph_fail(g, PG_FAIL(PG_ERR_STATE,
                                 "%s: graph already finalised", who));
        return 0;
    }
    if (id < 0 || id >= g->n_nodes) {
        pg_graph_fail(g, PG_FAIL(PG_ERR_ARG, "%s: no node %d (graph has %d)",
                                 who, id, g->n_nodes));
        return 0;
    }
    return 1;
}

int pg_graph_add_node(pg_graph *g, pg_op op, int n_in, const int *in,
                      int ndim, const int *shape, const pg_attr *a)
{
    if (g->status != PG_OK) return -1;
    if (n_in > PG_NODE_MAX_IN)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_INTERNAL, "%d inputs", n_in));
    for (int i = 0; i < n_in; i++)
        if (!pg_graph_valid(g, in[i], pg_op_defs[op].name)) return -1;
    if (g->n_nodes == g->cap_nodes) {
        int cap = g->cap_nodes ? 2 * g->cap_nodes : 32;
        pg_node *p = realloc(g->nodes, (size_t)cap * sizeof *p);
        if (!p) return pg_graph_fail(g, PG_FAIL(PG_ERR_NOMEM, "graph nodes"));
        g->nodes = p;
        g->cap_nodes = cap;
    }
    pg_node *n = &g->nodes[g->n_nodes];
    memset(n, 0, sizeof *n);
    n->op = op;
    n->n_in = n_in;
    for (int i = 0; i < n_in; i++) n->in[i] = in[i];
    if (a) n->a = *a;
    pg_status s = pg_tensor_alloc(&n->out, ndim, shape);
    if (s == PG_OK) s = pg_tensor_alloc(&n->grad, ndim, shape);
    if (s != PG_OK) {
        pg_tensor_release(&n->out);
        pg_error_trace(s, __FILE__, __LINE__, __func__);
        return pg_graph_fail(g, PG_FAIL(s, "node %d (%s)", g->n_nodes,
                                        pg_op_defs[op].name));
    }
    n->requires_grad = 1;
    return g->n_nodes++;
}

int pg_graph_claim(pg_graph *g, int id, const char *what, size_t len,
                   int is_state, pg_init init, int fan_in, int fan_out,
                   size_t *off)
{
    if (g->status != PG_OK) return -1;
    if (!g->net)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_STATE,
                                        "node %d (%s) has parameters but the "
                                        "graph has no net", id,
                                        pg_op_defs[g->nodes[id].op].name));
    char name[48];
    snprintf(name, sizeof name, "%d.%s.%s", id,
             pg_op_defs[g->nodes[id].op].name, what);
    pg_status s = pg_net_claim(g->net, &g->cursor, name, len, is_state, init,
                               fan_in, fan_out, off);
    return s == PG_OK ? 0 : pg_graph_fail(g, s);
}

int pg_graph_aux(pg_graph *g, int id, size_t len)
{
    if (g->status != PG_OK) return -1;
    pg_node *n = &g->nodes[id];
    n->aux = pg_alloc(len * sizeof(float));
    if (!n->aux && len)
        return pg_graph_fail(g, PG_FAIL(PG_ERR_NOMEM, "aux of node %d", id));
    n->aux_len = len;
    return 0;
}

/* A node needs a gradient when an input asks for one upstream of it, or
 * when it owns trainable parameters and parameter gradients are on. */
static void compute_need_grad(pg_graph *g)
{
    for (int i = 0; i < g->n_nodes; i++) {
        pg_node *n = &g->nodes[i];
        if (n->op == PG_OP_INPUT) {
            n->need_grad = n->requires_grad;
            continue;
        }
        n->need_grad = g->param_grads && n->w_len > 0;
        for (int k = 0; k < n->n_in; k++)
            if (g->nodes[n->in[k]].need_grad) n->need_grad = 1;
    }
}

pg_status pg_graph_finalize(pg_graph *g)
{
    /* The builder that failed raised the message; add this frame to it. */
    if (g->status != PG_OK)
        return pg_error_trace(g->status, __FILE__, __LINE__, __func__);
    if (g->finalized) return PG_OK;
    if (g->n_nodes == 0) return PG_FAIL(PG_ERR_STATE, "empty graph");
    size_t ws = 0;
    for (int i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].ws_len > ws) ws = g->nodes[i].ws_len;
    if (ws) {
        g->ws = pg_alloc(ws * sizeof(float));
        if (!g->ws) return PG_FAIL(PG_ERR_NOMEM, "scratch of %zu floats", ws);
        g->ws_len = ws;
    }
    if (g->net) {
        if (g->net->sealed && g->cursor != g->net->n_slices)
            return PG_FAIL(PG_ERR_SHAPE,
                           "graph claims %d slices of net %s, whose layout "
                           "has %d", g->cursor, g->net->name,
                           g->net->n_slices);
        pg_net_seal(g->net);
    }
    compute_need_grad(g);
    g->finalized = 1;
    return PG_OK;
}

pg_status pg_graph_forward(pg_graph *g)
{
    if (!g->finalized)
        return PG_FAIL(PG_ERR_STATE, "forward on a graph not finalised");
    for (int i = 0; i < g->n_nodes; i++) {
        pg_node *n = &g->nodes[i];
        if (n->op != PG_OP_INPUT) pg_op_defs[n->op].forward(g, n);
    }
    return PG_OK;
}

void pg_graph_grad_materialize(pg_node *n)
{
    memset(n->grad.data, 0, n->grad.size * sizeof(float));
    n->grad_stale = 0;
}

/* Interior gradients are left stale: most are overwritten whole by the
 * first op that writes them (a GEMM with beta = 0, an activation's
 * dx = dy * f'), so zeroing them here was a pass over memory for
 * nothing (~4 % of a dcgan64 step's samples went to memset). */
void pg_graph_zero_grads(pg_graph *g)
{
    for (int i = 0; i < g->n_nodes; i++) {
        pg_node *n = &g->nodes[i];
        if (n->op == PG_OP_INPUT || n->grad_exposed)
            pg_graph_grad_materialize(n);
        else
            n->grad_stale = 1;
    }
}

/* Before n's backward: its own gradient must be real (no consumer wrote
 * it: zero), and so must each input's that n will add into. Input 0 may
 * stay stale for an op that overwrites it whole, unless it is also
 * another of n's inputs. Returns the input left stale, or NULL. */
static pg_node *prepare_grads(pg_graph *g, pg_node *n)
{
    if (n->grad_stale) pg_graph_grad_materialize(n);
    pg_node *overwrite = NULL;
    for (int k = 0; k < n->n_in; k++) {
        pg_node *x = &g->nodes[n->in[k]];
        if (!x->need_grad || !x->grad_stale) continue;
        int alone = 1;
        for (int j = 0; j < n->n_in; j++)
            if (j != k && n->in[j] == n->in[k]) alone = 0;
        if (k == 0 && alone && pg_op_defs[n->op].overwrites_dx)
            overwrite = x;
        else
            pg_graph_grad_materialize(x);
    }
    return overwrite;
}

pg_status pg_graph_backward(pg_graph *g)
{
    if (!g->finalized)
        return PG_FAIL(PG_ERR_STATE, "backward on a graph not finalised");
    for (int i = g->n_nodes - 1; i >= 0; i--) {
        pg_node *n = &g->nodes[i];
        if (n->op == PG_OP_INPUT || !n->need_grad) continue;
        pg_node *overwritten = prepare_grads(g, n);
        pg_op_defs[n->op].backward(g, n);
        if (overwritten) overwritten->grad_stale = 0;
    }
    return PG_OK;
}

void pg_graph_set_training(pg_graph *g, int training, int update_state)
{
    g->training = training;
    g->update_state = update_state;
}

void pg_graph_set_param_grads(pg_graph *g, int on)
{
    g->param_grads = on;
    if (g->finalized) compute_need_grad(g);
}

void pg_graph_set_requires_grad(pg_graph *g, int node, int on)
{
    if (node < 0 || node >= g->n_nodes) return;
    g->nodes[node].requires_grad = on;
    if (g->finalized) compute_need_grad(g);
}

void pg_graph_set_rng(pg_graph *g, pg_rng *rng) { g->rng = rng; }
