/* The crystal penalties by name: their [physics] keys and constructors
 * (physics/penalty_registry.h). Samples are crystal tables
 * (crystal_sample.h): the layout comes from the geometry. crystal.cell's
 * bounds default to the training set's, which the crystal_vaegan trainer
 * hands over as args.data (a pg_crystal_cell_bounds). */
#include <math.h>

#include "physics/crystal/crystal_penalties.h"
#include "physics/penalty_registry.h"

static pg_status layout_of(const pg_penalty_args *a, const char *who,
                           pg_crystal_layout *l)
{
    return pg_crystal_layout_of(a->geom.channels, a->geom.h, a->geom.w, who,
                                l);
}

static const pg_key_spec SPACING_KEYS[] = {
    {"physics", "crystal_spacing_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of crystal.spacing (pairs closer than the bound, A^2; "
     "0 = off)"},
    {"physics", "crystal_spacing_fraction", PG_KEY_DOUBLE, "0.7", 0.1, 1.5,
     NULL, "crystal.spacing bound as a fraction of the sum of the two "
     "atoms' radii"},
};

static pg_status spacing_create(const pg_penalty_args *a, pg_penalty **out)
{
    pg_crystal_layout l;
    PG_CHECK(layout_of(a, "crystal.spacing", &l));
    return pg_crystal_spacing_penalty_create(&l, a->param[0], a->weight, out);
}

static const pg_key_spec CHARGE_KEYS[] = {
    {"physics", "crystal_charge_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of crystal.charge (squared expected cell charge, e^2; "
     "0 = off)"},
};

static pg_status charge_create(const pg_penalty_args *a, pg_penalty **out)
{
    pg_crystal_layout l;
    PG_CHECK(layout_of(a, "crystal.charge", &l));
    return pg_crystal_charge_penalty_create(&l, a->weight, out);
}

static const pg_key_spec EWALD_KEYS[] = {
    {"physics", "crystal_ewald_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of crystal.ewald (Ewald energy of the expected charges, eV; "
     "0 = off)"},
    {"physics", "crystal_ewald_accuracy", PG_KEY_DOUBLE, "1e-6", 1e-15, 0.1,
     NULL, "crystal.ewald truncation target of the real and reciprocal "
     "sums (relative)"},
};

static pg_status ewald_create(const pg_penalty_args *a, pg_penalty **out)
{
    pg_crystal_layout l;
    PG_CHECK(layout_of(a, "crystal.ewald", &l));
    return pg_crystal_ewald_penalty_create(&l, a->param[0], a->weight, out);
}

static const pg_key_spec GII_KEYS[] = {
    {"physics", "crystal_gii_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of crystal.gii (global instability index, v.u.; 0 = off)"},
    {"physics", "crystal_gii_cutoff", PG_KEY_DOUBLE, "4.5", 2, 10, NULL,
     "crystal.gii bond-valence pair cutoff, A"},
};

static pg_status gii_create(const pg_penalty_args *a, pg_penalty **out)
{
    pg_crystal_layout l;
    PG_CHECK(layout_of(a, "crystal.gii", &l));
    return pg_crystal_gii_penalty_create(&l, a->param[0], a->weight, out);
}

static const pg_key_spec CELL_KEYS[] = {
    {"physics", "crystal_cell_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "weight of crystal.cell (hinges on lattice plane spacings below the "
     "bound and on ln(volume per atom) outside the range, unitless; 0 = "
     "off)"},
    {"physics", "crystal_cell_min_plane", PG_KEY_DOUBLE, "0", 0, 100, NULL,
     "crystal.cell smallest lattice plane spacing without penalty, A (0 = "
     "the training set's smallest, at least 1 A)"},
    {"physics", "crystal_cell_volume_min", PG_KEY_DOUBLE, "0", 0, 1e4, NULL,
     "crystal.cell lower end of the volume per atom range, A^3 (0 = the "
     "training set's smallest)"},
    {"physics", "crystal_cell_volume_max", PG_KEY_DOUBLE, "0", 0, 1e5, NULL,
     "crystal.cell upper end of the volume per atom range, A^3 (0 = the "
     "training set's largest)"},
};

/* A key set > 0 wins over the training set's value. */
static pg_status cell_bound(const pg_penalty_args *a, int k, double data,
                            double *out)
{
    if (a->param[k] > 0) {
        *out = a->param[k];
        return PG_OK;
    }
    if (!a->data)
        return PG_FAIL(PG_ERR_CONFIG, "[physics] %s = 0 asks for the "
                       "training set's value, which only the crystal_vaegan "
                       "trainer hands over; set it > 0",
                       CELL_KEYS[k + 1].key);
    *out = data;
    return PG_OK;
}

static pg_status cell_create(const pg_penalty_args *a, pg_penalty **out)
{
    pg_crystal_layout l;
    *out = NULL;
    PG_CHECK(layout_of(a, "crystal.cell", &l));
    const pg_crystal_cell_bounds *d = a->data;
    pg_crystal_cell_bounds b;
    PG_CHECK(cell_bound(a, 0, d ? fmax(d->min_plane, PG_CRYSTAL_MIN_PLANE) : 0,
                        &b.min_plane));
    PG_CHECK(cell_bound(a, 1, d ? d->vpa_min : 0, &b.vpa_min));
    PG_CHECK(cell_bound(a, 2, d ? d->vpa_max : 0, &b.vpa_max));
    if (b.vpa_max < b.vpa_min)
        return PG_FAIL(PG_ERR_CONFIG, "[physics] crystal_cell_volume_max "
                       "%g < crystal_cell_volume_min %g A^3", b.vpa_max,
                       b.vpa_min);
    return pg_crystal_cell_penalty_create(&l, &b, a->weight, out);
}

static const pg_penalty_kind KINDS[] = {
    {"crystal.spacing", SPACING_KEYS, 2, spacing_create, NULL},
    {"crystal.charge", CHARGE_KEYS, 1, charge_create, NULL},
    {"crystal.ewald", EWALD_KEYS, 2, ewald_create, NULL},
    {"crystal.gii", GII_KEYS, 2, gii_create, NULL},
    {"crystal.cell", CELL_KEYS, 4, cell_create, NULL},
};

const pg_penalty_domain pg_crystal_penalty_domain = {
    "crystal", KINDS, (int)(sizeof KINDS / sizeof KINDS[0]), NULL, 0};
