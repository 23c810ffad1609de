/* `physgan score KIND`: kinds that live in their own cmd_score_KIND.c,
 * listed in cmd_score.c's table, and the sequence loading they share. */
#ifndef PG_CLI_CMD_SCORE_H
#define PG_CLI_CMD_SCORE_H

#include "base/status.h"
#include "physics/protein/protein_seqs.h"

/* Sequences of path: protein/1 (.h5) or FASTA (plain or .gz) read with
 * the rules of `import fasta`, skip messages printed to stderr prefixed
 * with "physgan CMD:"; no sequence at all is an error naming the file. */
pg_status pg_cmd_score_load_seqs(const char *cmd, const char *path,
                                 pg_protein_seqs **out);

/* Pairwise identity (cmd_score_identity.c); argv[0] is the kind. */
int pg_cmd_score_identity(int argc, char **argv);

#endif
