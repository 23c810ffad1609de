# physgan eval foam: diagnostics of a simulated foam/1 file, the JSON keys,
# a file against itself (area_ks 0, no count or area error), usage errors
# exit 2, unreadable files 1.
. "$(dirname "$0")/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" simulate foam --size 32 --bubbles 20 --frames 4 \
    --interval 20 --sequences 2 --seed 3 --out f.h5
expect_exit 0 -- "$PHYSGAN" eval foam f.h5
expect_out '^\| 0 \| 20\.0 \| 51\.2 \|'
expect_out 'von Neumann: slope'
expect_exit 0 -- "$PHYSGAN" eval foam f.h5 --json
for k in mean_neighbors von_neumann_r area_ks mass_error threefold_fraction; do
  expect_out "\"$k\": "
done
expect_out '"area_ks": null'
n=$(json_num mean_neighbors); expect_cmp "$n" ">" 5
expect_cmp "$n" "<" 7
expect_cmp "$(json_num threefold_fraction)" ">" 0.5
expect_exit 0 -- "$PHYSGAN" eval foam f.h5 f.h5 --json
expect_cmp "$(json_num area_ks)" "==" 0
expect_cmp "$(json_num bubble_count_error)" "==" 0
expect_cmp "$(json_num mean_area_error)" "==" 0
# Another seed differs from it.
expect_exit 0 -- "$PHYSGAN" simulate foam --size 32 --bubbles 20 --frames 4 \
    --interval 20 --sequences 2 --seed 4 --out g.h5
expect_exit 0 -- "$PHYSGAN" eval foam g.h5 f.h5 --json
expect_cmp "$(json_num area_ks)" ">" 0

# The coarsening law: growth exponent over the stated window, first-step
# bubble loss (20 bubbles at t = 0 -> fewer at 20 MCS), against itself 0.
expect_exit 0 -- "$PHYSGAN" eval foam f.h5 f.h5 --json --growth-from 20
expect_out '"growth_from": 20, "growth_to": 60, "growth_frames": 3'
g=$(json_num growth_exponent); expect_cmp "$g" ">" 0
expect_cmp "$g" "<" 3
loss=$(json_num first_step_loss); expect_cmp "$loss" ">" 0
expect_cmp "$loss" "<" 1
expect_cmp "$(json_num first_step_loss_error)" "==" 0
expect_cmp "$(json_num growth_exponent_error)" "==" 0
expect_exit 0 -- "$PHYSGAN" eval foam f.h5 --growth-from 20 --growth-to 40
expect_out 'growth: fewer than 3 frames'
expect_out 'first step: 20\.0 -> '
expect_exit 2 -- "$PHYSGAN" eval foam f.h5 --growth-from 50 --growth-to 40
expect_exit 2 -- "$PHYSGAN" eval foam f.h5 --growth-from x

expect_exit 2 -- "$PHYSGAN" eval foam
expect_exit 2 -- "$PHYSGAN" eval foam a.h5 b.h5 c.h5
expect_exit 2 -- "$PHYSGAN" eval foam --bogus f.h5
expect_exit 0 -- "$PHYSGAN" eval foam --help
expect_out 'foam/1'
expect_exit 1 -- "$PHYSGAN" eval foam missing.h5
echo "not hdf5" > bad.h5
expect_exit 1 -- "$PHYSGAN" eval foam bad.h5
