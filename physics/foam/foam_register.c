/* The foam penalties by name: their [physics] keys and constructors
 * (physics/penalty_registry.h). The keys' order is the job schema's. */
#include "physics/foam/foam_penalties.h"
#include "physics/penalty_registry.h"

static const pg_key_spec MASS_KEYS[] = {
    {"physics", "foam_mass_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of foam.mass (gas content of output vs input frame; 0 = off)"},
};

static pg_status mass_create(const pg_penalty_args *a, pg_penalty **out)
{
    return pg_foam_mass_penalty_create(a->geom.h, a->geom.w, a->geom.batch,
                                       a->weight, out);
}

static const pg_key_spec PLATEAU_KEYS[] = {
    {"physics", "foam_plateau_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of foam.plateau (films meet three at a time at 120 deg; "
     "0 = off)"},
    {"physics", "foam_plateau_sigma", PG_KEY_DOUBLE, "2", 0.5, 64, NULL,
     "foam.plateau window scale sigma, lattice sites"},
};

static pg_status plateau_create(const pg_penalty_args *a, pg_penalty **out)
{
    return pg_foam_plateau_penalty_create(a->geom.h, a->geom.w, a->param[0],
                                          a->weight, out);
}

static const pg_key_spec VN_KEYS[] = {
    {"physics", "foam_vonneumann_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of foam.vonneumann (curvature-flow proxy of von Neumann's "
     "law; 0 = off)"},
    {"physics", "foam_vonneumann_tau", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "foam.vonneumann step tau = 3 k dt / pi, sites^2 (k: von Neumann slope "
     "in sites/MCS, dt: surrogate step in MCS)"},
    {"physics", "foam_vonneumann_eps", PG_KEY_DOUBLE, "0.3", 1e-3, 10, NULL,
     "foam.vonneumann gradient regulariser eps, field units per site"},
};

static pg_status vn_create(const pg_penalty_args *a, pg_penalty **out)
{
    return pg_foam_vonneumann_penalty_create(a->geom.h, a->geom.w,
                                             a->geom.batch, a->param[0],
                                             a->param[1], a->weight, out);
}

static const pg_penalty_kind KINDS[] = {
    {"foam.mass", MASS_KEYS, 1, mass_create, NULL},
    {"foam.plateau", PLATEAU_KEYS, 2, plateau_create, NULL},
    {"foam.vonneumann", VN_KEYS, 3, vn_create, NULL},
};

const pg_penalty_domain pg_foam_penalty_domain = {
    "foam", KINDS, (int)(sizeof KINDS / sizeof KINDS[0]), NULL, 0};
