/* JSON snapshots of a pg_toy run, shared by the HTML replay (toy_replay.h)
 * and the live lab (toy_server.h); the page (toy_page.c) draws them.
 *
 * Numbers are quantised to keep pages small:
 *   points    integers in units of q = extent / 500 (clamped to +-3 extents;
 *             non-finite coordinates go to the clamp), x, y interleaved;
 *   heat      D's output on a PG_TOY_FRAME_HEAT^2 grid of cell centres over
 *             [-extent, extent]^2 (row 0 at the top, y = +extent), as one
 *             character per cell from the base64url alphabet: level
 *             0..63 of (v - lo) / (hi - lo); lo, hi = 0, 1 for the BCE
 *             losses (sigmoid of D), the frame's min and max otherwise;
 *   grad      the arrows: grad_x of D's shown output (central differences,
 *             h = extent / 256) at the centres of a PG_TOY_FRAME_ARROWS^2
 *             grid, as integers dx, dy in [-99, 99] relative to the frame's
 *             longest arrow. Every G loss falls as D's output on a fake
 *             point rises, so a generated point there is pushed along the
 *             arrow (for lsgan only while D < 1); the length also shows
 *             where the gradient vanishes (a saturated sigmoid);
 *   share     per-mode share of generated points near the mode, per mille.
 */
#ifndef PG_TRAIN_TOY_FRAME_H
#define PG_TRAIN_TOY_FRAME_H

#include "io/text_buffer.h"
#include "lab/toy.h"

enum {
    PG_TOY_FRAME_HEAT = 48,
    PG_TOY_FRAME_ARROWS = 16,
    PG_TOY_FRAME_POINTS = 500, /* at most this many points per set */
    PG_TOY_FRAME_QUANT = 500   /* points per extent */
};

typedef struct pg_toy_framer pg_toy_framer;

/* Workspace for the heat and arrow grids (allocated once). */
pg_status pg_toy_framer_create(pg_toy_framer **out);
void pg_toy_framer_destroy(pg_toy_framer **f);

/* The parts fixed for a run: {"dataset", "loss", "bce", "extent", "q",
 * "d_steps", "d_lr", "g_lr", "batch", "seed", "modes": [[x, y, r3]...]
 * (quantised centre and 3-sigma radius), "real": [points]}. c is the
 * configuration t was created with. */
void pg_toy_frame_header_json(const pg_toy_config *c, const pg_toy *t,
                              pg_text_buffer *b);

/* One frame from the last pg_toy_evaluate (m): {"step", "jsd", "hq",
 * "d_real", "d_fake", "covered" ("0101..."), "share", "fake", "lo", "hi",
 * "heat", "gmax", "grad"}; c as above. Runs D on the grids. */
pg_status pg_toy_frame_json(pg_toy_framer *f, pg_toy *t,
                            const pg_toy_config *c, const pg_toy_metrics *m,
                            pg_text_buffer *b);

/* Append x as a JSON number with 4 significant digits, null when not
 * finite. */
void pg_toy_frame_number(pg_text_buffer *b, double x);

#endif
