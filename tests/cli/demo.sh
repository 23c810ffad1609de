# physgan demo xor: the engine learns; the documented promise holds.
. "$(dirname "$0")/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" demo xor --json
acc=$(json_num test_accuracy)
at=$(json_num reached_target_at_step)
expect_cmp "$acc" ">=" 0.98
expect_cmp "$at" ">" 0
expect_cmp "$at" "<=" 2000

# With a job file and an override; the same seed gives the same result.
expect_exit 0 -- "$PHYSGAN" demo xor "$SRC/jobs/xor-demo.ini" --seed 7 --json
first=$(grep "^{" <<<"$out")
expect_exit 0 -- "$PHYSGAN" demo xor "$SRC/jobs/xor-demo.ini" --seed 7 --json
[ "$first" = "$(grep "^{" <<<"$out")" ] || { echo "FAIL: same seed, different result"; exit 1; }
echo "ok: reproducible"

# Too few steps to learn: the self-check reports failure (exit 1).
expect_exit 1 -- "$PHYSGAN" demo xor --steps 3 --json
expect_out '"passed": false'
