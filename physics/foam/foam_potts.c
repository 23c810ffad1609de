/* Large-Q Potts foam: Voronoi start, Metropolis with neighbour-id proposals
 * (or SPPARKS's distinct-neighbour-id rule) over the boundary sites only,
 * in checkerboard (2x2 sublattice) or random order.
 *
 * Bookkeeping kept incrementally on every accepted flip:
 *   nu[i]   number of unlike sites in i's stencil (0: interior),
 *   bits[c] a bitset of the boundary sites (nu > 0) of sublattice
 *           c = 2 (y & 1) + (x & 1), one row of words per sublattice row,
 *           so a sweep visits boundary sites in raster order (cache
 *           friendly) and skips 64 interior sites per zero word,
 *           (in checkerboard order and on strips; random order on a
 *           whole lattice lets them go stale, bits_live),
 *   energy  sum over unordered unlike pairs = sum(nu) / 2, in units of J.
 *   blist   in random order on a whole lattice only: the boundary sites
 *           as a list (bpos[i]: site i's position in it), so that a
 *           uniform boundary site is one draw (run_random).
 * Sites of one sublattice are never within each other's Moore stencil
 * (they differ by an even offset in x and in y), so their updates are
 * independent and the order inside a sublattice does not matter. */
#include "physics/foam/foam_potts.h"

#include <gsl/gsl_rng.h>
#include <math.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "physics/foam/foam_diag.h"

enum { N_SUBLATTICES = 4, MAX_SIZE = 1 << 15, RANDOM_BITS = 29, SITES_AHEAD = 32,
       WORDS = 256 };


struct pg_foam_potts {
    int n;                    /* row length (the lattice side) */
    /* Rows in the array: n for a whole periodic lattice; a strip of a
     * decomposed lattice (pg_foam_potts_create_strip) has its own rows
     * 1 .. h-2 and halo rows 0 and h-1 (copies of the neighbours' rows,
     * never attempted). Sites in rows [lo, hi) are the ones updated. */
    int h, lo, hi;
    pg_foam_proposal proposal;
    pg_foam_sweep sweep;
    double temperature;
    gsl_rng *g;
    /* Random order on a whole lattice draws its 32-bit words from `fast`
     * (GSL's taus2, seeded from g when the order is set), made WORDS at
     * a time into words[] (wnext: the next unused one; WORDS: none
     * left). MT19937 through gsl_rng_get cost 8 ns a word on the loaded
     * development machine, taus2 in batches 2.4 ns (docs/foam.md,
     * "Speed"). NULL: every word comes from g (checkerboard order, whose
     * runs stay bit-identical, and strips). */
    gsl_rng *fast;
    uint32_t words[WORDS];
    int wnext;
    int32_t *s;               /* labels */
    uint8_t *nu;              /* unlike neighbours per site */
    uint64_t *bits[N_SUBLATTICES];
    int wpr;                  /* bitset words per sublattice row */
    /* bits_live: the bitsets are kept by every flip. Only checkerboard
     * sweeps read them, so random order on a whole lattice lets them go
     * stale and pg_foam_potts_set_sweep rebuilds them from the counts
     * when checkerboard order is set again. shift: log2 n for a
     * power-of-two n (coordinates of a site index by masks), else -1. */
    int bits_live, shift;
    long nboundary;
    /* The boundary sites as a list, kept only for random order on a
     * whole lattice (pg_foam_potts_set_sweep; NULL otherwise):
     * blist[0 .. nboundary) are site indices in no particular order,
     * bpos[i] the position of boundary site i in blist (stale for
     * interior sites). Adding appends; removing moves the last entry
     * into the hole: O(1) either way. */
    int32_t *blist, *bpos;
    uint32_t *visits;         /* attempts per site, when a test asks */
    /* list_live: the list is kept by every flip (only in MCS that skip
     * interior draws; rebuilt before the next such MCS otherwise).
     * skip_scale = 1 / log(1 - skip_b / N^2), kept for the last b seen. */
    int list_live;
    long skip_b;
    double skip_scale;
    /* Random order's site draws made ahead (draw_sites), kept from one
     * run to the next so that a run does not depend on how its MCS are
     * split into calls; ahead_next == SITES_AHEAD: none left. */
    uint32_t ahead[SITES_AHEAD];
    int ahead_next;
    /* Accept an uphill move of dE (in J) when the 29 random bits left
     * after choosing the neighbour are below thresh[dE]. */
    uint32_t thresh[PG_FOAM_STENCIL + 1];
    long energy, mcs, reassigned;
    long long battempts, flips;
};

/* The stencil of (x, y): 4 first neighbours, then the 4 diagonals. */
typedef struct stencil {
    int32_t idx[PG_FOAM_STENCIL];
    int16_t x[PG_FOAM_STENCIL], y[PG_FOAM_STENCIL];
} stencil;

static inline void stencil_of(int n, int h, int x, int y, stencil *st)
{
    int xl = x ? x - 1 : n - 1, xr = x + 1 < n ? x + 1 : 0;
    int yu = y ? y - 1 : h - 1, yd = y + 1 < h ? y + 1 : 0;
    const int xs[PG_FOAM_STENCIL] = {xl, xr, x, x, xl, xr, xl, xr};
    const int ys[PG_FOAM_STENCIL] = {y, y, yu, yd, yu, yu, yd, yd};
    for (int k = 0; k < PG_FOAM_STENCIL; k++) {
        st->x[k] = (int16_t)xs[k];
        st->y[k] = (int16_t)ys[k];
        st->idx[k] = ys[k] * n + xs[k];
    }
}

/* The stencil's site indices only (the order of stencil_of), from the
 * three row offsets: the neighonly attempt, which needs the coordinates
 * only when it flips. */
static inline void stencil_idx(int n, int h, int x, int y, int32_t *idx)
{
    int32_t xl = x ? x - 1 : n - 1, xr = x + 1 < n ? x + 1 : 0;
    int32_t rm = y * n, ru = (y ? y - 1 : h - 1) * n, rd = (y + 1 < h ? y + 1 : 0) * n;
    idx[0] = rm + xl;
    idx[1] = rm + xr;
    idx[2] = ru + x;
    idx[3] = rd + x;
    idx[4] = ru + xl;
    idx[5] = ru + xr;
    idx[6] = rd + xl;
    idx[7] = rd + xr;
}

static inline int sublattice(int x, int y) { return ((y & 1) << 1) | (x & 1); }

/* Word and bit of (x, y) in its sublattice's bitset. */
static inline uint64_t *boundary_word(const pg_foam_potts *p, int x, int y,
                                      uint64_t *mask)
{
    int lx = x >> 1;
    *mask = (uint64_t)1 << (lx & 63);
    return p->bits[sublattice(x, y)] + (size_t)(y >> 1) * p->wpr + (lx >> 6);
}

/* The list and count part of adding / removing boundary site i. */
static inline void list_add(pg_foam_potts *p, int32_t i)
{
    if (p->list_live) {
        p->bpos[i] = (int32_t)p->nboundary;
        p->blist[p->nboundary] = i;
    }
    p->nboundary++;
}

static inline void list_remove(pg_foam_potts *p, int32_t i)
{
    p->nboundary--;
    if (p->list_live) {
        int32_t k = p->bpos[i], last = p->blist[p->nboundary];
        p->blist[k] = last;
        p->bpos[last] = k;
    }
}

static inline void boundary_add(pg_foam_potts *p, int x, int y)
{
    if (p->bits_live) {
        uint64_t m, *w = boundary_word(p, x, y, &m);
        *w |= m;
    }
    list_add(p, y * p->n + x);
}

static inline void boundary_remove(pg_foam_potts *p, int x, int y)
{
    if (p->bits_live) {
        uint64_t m, *w = boundary_word(p, x, y, &m);
        *w &= ~m;
    }
    list_remove(p, y * p->n + x);
}

/* The same by site index (coordinates computed only for the bitsets). */
static inline void boundary_add_at(pg_foam_potts *p, int32_t i)
{
    if (!p->bits_live) list_add(p, i);
    else if (p->shift >= 0) boundary_add(p, i & (p->n - 1), i >> p->shift);
    else boundary_add(p, i % p->n, i / p->n);
}

static inline void boundary_remove_at(pg_foam_potts *p, int32_t i)
{
    if (!p->bits_live) list_remove(p, i);
    else if (p->shift >= 0) boundary_remove(p, i & (p->n - 1), i >> p->shift);
    else boundary_remove(p, i % p->n, i / p->n);
}

static inline int boundary_has(const pg_foam_potts *p, int x, int y)
{
    uint64_t m, *w = boundary_word(p, x, y, &m);
    return (*w & m) != 0;
}

/* Give (x, y), whose stencil st holds the ids v, the id b (cb of the v
 * equal to b; de the energy change in J) and update the bookkeeping. */
static inline void flip(pg_foam_potts *p, int x, int y, const stencil *st,
                        const int32_t *v, int32_t b, int cb, int de)
{
    int32_t i = y * p->n + x, a = p->s[i];
    p->s[i] = b;
    p->energy += de;
    p->flips++;
    for (int k = 0; k < PG_FOAM_STENCIL; k++) {
        int32_t j = st->idx[k];
        if (v[k] == a) {
            if (p->nu[j]++ == 0) boundary_add(p, st->x[k], st->y[k]);
        } else if (v[k] == b) {
            if (--p->nu[j] == 0) boundary_remove(p, st->x[k], st->y[k]);
        }
    }
    p->nu[i] = (uint8_t)(PG_FOAM_STENCIL - cb);
    if (p->nu[i] == 0) boundary_remove(p, x, y);
}

/* One Metropolis attempt at (x, y) with 32 random bits r: the low 3 bits
 * pick the stencil site whose id is proposed, the rest decide uphill
 * moves. Returns the energy change (0 when nothing changed). */
static inline int attempt(pg_foam_potts *p, int x, int y, uint32_t r)
{
    const int n = p->n;
    int32_t *s = p->s;
    stencil st;
    stencil_of(n, p->h, x, y, &st);
    int32_t i = y * n + x, a = s[i], b = s[st.idx[r & (PG_FOAM_STENCIL - 1)]];
    if (b == a) return 0;
    int32_t v[PG_FOAM_STENCIL];
    int ca = 0, cb = 0;
    for (int k = 0; k < PG_FOAM_STENCIL; k++) {
        v[k] = s[st.idx[k]];
        ca += v[k] == a;
        cb += v[k] == b;
    }
    int de = ca - cb;
    if (de > 0 && (r >> 3) >= p->thresh[de]) return 0;
    flip(p, x, y, &st, v, b, cb, de);
    return de;
}

int pg_foam_potts_attempt(pg_foam_potts *p, int x, int y)
{
    uint32_t r = (uint32_t)gsl_rng_get(p->g);
    p->battempts++;
    return attempt(p, x, y, r);
}

/* The next WORDS words of `fast`, calling its type's generator directly
 * (what gsl_rng_get does, less a call level per word). */
static void words_refill(pg_foam_potts *p)
{
    unsigned long (*get)(void *) = p->fast->type->get;
    void *state = p->fast->state;
    for (int k = 0; k < WORDS; k++) p->words[k] = (uint32_t)get(state);
    p->wnext = 0;
}

/* The next 32 random bits of the run: from the batch of `fast` words in
 * random order on a whole lattice, else straight from g. */
static inline uint32_t rand32(pg_foam_potts *p)
{
    if (!p->fast) return (uint32_t)gsl_rng_get(p->g);
    if (p->wnext == WORDS) words_refill(p);
    return p->words[p->wnext++];
}

/* A uniform integer in [0, m) from the 32-bit draw r32 (and more draws
 * when needed), exactly (Lemire's multiply-and-reject: the high word of
 * r * m, redrawn in the rare case that the low word falls among the
 * 2^32 mod m values that would bias it). Site indices (m = N^2 <= 2^30)
 * and candidate choices. */
static inline uint32_t uniform_below_from(pg_foam_potts *p, uint32_t r32,
                                          uint32_t m)
{
    uint64_t r = (uint64_t)r32 * m;
    if ((uint32_t)r < m) {
        uint32_t floor = (uint32_t)(-m) % m;
        while ((uint32_t)r < floor) r = (uint64_t)rand32(p) * m;
    }
    return (uint32_t)(r >> 32);
}

static inline uint32_t uniform_below(pg_foam_potts *p, uint32_t m)
{
    return uniform_below_from(p, rand32(p), m);
}

/* Bit k (k < 8) set where v[k] == c: two vector compares on x86-64. */
static inline unsigned same_mask(const int32_t *v, int32_t c)
{
#if defined(__SSE2__)
    const __m128i cc = _mm_set1_epi32(c);
    const __m128i lo = _mm_loadu_si128((const __m128i *)v);
    const __m128i hi = _mm_loadu_si128((const __m128i *)(v + 4));
    return (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(lo, cc))) |
           (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpeq_epi32(hi, cc)))
               << 4;
#else
    unsigned m = 0;
    for (int k = 0; k < PG_FOAM_STENCIL; k++) m |= (unsigned)(v[k] == c) << k;
    return m;
#endif
}

/* flip for the neighonly attempt, from its masks: own (bits k where v[k]
 * is the old id) and same_b (where it is the new id b, cb of them). Only
 * those neighbours' unlike counts change; the loops run over their set
 * bits instead of testing all 8. */
static inline void flip_masks(pg_foam_potts *p, int32_t i, const int32_t *idx,
                              unsigned own, unsigned same_b, int32_t b, int cb,
                              int de)
{
    p->s[i] = b;
    p->energy += de;
    p->flips++;
    for (; own; own &= own - 1) {
        int k = __builtin_ctz(own);
        if (p->nu[idx[k]]++ == 0) boundary_add_at(p, idx[k]);
    }
    for (; same_b; same_b &= same_b - 1) {
        int k = __builtin_ctz(same_b);
        if (--p->nu[idx[k]] == 0) boundary_remove_at(p, idx[k]);
    }
    p->nu[i] = (uint8_t)(PG_FOAM_STENCIL - cb);
    if (p->nu[i] == 0) boundary_remove_at(p, i);
}

/* SPPARKS's potts/neighonly attempt at (x, y): the distinct ids of the
 * unlike stencil sites, one of them drawn uniformly (an id held by 5 of
 * the 8 sites is as likely as one held by 1), then Metropolis. *proposed
 * gets the drawn id (-1: no unlike site, nothing drawn). Returns the
 * energy change (0 when rejected or nothing to propose).
 * Branch-light: the stencil ids are compared 4 at a time (same_mask),
 * one mask per distinct id (usually 1 or 2 of them) rather than the 28
 * pairwise comparisons; the masks give both counts of the energy change
 * and drive the flip. A single candidate needs no draw (the proposal is
 * the same either way; skipping the draw measured faster than drawing
 * without a branch). */
static inline __attribute__((always_inline)) int
attempt_neighonly(pg_foam_potts *p, int x, int y, int32_t *proposed)
{
    const int n = p->n;
    int32_t idx[PG_FOAM_STENCIL];
    stencil_idx(n, p->h, x, y, idx);
    int32_t a = p->s[y * n + x], v[PG_FOAM_STENCIL];
    for (int k = 0; k < PG_FOAM_STENCIL; k++) v[k] = p->s[idx[k]];
    /* The candidates in stencil order: the lowest unlike site not yet
     * covered is the first site of a new id; its mask covers the rest. */
    const unsigned own = same_mask(v, a);
    unsigned rest = ~own & ((1u << PG_FOAM_STENCIL) - 1), same[PG_FOAM_STENCIL];
    int32_t u[PG_FOAM_STENCIL];
    int nd = 0;
    for (; rest; nd++) {
        int32_t id = v[__builtin_ctz(rest)];
        u[nd] = id;
        same[nd] = same_mask(v, id);
        rest &= ~same[nd];
    }
    *proposed = -1;
    if (!nd) return 0;
    const int r = nd == 1 ? 0 : (int)uniform_below(p, (uint32_t)nd);
    const int32_t b = u[r];
    *proposed = b;
    const int cb = __builtin_popcount(same[r]);
    const int de = __builtin_popcount(own) - cb;
    if (de > 0 && (rand32(p) >> 3) >= p->thresh[de]) return 0;
    flip_masks(p, y * n + x, idx, own, same[r], b, cb, de);
    return de;
}

int pg_foam_potts_attempt_neighonly(pg_foam_potts *p, int x, int y,
                                    int32_t *proposed)
{
    p->battempts++;
    return attempt_neighonly(p, x, y, proposed);
}

/* One attempt at (x, y) by the rule set. The stencil rule draws its 32
 * random bits here, in the order the default sweeps always have. */
static inline void attempt_rule(pg_foam_potts *p, int x, int y)
{
    int32_t proposed;
    if (p->visits) p->visits[y * p->n + x]++;
    if (p->proposal == PG_FOAM_PROPOSAL_NEIGHONLY)
        attempt_neighonly(p, x, y, &proposed);
    else
        attempt(p, x, y, rand32(p));
    p->battempts++;
}

/* SPPARKS's `sweep random`: one MCS is N^2 sites drawn uniformly with
 * replacement, each attempted. An interior site has no unlike neighbour
 * (neighonly: nothing to propose, SPPARKS returns before drawing
 * anything; stencil: it can only propose its own id), so its attempt is a
 * no-op and is skipped after the site draw. */
/* Site draws made ahead of their attempts, so that the memory of the
 * upcoming sites is fetched while earlier ones are attempted. Every draw
 * is still an independent uniform site, taken in the order drawn. */

/* Fill buf with SITES_AHEAD uniform sites in [base, base + m) and
 * prefetch them. Up to 2^16 sites, each 32-bit draw gives two 16-bit
 * halves, each mapped to a site by the same multiply-and-reject as
 * uniform_below (exact; with 2^16 sites, i.e. 256^2, never a rejection). */
static void draw_sites(pg_foam_potts *p, uint32_t base, uint32_t m,
                       uint32_t *buf)
{
    const uint32_t n = (uint32_t)p->n, nn = n * (uint32_t)p->h;
    int got = 0;
    if (m <= (1u << 16)) {
        const uint32_t floor16 = (uint32_t)((1u << 16) % m);
        while (got < SITES_AHEAD) {
            uint32_t r = rand32(p);
            for (int h = 0; h < 2 && got < SITES_AHEAD; h++, r >>= 16) {
                uint32_t prod = (r & 0xffffu) * m;
                if ((prod & 0xffffu) >= floor16) buf[got++] = base + (prod >> 16);
            }
        }
    } else {
        while (got < SITES_AHEAD) buf[got++] = base + uniform_below(p, m);
    }
    for (int k = 0; k < SITES_AHEAD; k++) {
        uint32_t j = buf[k], up = j >= n ? j - n : j + nn - n;
        uint32_t down = j + n < nn ? j + n : j + n - nn;
        __builtin_prefetch(p->nu + j);
        __builtin_prefetch(p->s + up);
        __builtin_prefetch(p->s + j);
        __builtin_prefetch(p->s + down);
    }
}

/* `attempts` sites drawn uniformly from rows [r0, r1), each attempted
 * (interior draws skipped). buf and *next carry draws made ahead from
 * one call to the next (*next = SITES_AHEAD: none left); they must come
 * from the same row range. */
static void random_pass(pg_foam_potts *p, int r0, int r1, long attempts,
                        uint32_t *buf, int *next)
{
    const uint32_t n = (uint32_t)p->n;
    const uint32_t base = (uint32_t)r0 * n, m = (uint32_t)(r1 - r0) * n;
    /* A power-of-two side (the usual 256, 1024, ...) splits the index
     * with a shift instead of a division. */
    const int pow2 = !(n & (n - 1)), shift = __builtin_ctz(n);
    for (long k = 0; k < attempts; k++) {
        if (*next == SITES_AHEAD) {
            draw_sites(p, base, m, buf);
            *next = 0;
        }
        uint32_t j = buf[(*next)++];
        if (!p->nu[j]) continue;
        if (pow2) attempt_rule(p, (int)(j & (n - 1)), (int)(j >> shift));
        else attempt_rule(p, (int)(j % n), (int)(j / n));
    }
}

/* Random order with the interior draws skipped exactly, for one MCS (a
 * whole lattice with its boundary list live; docs/foam.md, "Two proposal
 * rules"). Of the N^2 uniform draws of an MCS, those landing on interior
 * sites change nothing, so while no flip happens the boundary set (b
 * sites) stays as it is and each draw is a boundary site with probability
 * q = b / N^2, independently. Hence the number of interior draws before
 * the next boundary draw is geometric, P(g) = (1 - q)^g q, and the
 * boundary site drawn is uniform over the boundary set: drawing g, then a
 * uniform member of the list, then the attempt, is the same Markov chain
 * in distribution as drawing all N^2 sites. After each attempt the next
 * gap is drawn with the q of that moment. g is drawn by inverting its
 * CDF, g = floor(log U / log(1 - q)) with U uniform in (0, 1), exact up
 * to the 32-bit resolution of U (probabilities to 2^-32, like the 29-bit
 * acceptance threshold). A gap that runs past the MCS's last draw ends
 * it; the next MCS draws a fresh gap, which is exact because the
 * geometric is memoryless (the draws still to come are independent of
 * how many came before). */
/* 32 random bits as a uniform number in (0, 1): (w + 1/2) / 2^32, never
 * 0 or 1, on the same 2^-32 grid as gsl_rng_uniform_pos's. */
static inline double unit_open(uint32_t w)
{
    return ((double)w + 0.5) * 0x1p-32;
}

static void skip_mcs(pg_foam_potts *p)
{
    const double sites = (double)p->n * p->h;
    const uint32_t n = (uint32_t)p->n, nn = n * (uint32_t)p->h;
    const int pow2 = !(n & (n - 1)), shift = __builtin_ctz(n);
    double left = sites; /* draws of this MCS not yet made */
    /* The next gap's U and member's 32 bits are drawn before the current
     * attempt (they do not depend on the state), so that the site they
     * would pick with the boundary count now can be prefetched during
     * it; they are applied afterwards with the count of that moment. The
     * logarithm of U is taken then too, so that it runs beside the
     * attempt instead of after it. */
    double log_u = log(unit_open(rand32(p)));
    uint32_t r = rand32(p);
    for (long b; (b = p->nboundary) > 0;) {
        double gap = 0;
        if (b < (long)sites) {
            if (b != p->skip_b) {
                p->skip_b = b;
                p->skip_scale = 1.0 / log1p(-(double)b / sites);
            }
            gap = floor(log_u * p->skip_scale);
        }
        if (gap >= left) break;
        left -= gap + 1;
        uint32_t j = (uint32_t)p->blist[uniform_below_from(p, r, (uint32_t)b)];
        log_u = log(unit_open(rand32(p)));
        r = rand32(p);
        {
            uint32_t g = (uint32_t)p->blist[((uint64_t)r * (uint64_t)b) >> 32];
            uint32_t up = g >= n ? g - n : g + nn - n;
            uint32_t down = g + n < nn ? g + n : g + n - nn;
            __builtin_prefetch(p->s + up);
            __builtin_prefetch(p->s + g);
            __builtin_prefetch(p->s + down);
            __builtin_prefetch(p->nu + g);
        }
        if (pow2) attempt_rule(p, (int)(j & (n - 1)), (int)(j >> shift));
        else attempt_rule(p, (int)(j % n), (int)(j / n));
    }
}

/* The boundary list from the bitsets' truth, the unlike counts. */
static void list_build(pg_foam_potts *p)
{
    long k = 0;
    for (size_t i = 0; i < (size_t)p->n * p->h; i++)
        if (p->nu[i]) {
            p->bpos[i] = (int32_t)k;
            p->blist[k++] = (int32_t)i;
        }
    p->list_live = 1;
}

/* Random order, per MCS the cheaper of two exact ways: drawing all N^2
 * sites (an interior draw costs a comparison, and draws are made ahead
 * with their memory prefetched) while boundary sites are a large
 * fraction, skipping the interior draws (skip_mcs) once they are below a
 * threshold; the boundary list is kept live only then. Both make the same
 * chain, so switching between them per MCS changes nothing in
 * distribution. Thresholds as measured (docs/foam.md, "Speed"): up to
 * 2^17 sites (labels, counts and list within about a core's L2 cache)
 * skipping wins below a boundary fraction of about 0.3; on larger
 * lattices its list upkeep and site accesses miss the cache more, and it
 * wins only below about 0.15. */
static double skip_below(long sites) { return sites <= (1L << 17) ? 0.3 : 0.15; }

static void run_random(pg_foam_potts *p, long mcs)
{
    const long sites = (long)p->n * p->h;
    const double below = skip_below(sites) * (double)sites;
    for (long m = 0; m < mcs; m++) {
        if (p->blist && (double)p->nboundary < below) {
            if (!p->list_live) list_build(p);
            skip_mcs(p);
        } else {
            p->list_live = 0;
            random_pass(p, 0, p->n, sites, p->ahead, &p->ahead_next);
        }
        p->mcs++;
    }
}

/* One pass over the boundary sites of sublattice c = 2 oy + ox (parity
 * of the row and column in this array) in rows [lo, hi), raster order. */
static void sublattice_pass(pg_foam_potts *p, int c)
{
    const int ox = c & 1, oy = c >> 1, half = p->h / 2;
    /* During this pass only the visited site's own bit can change (its
     * stencil holds no site of sublattice c), so a copy of each word
     * lists exactly the boundary sites still to visit. */
    for (int ly = 0; ly < half; ly++) {
        int y = 2 * ly + oy;
        if (y < p->lo || y >= p->hi) continue;
        for (int k = 0; k < p->wpr; k++) {
            uint64_t v = p->bits[c][(size_t)ly * p->wpr + k];
            while (v) {
                int lx = k * 64 + __builtin_ctzll(v);
                v &= v - 1;
                attempt_rule(p, 2 * lx + ox, y);
            }
        }
    }
}

/* Checkerboard sweeps of the boundary sites (docs/foam.md, "Monte Carlo
 * time"). */
static void run_checkerboard(pg_foam_potts *p, long mcs)
{
    for (long m = 0; m < mcs; m++) {
        /* A random sublattice order per sweep: no fixed drift direction. */
        int first = (int)(gsl_rng_get(p->g) & (N_SUBLATTICES - 1));
        for (int q = 0; q < N_SUBLATTICES; q++) sublattice_pass(p, first ^ q);
        p->mcs++;
    }
}

void pg_foam_potts_run(pg_foam_potts *p, long mcs)
{
    if (p->sweep == PG_FOAM_SWEEP_RANDOM) run_random(p, mcs);
    else run_checkerboard(p, mcs);
}

static int unlike_count(const pg_foam_potts *p, int x, int y)
{
    stencil st;
    stencil_of(p->n, p->h, x, y, &st);
    int32_t a = p->s[y * p->n + x];
    int u = 0;
    for (int k = 0; k < PG_FOAM_STENCIL; k++) u += p->s[st.idx[k]] != a;
    return u;
}

long pg_foam_potts_energy_recompute(const pg_foam_potts *p)
{
    /* Each unordered pair once: right, down, down-right, down-left. */
    const int n = p->n;
    long e = 0;
    for (int y = 0; y < n; y++) {
        int yd = (y + 1) % n;
        for (int x = 0; x < n; x++) {
            int xr = (x + 1) % n, xl = (x + n - 1) % n;
            int32_t a = p->s[y * n + x];
            e += (a != p->s[y * n + xr]) + (a != p->s[yd * n + x]) +
                 (a != p->s[yd * n + xr]) + (a != p->s[yd * n + xl]);
        }
    }
    return e;
}

/* Nearest of the seeds (periodic distance, ties to the lower index) for
 * every site, searching a grid of g x g cells ring by ring. */
static void voronoi_assign(pg_foam_potts *p, const int32_t *seed, int g,
                           const int32_t *cstart, const int32_t *citem)
{
    const int n = p->n, wmin = n / g;
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            int cx = (int)((long)x * g / n), cy = (int)((long)y * g / n);
            long bd = -1;
            int32_t best = -1;
            for (int r = 0;; r++) {
                int all = 2 * r + 1 >= g; /* the ring wraps: scan every seed */
                for (int dy = all ? 0 : -r; dy <= (all ? g - 1 : r); dy++)
                    for (int dx = all ? 0 : -r; dx <= (all ? g - 1 : r); dx++) {
                        if (!all && abs(dx) != r && abs(dy) != r) continue;
                        int c = all ? dy * g + dx
                                    : ((cy + dy + g) % g) * g + (cx + dx + g) % g;
                        for (int32_t q = cstart[c]; q < cstart[c + 1]; q++) {
                            int32_t k = citem[q], sx = seed[k] % n, sy = seed[k] / n;
                            long ddx = labs((long)x - sx), ddy = labs((long)y - sy);
                            if (ddx > n - ddx) ddx = n - ddx;
                            if (ddy > n - ddy) ddy = n - ddy;
                            long d = ddx * ddx + ddy * ddy;
                            if (best < 0 || d < bd || (d == bd && k < best)) {
                                bd = d;
                                best = k;
                            }
                        }
                    }
                /* Unvisited seeds are >= r * wmin away along some axis. */
                if (all || (best >= 0 && bd < (long)r * wmin * r * wmin)) break;
            }
            p->s[y * n + x] = best;
        }
}

/* Give digital fragments of a Voronoi cell (4-connected pieces without
 * the cell's seed) to a neighbouring cell's seed-holding piece, until
 * every id is one component. */
static pg_status make_connected(pg_foam_potts *p, const int32_t *seed,
                                int nseed, int32_t *scratch_a,
                                int32_t *scratch_b)
{
    const int n = p->n, nn = n * n;
    pg_foam_diag *d = NULL;
    PG_CHECK(pg_foam_diag_create(n, n, &d));
    for (;;) {
        pg_foam_diag_analyze(d, p->s);
        int nc = pg_foam_diag_count(d);
        if (nc == nseed) break;
        const int32_t *comp = pg_foam_diag_components(d);
        int32_t *is_main = scratch_a, *target = scratch_b;
        for (int c = 0; c < nc; c++) is_main[c] = 0, target[c] = -1;
        for (int k = 0; k < nseed; k++) is_main[comp[seed[k]]] = 1;
        for (int i = 0; i < nn; i++) {
            if (is_main[comp[i]] || target[comp[i]] >= 0) continue;
            int y = i / n, x = i % n;
            int nb[4] = {y * n + (x + n - 1) % n, y * n + (x + 1) % n,
                         ((y + n - 1) % n) * n + x, ((y + 1) % n) * n + x};
            for (int k = 0; k < 4; k++)
                if (is_main[comp[nb[k]]]) {
                    target[comp[i]] = p->s[nb[k]];
                    break;
                }
        }
        for (int i = 0; i < nn; i++)
            if (!is_main[comp[i]] && target[comp[i]] >= 0) {
                p->s[i] = target[comp[i]];
                p->reassigned++;
            }
    }
    pg_foam_diag_destroy(&d);
    return PG_OK;
}

static pg_status voronoi_init(pg_foam_potts *p, int nseed, pg_rng *rng)
{
    const int n = p->n, nn = n * n;
    int g = (int)sqrt((double)nseed);
    if (g < 1) g = 1;
    if (g > n) g = n;
    pg_status st = PG_OK;
    int32_t *perm = malloc((size_t)nn * sizeof *perm);
    int32_t *tmp = malloc((size_t)nn * sizeof *tmp);
    int32_t *cstart = calloc((size_t)g * g + 1, sizeof *cstart);
    int32_t *citem = malloc((size_t)nseed * sizeof *citem);
    int32_t *scratch = malloc((size_t)nn * sizeof *scratch);
    if (!perm || !tmp || !cstart || !citem || !scratch) {
        st = PG_FAIL(PG_ERR_NOMEM, "foam Voronoi start (%d seeds)", nseed);
        goto done;
    }
    /* Distinct seed sites: a partial Fisher-Yates shuffle. */
    for (int i = 0; i < nn; i++) perm[i] = i;
    for (int k = 0; k < nseed; k++) {
        int j = k + (int)pg_rng_uniform_int(rng, (unsigned long)(nn - k));
        int32_t t = perm[k];
        perm[k] = perm[j];
        perm[j] = t;
    }
    /* Bucket the seeds (perm[0..nseed)) by grid cell. */
    for (int k = 0; k < nseed; k++) {
        int c = (int)((long)(perm[k] / n) * g / n) * g +
                (int)((long)(perm[k] % n) * g / n);
        cstart[c + 1]++;
    }
    for (int c = 0; c < g * g; c++) cstart[c + 1] += cstart[c];
    memcpy(tmp, cstart, (size_t)g * g * sizeof *tmp);
    for (int k = 0; k < nseed; k++) {
        int c = (int)((long)(perm[k] / n) * g / n) * g +
                (int)((long)(perm[k] % n) * g / n);
        citem[tmp[c]++] = k;
    }
    voronoi_assign(p, perm, g, cstart, citem);
    PG_CHECK_GOTO(st, make_connected(p, perm, nseed, tmp, scratch), done);
done:
    free(perm);
    free(tmp);
    free(cstart);
    free(citem);
    free(scratch);
    return st;
}

/* A lattice of h rows of n sites with buffers and acceptance
 * thresholds; labels not set, all rows updated. */
static pg_status potts_alloc(int n, int h, double temperature, pg_rng *rng,
                             pg_foam_potts **out)
{
    *out = NULL;
    if (n < 4 || n % 2 || n > MAX_SIZE)
        return PG_FAIL(PG_ERR_ARG, "foam lattice size %d: must be even, in "
                       "[4, %d]", n, MAX_SIZE);
    if (!(temperature >= 0) || !isfinite(temperature))
        return PG_FAIL(PG_ERR_ARG, "foam temperature %g: must be >= 0 (in "
                       "units of J/k_B)", temperature);
    pg_foam_potts *p = calloc(1, sizeof *p);
    if (!p) return PG_FAIL(PG_ERR_NOMEM, "foam simulator");
    size_t nn = (size_t)n * h;
    p->n = n;
    p->h = h;
    p->lo = 0;
    p->hi = h;
    p->ahead_next = SITES_AHEAD;
    p->bits_live = 1;
    p->shift = (n & (n - 1)) ? -1 : __builtin_ctz((unsigned)n);
    p->temperature = temperature;
    p->g = pg_rng_gsl(rng);
    p->s = malloc(nn * sizeof *p->s);
    p->nu = malloc(nn);
    p->wpr = (n / 2 + 63) / 64;
    int ok = p->s && p->nu;
    for (int c = 0; c < N_SUBLATTICES; c++) {
        p->bits[c] = calloc((size_t)(h / 2) * p->wpr, sizeof *p->bits[c]);
        ok = ok && p->bits[c];
    }
    if (!ok) {
        pg_foam_potts_destroy(&p);
        return PG_FAIL(PG_ERR_NOMEM, "foam simulator %d x %d", n, h);
    }
    for (int de = 1; de <= PG_FOAM_STENCIL; de++)
        p->thresh[de] = temperature > 0
            ? (uint32_t)(exp(-de / temperature) * (double)(1u << RANDOM_BITS))
            : 0;
    *out = p;
    return PG_OK;
}

/* The bookkeeping of the labels in place: unlike counts, boundary sets,
 * energy. */
static void potts_index(pg_foam_potts *p)
{
    int n = p->n;
    long sum = 0;
    for (int y = 0; y < p->h; y++)
        for (int x = 0; x < n; x++) {
            int32_t i = y * n + x;
            p->nu[i] = (uint8_t)unlike_count(p, x, y);
            sum += p->nu[i];
            if (p->nu[i]) boundary_add(p, x, y);
        }
    p->energy = sum / 2;
}

pg_status pg_foam_potts_create(int n, int bubbles, double temperature,
                               pg_rng *rng, pg_foam_potts **out)
{
    *out = NULL;
    if (bubbles < 1 || (long)bubbles > (long)n * n)
        return PG_FAIL(PG_ERR_ARG, "foam: %d bubbles on %d x %d sites",
                       bubbles, n, n);
    pg_foam_potts *p;
    PG_CHECK(potts_alloc(n, n, temperature, rng, &p));
    pg_status st = voronoi_init(p, bubbles, rng);
    if (st != PG_OK) {
        pg_foam_potts_destroy(&p);
        return pg_error_trace(st, __FILE__, __LINE__, __func__);
    }
    potts_index(p);
    *out = p;
    return PG_OK;
}

pg_status pg_foam_potts_create_from(int n, const int32_t *labels,
                                    double temperature, pg_rng *rng,
                                    pg_foam_potts **out)
{
    *out = NULL;
    for (size_t i = 0; i < (size_t)n * (size_t)n; i++)
        if (labels[i] < 0)
            return PG_FAIL(PG_ERR_ARG, "foam start: label %d < 0 at site "
                           "%zu", (int)labels[i], i);
    pg_foam_potts *p;
    PG_CHECK(potts_alloc(n, n, temperature, rng, &p));
    memcpy(p->s, labels, (size_t)n * (size_t)n * sizeof *p->s);
    potts_index(p);
    *out = p;
    return PG_OK;
}

pg_status pg_foam_potts_create_strip(int n, int rows, const int32_t *labels,
                                     double temperature, pg_rng *rng,
                                     pg_foam_potts **out)
{
    *out = NULL;
    if (rows < 2 || rows % 2)
        return PG_FAIL(PG_ERR_ARG, "foam strip of %d rows: must be even and "
                       ">= 2", rows);
    size_t sites = (size_t)n * (size_t)(rows + 2);
    for (size_t i = 0; i < sites; i++)
        if (labels[i] < 0)
            return PG_FAIL(PG_ERR_ARG, "foam strip: label %d < 0 at row %zu, "
                           "column %zu", (int)labels[i], i / (size_t)n,
                           i % (size_t)n);
    pg_foam_potts *p;
    PG_CHECK(potts_alloc(n, rows + 2, temperature, rng, &p));
    memcpy(p->s, labels, sites * sizeof *p->s);
    p->lo = 1;
    p->hi = rows + 1;
    potts_index(p);
    *out = p;
    return PG_OK;
}

int32_t *pg_foam_potts_strip_row(const pg_foam_potts *p, int r)
{
    return p->s + (size_t)r * p->n;
}

/* Unlike count and boundary bit of every site of row y from the labels
 * now (the count of a halo site wraps to the other halo row: a value
 * nothing reads, kept only so that later flips move it consistently). */
static void row_reindex(pg_foam_potts *p, int y)
{
    for (int x = 0; x < p->n; x++) {
        int32_t i = y * p->n + x;
        int had = p->nu[i] > 0, u = unlike_count(p, x, y);
        p->nu[i] = (uint8_t)u;
        if (had && !u) boundary_remove(p, x, y);
        else if (!had && u) boundary_add(p, x, y);
    }
}

void pg_foam_potts_strip_halo_changed(pg_foam_potts *p)
{
    /* The halo rows and the own rows beside them are the only sites
     * whose stencil holds a halo site. */
    const int rows[4] = {0, 1, p->h - 2, p->h - 1};
    for (int k = 0; k < 4; k++) row_reindex(p, rows[k]);
}

void pg_foam_potts_strip_sublattice(pg_foam_potts *p, int c)
{
    sublattice_pass(p, c & (N_SUBLATTICES - 1));
}

void pg_foam_potts_strip_random(pg_foam_potts *p, int r0, int r1,
                                long attempts)
{
    uint32_t buf[SITES_AHEAD];
    int next = SITES_AHEAD;
    if (r0 < p->lo) r0 = p->lo;
    if (r1 > p->hi) r1 = p->hi;
    if (r1 > r0) random_pass(p, r0, r1, attempts, buf, &next);
}

static const char *const PROPOSAL_NAMES[] = {"stencil", "neighonly"};
static const char *const SWEEP_NAMES[] = {"checkerboard", "random"};

/* *out = index of name in names[0..count); PG_ERR_ARG naming `what` and
 * the accepted names (`expected`) otherwise. */
static pg_status parse_name(const char *const *names, int count,
                            const char *what, const char *expected,
                            const char *name, int *out)
{
    for (int q = 0; q < count; q++)
        if (!strcmp(name, names[q])) {
            *out = q;
            return PG_OK;
        }
    return PG_FAIL(PG_ERR_ARG, "foam %s '%s': expected %s", what, name,
                   expected);
}

pg_status pg_foam_proposal_parse(const char *name, pg_foam_proposal *out)
{
    int q = 0;
    PG_CHECK(parse_name(PROPOSAL_NAMES, PG_FOAM_PROPOSALS, "proposal",
                        "'stencil' (a random stencil site's id, checkerboard "
                        "sweeps) or 'neighonly' (SPPARKS potts/neighonly)",
                        name, &q));
    *out = (pg_foam_proposal)q;
    return PG_OK;
}

const char *pg_foam_proposal_name(pg_foam_proposal q)
{
    return PROPOSAL_NAMES[q];
}

void pg_foam_simulator_describe(pg_foam_proposal q, pg_foam_sweep w,
                                char *buf, size_t size)
{
    static const char *const rule[] = {
        "metropolis neighbour-id proposals",
        "metropolis proposals of a distinct unlike neighbour id (spparks "
        "potts/neighonly)"};
    static const char *const order[] = {
        "checkerboard sweeps of boundary sites",
        "random-order site visits (N^2 draws with replacement per MCS)"};
    snprintf(buf, size, "potts-glazier-weaire, stencil moore-8 (1st+2nd "
             "neighbours), %s, %s", rule[q], order[w]);
}

void pg_foam_potts_set_proposal(pg_foam_potts *p, pg_foam_proposal q)
{
    p->proposal = q;
}

pg_foam_proposal pg_foam_potts_proposal(const pg_foam_potts *p)
{
    return p->proposal;
}

pg_status pg_foam_sweep_parse(const char *name, pg_foam_sweep *out)
{
    int q = 0;
    PG_CHECK(parse_name(SWEEP_NAMES, PG_FOAM_SWEEPS, "sweep",
                        "'checkerboard' (2x2 sublattices in turn) or 'random' "
                        "(N^2 sites drawn with replacement per MCS)", name,
                        &q));
    *out = (pg_foam_sweep)q;
    return PG_OK;
}

const char *pg_foam_sweep_name(pg_foam_sweep q) { return SWEEP_NAMES[q]; }

pg_foam_sweep pg_foam_sweep_default(pg_foam_proposal q)
{
    /* neighonly in checkerboard order coarsens about twice as fast as
     * SPPARKS (docs/foam.md, "Two proposal rules"): its statistics need
     * SPPARKS's random order. */
    return q == PG_FOAM_PROPOSAL_NEIGHONLY ? PG_FOAM_SWEEP_RANDOM
                                           : PG_FOAM_SWEEP_CHECKERBOARD;
}

/* The bitsets from the unlike counts (after random order let them go
 * stale). */
static void bits_rebuild(pg_foam_potts *p)
{
    for (int c = 0; c < N_SUBLATTICES; c++)
        memset(p->bits[c], 0, (size_t)(p->h / 2) * p->wpr * sizeof *p->bits[c]);
    for (int y = 0; y < p->h; y++)
        for (int x = 0; x < p->n; x++)
            if (p->nu[y * p->n + x]) {
                uint64_t m, *w = boundary_word(p, x, y, &m);
                *w |= m;
            }
    p->bits_live = 1;
}

pg_status pg_foam_potts_set_sweep(pg_foam_potts *p, pg_foam_sweep q)
{
    p->sweep = q;
    /* Random order on a whole lattice skips interior draws through the
     * boundary list (skip_mcs) and draws its words from `fast`; a
     * strip's sectors draw every site of their rows from g
     * (pg_foam_potts_strip_random). */
    if (q != PG_FOAM_SWEEP_RANDOM || p->lo > 0) {
        gsl_rng_free(p->fast);
        p->fast = NULL;
        if (!p->bits_live) bits_rebuild(p);
        return PG_OK;
    }
    p->bits_live = 0;
    if (!p->fast) {
        p->fast = gsl_rng_alloc(gsl_rng_taus2);
        if (!p->fast)
            return PG_FAIL(PG_ERR_NOMEM, "foam random order: generator");
        /* Seeded by the next word of g: runs repeat with the seed, and
         * sequences (each its own g) get their own streams. */
        gsl_rng_set(p->fast, gsl_rng_get(p->g));
        p->wnext = WORDS;
    }
    if (p->blist) return PG_OK;
    p->list_live = 0;
    size_t sites = (size_t)p->n * p->h;
    p->blist = malloc(sites * sizeof *p->blist);
    p->bpos = malloc(sites * sizeof *p->bpos);
    if (!p->blist || !p->bpos) {
        free(p->blist);
        free(p->bpos);
        p->blist = p->bpos = NULL;
        return PG_FAIL(PG_ERR_NOMEM, "foam boundary list for random order "
                       "(%zu sites)", sites);
    }
    return PG_OK;
}

void pg_foam_potts_count_visits(pg_foam_potts *p, uint32_t *counts)
{
    p->visits = counts;
}

void pg_foam_potts_destroy(pg_foam_potts **p)
{
    if (!p || !*p) return;
    free((*p)->s);
    free((*p)->nu);
    free((*p)->blist);
    free((*p)->bpos);
    gsl_rng_free((*p)->fast);
    for (int c = 0; c < N_SUBLATTICES; c++) free((*p)->bits[c]);
    free(*p);
    *p = NULL;
}

int pg_foam_potts_size(const pg_foam_potts *p) { return p->n; }
const int32_t *pg_foam_potts_labels(const pg_foam_potts *p) { return p->s; }
double pg_foam_potts_time(const pg_foam_potts *p) { return (double)p->mcs; }
long pg_foam_potts_energy(const pg_foam_potts *p) { return p->energy; }
long pg_foam_potts_reassigned(const pg_foam_potts *p) { return p->reassigned; }
long long pg_foam_potts_flips(const pg_foam_potts *p) { return p->flips; }

long pg_foam_potts_boundary_count(const pg_foam_potts *p)
{
    return p->nboundary;
}

long long pg_foam_potts_boundary_attempts(const pg_foam_potts *p)
{
    return p->battempts;
}

long long pg_foam_potts_site_attempts(const pg_foam_potts *p)
{
    return (long long)p->mcs * p->n * p->n;
}

pg_status pg_foam_potts_verify(const pg_foam_potts *p)
{
    const int n = p->n;
    long listed = 0, boundary = 0, sum = 0;
    /* Stale bitsets (random order) are not checked: rebuilt when read,
     * so checkerboard order must have them live. */
    if (!p->bits_live && p->sweep != PG_FOAM_SWEEP_RANDOM)
        return PG_FAIL(PG_ERR_INTERNAL, "foam: boundary bitsets stale in "
                       "checkerboard order");

    for (int c = 0; p->bits_live && c < N_SUBLATTICES; c++)
        for (long w = 0; w < (long)(p->h / 2) * p->wpr; w++)
            listed += __builtin_popcountll(p->bits[c][w]);
    /* A strip's halo rows are checked too: their counts wrap to the
     * other halo row (row_reindex), consistently. */
    for (int y = 0; y < p->h; y++)
        for (int x = 0; x < n; x++) {
            int32_t i = y * n + x;
            int u = unlike_count(p, x, y);
            sum += u;
            if (u != p->nu[i])
                return PG_FAIL(PG_ERR_INTERNAL, "foam site (%d,%d): %d unlike "
                               "neighbours, bookkept %d", x, y, u, p->nu[i]);
            if (p->bits_live && boundary_has(p, x, y) != (u > 0))
                return PG_FAIL(PG_ERR_INTERNAL, "foam site (%d,%d): %d unlike "
                               "neighbours, boundary bit %d", x, y, u,
                               boundary_has(p, x, y));
            boundary += u > 0;
        }
    if ((p->bits_live && boundary != listed) || boundary != p->nboundary)
        return PG_FAIL(PG_ERR_INTERNAL, "foam: %ld boundary sites, %ld bits "
                       "set, %ld counted", boundary, listed, p->nboundary);
    /* The list: nboundary entries, each a boundary site that knows its
     * position (so no site twice): exactly the boundary set. */
    for (long k = 0; p->list_live && k < p->nboundary; k++) {
        int32_t i = p->blist[k];
        if (i < 0 || (long)i >= (long)n * p->h || !p->nu[i] || p->bpos[i] != k)
            return PG_FAIL(PG_ERR_INTERNAL, "foam boundary list entry %ld: "
                           "site %d is not a boundary site listed there", k,
                           (int)i);
    }
    /* A strip keeps no energy: halo updates change it unaccounted. */
    if (p->lo > 0) return PG_OK;
    long e = pg_foam_potts_energy_recompute(p);
    if (e != p->energy || 2 * e != sum)
        return PG_FAIL(PG_ERR_INTERNAL, "foam energy %ld J, bookkept %ld J",
                       e, p->energy);
    return PG_OK;
}
