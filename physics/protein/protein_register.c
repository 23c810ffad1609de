/* The protein penalties by name: their [physics] keys and constructors
 * (physics/penalty_registry.h). protein.profile is built from the
 * training split the trainer hands over (args.data), never from a
 * packaged HMM. */
#include "physics/penalty_registry.h"
#include "physics/protein/protein_pssm_penalty.h"

static const pg_key_spec PROFILE_KEYS[] = {
    {"physics", "protein_profile_weight", PG_KEY_DOUBLE, "0", 0, 1e6, NULL,
     "protein_gan: weight of protein.profile (mean KL per position of G's "
     "residue distribution to the training split's profile of the family "
     "asked for, nats; 0 = off)"},
    {"physics", "protein_profile_pseudocount", PG_KEY_DOUBLE, "8", 0.01, 1e4,
     NULL, "protein.profile: pseudocount weight beta mixing the background "
     "into each column's weighted frequencies"},
    {"physics", "protein_profile_score_weight", PG_KEY_DOUBLE, "0", 0, 1e6,
     NULL, "protein.profile: weight lambda of the per-sample score hinge "
     "(each sample's expected log-odds per profile column, nats, pushed up "
     "to protein_profile_score_target times the profile's own; relative "
     "to protein_profile_weight; 0 = off)"},
    {"physics", "protein_profile_score_target", PG_KEY_DOUBLE, "0.5", 0, 1,
     NULL, "protein.profile: tau, the fraction of the profile draws' "
     "expected log-odds per column a sample must reach before the score "
     "hinge lets it go"},
    {"physics", "protein_profile_end_weight", PG_KEY_DOUBLE, "0", 0, 1e6,
     NULL, "protein.profile: weight mu of the end token's forward KL per "
     "position (two outcomes, end or not) from the family's stopping "
     "hazard, whose gradient does not vanish where G gives the end token "
     "~0 (relative to protein_profile_weight; 0 = off)"},
};

static pg_status profile_create(const pg_penalty_args *a, pg_penalty **out)
{
    *out = NULL;
    if (!a->data)
        return PG_FAIL(PG_ERR_ARG, "protein.profile is built from the "
                       "training split's alignment: only the protein_gan "
                       "trainer, which hands the split over, can make it");
    pg_protein_pssm *q = NULL;
    PG_CHECK(pg_protein_pssm_build(a->data, a->geom.w, a->param[0], &q));
    return pg_protein_profile_penalty_create(&q, a->weight, a->param[1],
                                             a->param[2], a->param[3],
                                             out);
}

static const pg_penalty_kind KINDS[] = {
    {"protein.profile", PROFILE_KEYS, 5, profile_create, NULL},
};

const pg_penalty_domain pg_protein_penalty_domain = {
    "protein", KINDS, (int)(sizeof KINDS / sizeof KINDS[0]), NULL, 0};
