#include "nn/net.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

pg_status pg_net_create(const char *name, pg_net **out)
{
    pg_net *net = calloc(1, sizeof *net);
    if (!net) return PG_FAIL(PG_ERR_NOMEM, "net %s", name);
    snprintf(net->name, sizeof net->name, "%s", name);
    *out = net;
    return PG_OK;
}

void pg_net_destroy(pg_net **net)
{
    if (!net || !*net) return;
    pg_free((*net)->w);
    pg_free((*net)->g);
    pg_free((*net)->s);
    free((*net)->slices);
    free(*net);
    *net = NULL;
}

static pg_status grow(float **buf, size_t old_n, size_t new_n)
{
    float *p = pg_realloc(*buf, old_n * sizeof(float), new_n * sizeof(float));
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "parameter buffer of %zu floats", new_n);
    *buf = p;
    return PG_OK;
}

/* Room for need floats in a buffer of n used out of *cap, doubling: claims
 * come one slice at a time, and growing to the exact size each time copied
 * and zeroed the whole buffer per claim (memset and fresh-page faults were
 * ~10 % of a dcgan64 bench run's samples). pg_net_seal trims the slack. */
static pg_status reserve(float **buf, size_t n, size_t need, size_t cap)
{
    if (need <= cap) return PG_OK;
    return grow(buf, n, need);
}

static size_t new_cap(size_t cap, size_t need)
{
    if (need <= cap) return cap;
    return need > 2 * cap ? need : 2 * cap;
}

pg_status pg_net_claim(pg_net *net, int *cursor, const char *name,
                       size_t len, int is_state, pg_init init, int fan_in,
                       int fan_out, size_t *off)
{
    if (net->sealed) {
        if (*cursor >= net->n_slices)
            return PG_FAIL(PG_ERR_SHAPE,
                           "net %s: graph claims slice '%s' beyond the %d "
                           "slices of its layout", net->name, name,
                           net->n_slices);
        const pg_slice *s = &net->slices[*cursor];
        if (strcmp(s->name, name) != 0 || s->len != len ||
            s->is_state != is_state)
            return PG_FAIL(PG_ERR_SHAPE,
                           "net %s: slice %d is '%s' (%zu floats) but this "
                           "graph claims '%s' (%zu floats)", net->name,
                           *cursor, s->name, s->len, name, len);
        *off = s->off;
        (*cursor)++;
        return PG_OK;
    }
    if (*cursor != net->n_slices)
        return PG_FAIL(PG_ERR_STATE, "net %s: two graphs building at once",
                       net->name);
    if (net->n_slices == net->cap_slices) {
        int cap = net->cap_slices ? 2 * net->cap_slices : 16;
        pg_slice *p = realloc(net->slices, (size_t)cap * sizeof *p);
        if (!p) return PG_FAIL(PG_ERR_NOMEM, "slice table");
        net->slices = p;
        net->cap_slices = cap;
    }
    pg_slice *s = &net->slices[net->n_slices];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->len = len;
    s->is_state = is_state;
    s->init = init;
    s->fan_in = fan_in;
    s->fan_out = fan_out;
    if (is_state) {
        size_t cap = new_cap(net->cap_s, net->ns + len);
        PG_CHECK(reserve(&net->s, net->ns, cap, net->cap_s));
        net->cap_s = cap;
        s->off = net->ns;
        net->ns += len;
    } else {
        size_t cap = new_cap(net->cap_w, net->nw + len);
        PG_CHECK(reserve(&net->w, net->nw, cap, net->cap_w));
        PG_CHECK(reserve(&net->g, net->nw, cap, net->cap_w));
        net->cap_w = cap;
        s->off = net->nw;
        net->nw += len;
    }
    net->n_slices++;
    *off = s->off;
    (*cursor)++;
    return PG_OK;
}

/* Trim a buffer of cap floats to its n used ones, keeping the larger one
 * if that allocation fails (it is still valid). A sealed layout never
 * grows again, so the capacities no longer matter. */
static void trim(float **buf, size_t n, size_t cap)
{
    if (cap <= n || n == 0) return;
    float *p = pg_realloc(*buf, n * sizeof(float), n * sizeof(float));
    if (p) *buf = p; /* pg_realloc freed the old one */
}

void pg_net_seal(pg_net *net)
{
    if (!net->sealed) {
        trim(&net->w, net->nw, net->cap_w);
        trim(&net->g, net->nw, net->cap_w);
        trim(&net->s, net->ns, net->cap_s);
    }
    net->sealed = 1;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

pg_status pg_net_init(pg_net *net, pg_rng *rng)
{
    for (int i = 0; i < net->n_slices; i++) {
        const pg_slice *s = &net->slices[i];
        float *p = (s->is_state ? net->s : net->w) + s->off;
        if (s->is_state) {
            if (ends_with(s->name, ".running_var")) {
                for (size_t k = 0; k < s->len; k++) p[k] = 1.0f;
            } else if (ends_with(s->name, ".sn_u")) {
                double norm = 0;
                pg_rng_fill_gaussian(rng, p, s->len, 1.0);
                for (size_t k = 0; k < s->len; k++) norm += (double)p[k] * p[k];
                norm = sqrt(norm) + 1e-12;
                for (size_t k = 0; k < s->len; k++) p[k] = (float)(p[k] / norm);
            } else {
                memset(p, 0, s->len * sizeof *p);
            }
            continue;
        }
        double sigma = 0;
        switch (s->init) {
        case PG_INIT_ZERO: memset(p, 0, s->len * sizeof *p); break;
        case PG_INIT_ONE:
            for (size_t k = 0; k < s->len; k++) p[k] = 1.0f;
            break;
        case PG_INIT_HE: sigma = sqrt(2.0 / (s->fan_in > 0 ? s->fan_in : 1)); break;
        case PG_INIT_XAVIER:
            sigma = sqrt(2.0 / (s->fan_in + s->fan_out > 0
                                    ? s->fan_in + s->fan_out : 1));
            break;
        case PG_INIT_NORMAL: sigma = 0.02; break;
        default:
            return PG_FAIL(PG_ERR_INTERNAL, "slice %s: unknown init %d",
                           s->name, (int)s->init);
        }
        if (sigma > 0) pg_rng_fill_gaussian(rng, p, s->len, sigma);
    }
    return PG_OK;
}

void pg_net_zero_grad(pg_net *net)
{
    if (net->g) memset(net->g, 0, net->nw * sizeof *net->g);
}

double pg_net_grad_norm(const pg_net *net)
{
    double acc = 0;
    for (size_t i = 0; i < net->nw; i++) acc += (double)net->g[i] * net->g[i];
    return sqrt(acc);
}

const pg_slice *pg_net_find(const pg_net *net, const char *name)
{
    for (int i = 0; i < net->n_slices; i++)
        if (strcmp(net->slices[i].name, name) == 0) return &net->slices[i];
    return NULL;
}
