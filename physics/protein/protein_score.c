#include "physics/protein/protein_score.h"

#include <math.h>

#include "physics/protein/protein_evalue.h"
#include "physics/protein/protein_null2.h"
#include "physics/protein/protein_profile.h"

pg_status pg_protein_score_seqs(const pg_protein_hmm *hmm,
                                const pg_protein_seqs *s,
                                pg_protein_score *out)
{
    return pg_protein_score_seqs_null2(hmm, s, 0, out);
}

pg_status pg_protein_score_seqs_null2(const pg_protein_hmm *hmm,
                                      const pg_protein_seqs *s, int null2,
                                      pg_protein_score *out)
{
    pg_protein_profile *p = NULL;
    pg_status st = PG_OK;
    PG_CHECK(pg_protein_profile_create(hmm, &p));
    for (int i = 0; i < s->n; i++) {
        pg_protein_score *o = &out[i];
        const uint8_t *seq = pg_protein_seqs_at(s, i);
        PG_CHECK_GOTO(st, pg_protein_viterbi_bits(p, seq, s->length[i],
                                                  &o->viterbi_bits), done);
        PG_CHECK_GOTO(st, pg_protein_forward_bits(p, seq, s->length[i],
                                                  &o->forward_bits), done);
        o->bias_bits = 0.0;
        o->regions = o->split = 0;
        if (null2) {
            PG_CHECK_GOTO(st, pg_protein_null2_bits(p, seq, s->length[i],
                                                    &o->bias_bits,
                                                    &o->regions, &o->split),
                          done);
            o->forward_bits -= o->bias_bits;
        }
        int v = PG_HMM_STATS_VITERBI, f = PG_HMM_STATS_FORWARD;
        o->viterbi_p = hmm->has_stats[v]
                           ? pg_protein_gumbel_surv(o->viterbi_bits,
                                                    hmm->stats_loc[v],
                                                    hmm->stats_lambda[v])
                           : NAN;
        o->forward_p = hmm->has_stats[f]
                           ? pg_protein_exp_tail_surv(o->forward_bits,
                                                      hmm->stats_loc[f],
                                                      hmm->stats_lambda[f])
                           : NAN;
    }
done:
    pg_protein_profile_destroy(&p);
    return st;
}
