#include "physics/protein/io/protein_hmm_read.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "physics/protein/io/protein_lines.h"

/* Probabilities of a distribution may sum to 1 within the rounding of
 * five decimals of their logs. */
static const double SUM_TOLERANCE = 1e-3;

typedef struct reader {
    pg_protein_lines *lines;
    const char *path;
} reader;

#define WHERE(r) pg_protein_lines_path((r)->lines), \
                 pg_protein_lines_number((r)->lines)

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

/* Next non-empty line; end of file is an error naming what was due. */
static pg_status next(reader *r, char **line, const char *due)
{
    do {
        PG_CHECK(pg_protein_lines_next(r->lines, line));
        if (!*line)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: file ends before %s",
                           WHERE(r), due);
    } while (strspn(*line, " \t") == strlen(*line));
    return PG_OK;
}

/* n numbers of a node line (after *pos); "*" is probability 0. */
static pg_status parse_probs(reader *r, char **pos, int n, double *out,
                             const char *what)
{
    for (int j = 0; j < n; j++) {
        char *tok = strtok_r(NULL, " \t", pos);
        if (!tok)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: %s: %d values, expected "
                           "%d", WHERE(r), what, j, n);
        if (strcmp(tok, "*") == 0) {
            out[j] = 0.0;
            continue;
        }
        char *end;
        double v = strtod(tok, &end);
        if (*end || !(v >= 0.0) || !isfinite(v))
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: %s: value %d is '%s', "
                           "expected a number >= 0 or '*'", WHERE(r), what,
                           j + 1, tok);
        out[j] = exp(-v);
    }
    return PG_OK;
}

/* A line of n values. */
static pg_status values_line(reader *r, int n, double *out, const char *what)
{
    char *line;
    PG_CHECK(next(r, &line, what));
    char *pos = line;
    return parse_probs(r, &pos, n, out, what);
}

static pg_status check_sum(reader *r, const double *p, int n,
                           const char *what, int k)
{
    double s = 0.0;
    for (int j = 0; j < n; j++) s += p[j];
    if (fabs(s - 1.0) > SUM_TOLERANCE)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: node %d: %s probabilities sum "
                       "to %.5f, not 1", WHERE(r), k, what, s);
    return PG_OK;
}

/* A node's transitions: from M, from I and from D each sum to 1 (node M's
 * M and D go to the end, written as M->M and D->M; node 0 has no I->
 * check beyond its own row). */
static pg_status read_transitions(reader *r, pg_protein_hmm *h, int k)
{
    double *t = pg_protein_hmm_trans(h, k);
    char what[48];
    snprintf(what, sizeof what, "node %d transitions", k);
    PG_CHECK(values_line(r, PG_HMM_NTRANS, t, what));
    PG_CHECK(check_sum(r, t + PG_HMM_MM, 3, "match transition", k));
    PG_CHECK(check_sum(r, t + PG_HMM_IM, 2, "insert transition", k));
    if (k > 0) PG_CHECK(check_sum(r, t + PG_HMM_DM, 2, "delete transition",
                                  k));
    return PG_OK;
}

static pg_status read_node(reader *r, pg_protein_hmm *h, int k)
{
    char *line, *pos, what[48];
    snprintf(what, sizeof what, "node %d", k);
    PG_CHECK(next(r, &line, what));
    char *tok = strtok_r(line, " \t", &pos);
    char *end;
    long idx = strtol(tok, &end, 10);
    if (*end || idx != k)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: expected node %d, found '%s'",
                       WHERE(r), k, tok);
    snprintf(what, sizeof what, "node %d match emissions", k);
    PG_CHECK(parse_probs(r, &pos, PG_PROTEIN_K, pg_protein_hmm_mat(h, k),
                         what));
    PG_CHECK(check_sum(r, pg_protein_hmm_mat(h, k), PG_PROTEIN_K,
                       "match emission", k));
    snprintf(what, sizeof what, "node %d insert emissions", k);
    PG_CHECK(values_line(r, PG_PROTEIN_K, h->ins + (size_t)k * PG_PROTEIN_K,
                         what));
    return read_transitions(r, h, k);
}

static pg_status parse_pair(reader *r, char *pos, double v[2],
                            const char *tag)
{
    char *end;
    for (int j = 0; j < 2; j++) {
        char *tok = strtok_r(NULL, " \t;", &pos);
        v[j] = tok ? strtod(tok, &end) : 0.0;
        if (!tok || *end)
            return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: %s: expected two numbers",
                           WHERE(r), tag);
    }
    return PG_OK;
}

static pg_status parse_stats(reader *r, char *pos, pg_protein_hmm *h)
{
    static const char *names[PG_HMM_NSTATS] = {"MSV", "VITERBI", "FORWARD"};
    char *mode = strtok_r(NULL, " \t", &pos);
    char *kind = strtok_r(NULL, " \t", &pos);
    if (!mode || !kind)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: STATS: expected 'STATS LOCAL "
                       "MSV|VITERBI|FORWARD mu lambda'", WHERE(r));
    for (int j = 0; j < PG_HMM_NSTATS; j++)
        if (strcmp(mode, "LOCAL") == 0 && strcmp(kind, names[j]) == 0) {
            double v[2];
            PG_CHECK(parse_pair(r, pos, v, "STATS"));
            if (!(v[1] > 0.0))
                return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: STATS %s: lambda %g "
                               "must be > 0", WHERE(r), kind, v[1]);
            h->has_stats[j] = 1;
            h->stats_loc[j] = v[0];
            h->stats_lambda[j] = v[1];
        }
    return PG_OK;
}

typedef struct header {
    char *name, *acc, *desc;
    long M;
    pg_protein_hmm meta; /* stats and cutoffs only */
} header;

static void header_free(header *hd)
{
    free(hd->name);
    free(hd->acc);
    free(hd->desc);
}

static pg_status set_string(reader *r, char **dst, char *pos, const char *tag)
{
    while (*pos == ' ' || *pos == '\t') pos++;
    free(*dst);
    *dst = dup(pos);
    if (!*dst) return PG_FAIL(PG_ERR_NOMEM, "%s:%ld: %s", WHERE(r), tag);
    return PG_OK;
}

/* Header lines up to and including the "HMM" line and its transition
 * header; the format line has been read. */
static pg_status read_header(reader *r, header *hd)
{
    char *line, *pos;
    for (;;) {
        PG_CHECK(next(r, &line, "the HMM line"));
        char *tag = strtok_r(line, " \t", &pos);
        if (strcmp(tag, "HMM") == 0) break;
        if (strcmp(tag, "NAME") == 0)
            PG_CHECK(set_string(r, &hd->name, pos, tag));
        else if (strcmp(tag, "ACC") == 0)
            PG_CHECK(set_string(r, &hd->acc, pos, tag));
        else if (strcmp(tag, "DESC") == 0)
            PG_CHECK(set_string(r, &hd->desc, pos, tag));
        else if (strcmp(tag, "LENG") == 0) {
            char *end, *tok = strtok_r(NULL, " \t", &pos);
            hd->M = tok ? strtol(tok, &end, 10) : 0;
            if (!tok || *end || hd->M < 1 || hd->M > 100000)
                return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: LENG must be an "
                               "integer in 1..100000", WHERE(r));
        } else if (strcmp(tag, "ALPH") == 0) {
            char *tok = strtok_r(NULL, " \t", &pos);
            if (!tok || strcmp(tok, "amino") != 0)
                return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: ALPH %s: only amino "
                               "acid profiles are read", WHERE(r),
                               tok ? tok : "(none)");
        } else if (strcmp(tag, "STATS") == 0)
            PG_CHECK(parse_stats(r, pos, &hd->meta));
        else if (strcmp(tag, "GA") == 0) {
            PG_CHECK(parse_pair(r, pos, hd->meta.ga, tag));
            hd->meta.has_ga = 1;
        } else if (strcmp(tag, "TC") == 0) {
            PG_CHECK(parse_pair(r, pos, hd->meta.tc, tag));
            hd->meta.has_tc = 1;
        } else if (strcmp(tag, "NC") == 0) {
            PG_CHECK(parse_pair(r, pos, hd->meta.nc, tag));
            hd->meta.has_nc = 1;
        }
    }
    if (!hd->name)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: no NAME line before HMM",
                       WHERE(r));
    if (hd->M < 1)
        return PG_FAIL(PG_ERR_FORMAT, "%s:%ld: no LENG line before HMM",
                       WHERE(r));
    return next(r, &line, "the transition header line");
}

static pg_status read_model(reader *r, header *hd, pg_protein_hmm **out)
{
    pg_protein_hmm *h = NULL;
    pg_status s;
    PG_CHECK(read_header(r, hd));
    PG_CHECK(pg_protein_hmm_create((int)hd->M, &h));
    h->name = hd->name;
    h->acc = hd->acc ? hd->acc : dup("");
    h->desc = hd->desc ? hd->desc : dup("");
    hd->name = hd->acc = hd->desc = NULL;
    memcpy(h->has_stats, hd->meta.has_stats, sizeof h->has_stats);
    memcpy(h->stats_loc, hd->meta.stats_loc, sizeof h->stats_loc);
    memcpy(h->stats_lambda, hd->meta.stats_lambda, sizeof h->stats_lambda);
    h->has_ga = hd->meta.has_ga;
    h->has_tc = hd->meta.has_tc;
    h->has_nc = hd->meta.has_nc;
    memcpy(h->ga, hd->meta.ga, sizeof h->ga);
    memcpy(h->tc, hd->meta.tc, sizeof h->tc);
    memcpy(h->nc, hd->meta.nc, sizeof h->nc);
    if (!h->acc || !h->desc) {
        s = PG_FAIL(PG_ERR_NOMEM, "%s: profile names", r->path);
        goto fail;
    }
    /* Node 0: an optional COMPO line, then insert emissions. */
    char *line, *pos;
    PG_CHECK_GOTO(s, next(r, &line, "node 0"), fail);
    pos = line + strspn(line, " \t");
    double tmp[PG_PROTEIN_K];
    if (strncmp(pos, "COMPO", 5) == 0) {
        pos += 5;
        PG_CHECK_GOTO(s, parse_probs(r, &pos, PG_PROTEIN_K, tmp, "COMPO"),
                      fail);
        PG_CHECK_GOTO(s, values_line(r, PG_PROTEIN_K, h->ins,
                                     "node 0 insert emissions"), fail);
    } else {
        PG_CHECK_GOTO(s, parse_probs(r, &pos, PG_PROTEIN_K, h->ins,
                                     "node 0 insert emissions"), fail);
    }
    PG_CHECK_GOTO(s, read_transitions(r, h, 0), fail);
    for (int k = 1; k <= h->M; k++)
        PG_CHECK_GOTO(s, read_node(r, h, k), fail);
    PG_CHECK_GOTO(s, next(r, &line, "the closing //"), fail);
    if (strncmp(line, "//", 2) != 0) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s:%ld: expected // after node %d "
                    "(LENG %d)", WHERE(r), h->M, h->M);
        goto fail;
    }
    *out = h;
    return PG_OK;
fail:
    pg_protein_hmm_destroy(&h);
    return s;
}

pg_status pg_protein_hmm_read(const char *path, pg_protein_hmm ***out,
                              int *n)
{
    *out = NULL;
    *n = 0;
    reader r = {NULL, path};
    pg_protein_hmm **list = NULL;
    int count = 0;
    pg_status s = PG_OK;
    PG_CHECK(pg_protein_lines_open(path, &r.lines));
    for (;;) {
        char *line;
        PG_CHECK_GOTO(s, pg_protein_lines_next(r.lines, &line), fail);
        if (!line) break;
        if (strspn(line, " \t") == strlen(line)) continue;
        if (strncmp(line, "HMMER3/", 7) != 0) {
            s = PG_FAIL(PG_ERR_FORMAT, "%s:%ld: expected a HMMER3 format line "
                        "(HMMER3/f ...), found '%.40s'%s", WHERE(&r), line,
                        strncmp(line, "HMMER2", 6) == 0
                            ? " (HMMER2 profiles: convert with hmmconvert)"
                            : "");
            goto fail;
        }
        pg_protein_hmm **grown = realloc(list, (size_t)(count + 1) *
                                                   sizeof *list);
        if (!grown) {
            s = PG_FAIL(PG_ERR_NOMEM, "%s: profile list", path);
            goto fail;
        }
        list = grown;
        header hd = {0};
        s = read_model(&r, &hd, &list[count]);
        header_free(&hd);
        if (s != PG_OK) goto fail;
        count++;
    }
    if (count == 0) {
        s = PG_FAIL(PG_ERR_FORMAT, "%s: no HMMER3 profile in the file", path);
        goto fail;
    }
    pg_protein_lines_close(&r.lines);
    *out = list;
    *n = count;
    return PG_OK;
fail:
    pg_protein_lines_close(&r.lines);
    pg_protein_hmm_list_destroy(&list, count);
    return s;
}

void pg_protein_hmm_list_destroy(pg_protein_hmm ***list, int n)
{
    if (!list || !*list) return;
    for (int i = 0; i < n; i++) pg_protein_hmm_destroy(&(*list)[i]);
    free(*list);
    *list = NULL;
}
