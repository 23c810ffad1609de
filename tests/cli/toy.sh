# physgan toy: option errors are usage errors (exit 2) naming the option and
# the expected values; a short --json run prints the documented keys; a
# fixed seed is reproducible.
. "$(dirname "$0")/lib/common.sh"

expect_exit 2 -- "$PHYSGAN" toy --dataset circle
expect_out "--dataset 'circle': expected ring\|grid\|spiral\|two-clusters\|moons"
expect_exit 2 -- "$PHYSGAN" toy --loss wasserstein
expect_out "--loss 'wasserstein': expected minimax\|nonsat\|hinge\|lsgan\|wgan\|ragan"
expect_exit 2 -- "$PHYSGAN" toy --d-steps 0
expect_out "--d-steps '0': expected an integer in \[1, 100\]"
expect_exit 2 -- "$PHYSGAN" toy --g-lr fast
expect_out "--g-lr 'fast': expected a number"
expect_exit 2 -- "$PHYSGAN" toy --label-smoothing 0.9
expect_out "--label-smoothing '0.9'"
expect_exit 2 -- "$PHYSGAN" toy --loss hinge --label-smoothing 0.1
expect_out "label-smoothing applies to minimax, nonsat and ragan"
expect_exit 2 -- "$PHYSGAN" toy --spectral-norm maybe
expect_out "expected on\|off"
expect_exit 2 -- "$PHYSGAN" toy --no-such-option
expect_out "unknown option '--no-such-option'"
expect_exit 2 -- "$PHYSGAN" toy --steps
expect_out "needs a value"
expect_exit 2 -- "$PHYSGAN" toy extra
expect_out "unexpected argument 'extra'"
expect_exit 0 -- "$PHYSGAN" toy --help
expect_out "--d-pretrain N"

small=(--steps 40 --batch 64 --g-hidden 32 --d-hidden 32 --eval-samples 1000
       --eval-every 20 --plain)
expect_exit 0 -- "$PHYSGAN" toy "${small[@]}" --dataset grid --loss ragan \
    --label-smoothing 0.1 --seed 5 --json
for key in modes_covered modes_total high_quality jsd d_real d_fake \
           g_grad_norm steps seconds; do
    expect_out "\"$key\": "
done
expect_cmp "$(json_num modes_total)" "==" 25
expect_cmp "$(json_num steps)" "==" 40
expect_cmp "$(json_num jsd)" ">=" 0
expect_cmp "$(json_num jsd)" "<=" 1
expect_cmp "$(json_num d_real)" ">" 0   # sigmoid outputs for ragan
expect_cmp "$(json_num d_real)" "<" 1
first=$(grep "^{" <<<"$out" | sed 's/, "seconds".*//')

expect_exit 0 -- "$PHYSGAN" toy "${small[@]}" --dataset grid --loss ragan \
    --label-smoothing 0.1 --seed 5 --json
[ "$first" = "$(grep "^{" <<<"$out" | sed 's/, "seconds".*//')" ] ||
    { echo "FAIL: same seed, different result"; exit 1; }
echo "ok: reproducible"
expect_exit 0 -- "$PHYSGAN" toy "${small[@]}" --dataset grid --loss ragan \
    --label-smoothing 0.1 --seed 6 --json
[ "$first" != "$(grep "^{" <<<"$out" | sed 's/, "seconds".*//')" ] ||
    { echo "FAIL: another seed, same result"; exit 1; }
echo "ok: the seed matters"

# The human summary.
expect_exit 0 -- "$PHYSGAN" toy "${small[@]}" --loss wgan
expect_out "modes covered +[0-9]+ / 8"
expect_out "raw D output"
