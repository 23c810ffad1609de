# physgan bench foam --pareto: from the same start frames, the full
# simulator (no error against itself) and the coarse-grained simulator at
# the asked strides (errors > 0 against the full one, all in range), the
# JSON keys, --pareto-dir keeping foam/1 frames, the label-choice floors
# (a window wide enough for every move is exact, K = 1 freezes the start),
# the Gaussian label vote as a way, usage errors.
. "$(dirname "$0")/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" simulate foam --size 64 --bubbles 64 --frames 2 \
    --interval 100 --sequences 2 --seed 2 --out start.h5
expect_exit 0 -- "$PHYSGAN" bench foam --pareto --init start.h5:all:1 --steps 4 \
    --step-mcs 64 --pareto-strides 2,4 --json
for k in seconds speedup bubble_count_error mean_area_error area_ks growth_exponent \
         first_step_loss von_neumann_slope von_neumann_r angle_deviation_deg; do
  expect_out "\"$k\": "
done
expect_out '"way": "full simulator", "stride": 1, "mcs_per_step": 64'
expect_out '"stride": 2, "mcs_per_step": 16'
expect_out '"stride": 4, "mcs_per_step": 4'
json=$out
# The full simulator against itself: no error.
full=$(sed 's/.*"stride": 1, //; s/}.*//' <<<"$json")
out=$full
expect_cmp "$(json_num bubble_count_error)" "==" 0
expect_cmp "$(json_num area_ks)" "==" 0
# The S = 4 way differs from it, within range.
s4=$(sed 's/.*"stride": 4, //; s/}.*//' <<<"$json")
out=$s4
expect_cmp "$(json_num area_ks)" ">" 0
expect_cmp "$(json_num area_ks)" "<=" 1
expect_cmp "$(json_num mean_area_error)" ">" 0
expect_cmp "$(json_num seconds)" ">" 0

expect_exit 0 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --steps 3 \
    --step-mcs 16 --pareto-strides 2 --pareto-dir .
expect_out '^\| full simulator \| '
expect_out '^\| simulator at S = 2 \+ refinement \| '
[ -s pareto_s1.h5 ] && [ -s pareto_s2.h5 ] || { echo "FAIL: frames not kept"; exit 1; }
expect_exit 0 -- "$PHYSGAN" eval foam pareto_s2.h5 pareto_s1.h5
expect_out 'against the reference at 4 equal times'

# Label-choice floors on the full grid: K = 1 can change nothing (every
# moved site unrepresentable, the start frozen: errors > 0); K = 15 reaches
# every move of 3 MCS on this foam, so it reproduces the full simulator.
expect_exit 0 -- "$PHYSGAN" bench foam --pareto --init start.h5:all:1 --steps 2 \
    --step-mcs 4 --pareto-strides 2 --label-floor 1,15 --floor-coarse 1 --json
expect_out '"way": "label-choice floor", "stride": 1, "mcs_per_step": 4, "window": 1, '
json=$out
out=$(sed 's/.*"window": 1, //; s/}.*//' <<<"$json")
expect_cmp "$(json_num unrepresentable_sites)" ">" 0
expect_cmp "$(json_num area_ks)" ">" 0
expect_cmp "$(json_num bubbles_lost)" "==" 0
out=$(sed 's/.*"window": 15, //; s/}.*//' <<<"$json")
expect_cmp "$(json_num unrepresentable_sites)" "==" 0
expect_cmp "$(json_num bubble_count_error)" "==" 0
expect_cmp "$(json_num area_ks)" "==" 0
# The table names the floors; at a coarse grid they are one more row each.
expect_exit 0 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --steps 2 \
    --step-mcs 16 --pareto-strides 2 --label-floor 3 --floor-coarse 2
expect_out '^\| label-choice floor K = 3 at S = 2 \| '
expect_out 'label-choice floor K = 3 at S = 2: 0\.[0-9]+ of the coarse sites'
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --step-mcs 16 \
    --pareto-strides 2 --label-floor 4
expect_out 'odd whole numbers'
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --step-mcs 16 \
    --pareto-strides 2 --label-floor 3 --floor-coarse 3
expect_out 'label-choice floor: frames of 64x64 sites do not divide'
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --step-mcs 16 \
    --pareto-strides 2 --floor-coarse 2
expect_out 'goes with --label-floor'
expect_exit 2 -- "$PHYSGAN" bench foam --label-floor 3
expect_out 'go with --pareto'
# The Gaussian label vote: a way of its own, judged against its baseline
# of equal error, that moves the foam its own way (errors > 0 against the full one).
expect_exit 0 -- "$PHYSGAN" bench foam --pareto --init start.h5:all:1 --steps 2 \
    --step-mcs 16 --pareto-strides 2 --label-vote 1.5 --vote-iters 2 \
    --floor-coarse 2 --json
expect_out '"way": "label vote", "stride": 2, "mcs_per_step": 4, '
expect_out '"sigma": 1.5, "votes_per_step": 2, "window": 9, '
out=$(sed 's/.*"way": "label vote", //; s/}.*//' <<<"$out")
expect_out '"baseline_stride": (2|null), "speedup_vs_baseline_cpu": '
expect_cmp "$(json_num area_ks)" ">" 0
expect_cmp "$(json_num cpu_seconds)" ">" 0
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --step-mcs 16 \
    --pareto-strides 2 --vote-iters 2
expect_out 'goes with --label-vote'
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --step-mcs 16 \
    --pareto-strides 2 --label-vote 0

# A surrogate as one more way (a tiny G trained 2 steps: its errors are
# large, what matters is that it is run from the same frames and measured).
rm -rf run
tiny_foam_surrogate train.h5 run
# OMP_NUM_THREADS=2 (ctest sets 1): the command itself must go to one thread.
expect_exit 0 -- env OMP_NUM_THREADS=2 "$PHYSGAN" bench foam --pareto --init start.h5:all:1 \
    --steps 2 --step-mcs 20 --pareto-strides 2 --checkpoint $CK --json
expect_out '"way": "surrogate", "stride": 1, "mcs_per_step": 20'
# Every way on one thread, G's included (before, G ran on the default
# thread count and its CPU seconds summed the threads).
expect_out '"threads": 1, "ways": '
expect_out '"baseline_stride": (2|null), "speedup_vs_baseline_cpu": '
s=$(sed 's/.*"way": "surrogate", //; s/}.*//' <<<"$out")
out=$s
expect_cmp "$(json_num area_ks)" ">" 0
expect_cmp "$(json_num seconds)" ">" 0
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:all:1 --steps 2 \
    --step-mcs 16 --pareto-strides 2 --checkpoint $CK
expect_out 'give --step-mcs 20'

expect_exit 2 -- "$PHYSGAN" bench foam --pareto
expect_out 'needs --init'
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --step-mcs 10 --pareto-strides 2
expect_out 'S\^2 = 4 must'
expect_exit 2 -- "$PHYSGAN" bench foam --init start.h5:0:1
expect_exit 2 -- "$PHYSGAN" bench foam --pareto --init start.h5:0:1 --pareto-strides 2,x
echo "all ok"
