# physgan robust: the report on a generated table (the robust fit beats OLS
# under attack and converges), the eps sweep, reproducibility, --out, and
# the exit codes and messages for bad input.
. "$(dirname "$0")/lib/common.sh"

awk -v n=300 -v seed=4 -f "$SRC/data/samples/robust_linear.awk" > lin.csv

expect_exit 0 -- "$PHYSGAN" robust lin.csv --target y --eps 0.5 --json
for key in clean_rmse worst_rmse norm_w intercept coef converged \
           train_objective subgradient_norm n_train n_test; do
  expect_out "\"$key\": "
done
expect_out '"features": \["x1", "x2", "x3"\]'
expect_out '"n_train": 210, "n_test": 90'
expect_out '"converged": true'
ols=$(sed 's/.*"ols": {//' <<<"$out" | sed -n 's/[^}]*"worst_rmse": \([0-9.eE+-]*\).*/\1/p')
rob=$(sed 's/.*"robust": {//' <<<"$out" | sed -n 's/[^}]*"worst_rmse": \([0-9.eE+-]*\).*/\1/p')
olsn=$(sed 's/.*"ols": {//' <<<"$out" | sed -n 's/[^}]*"norm_w": \([0-9.eE+-]*\).*/\1/p')
robn=$(sed 's/.*"robust": {//' <<<"$out" | sed -n 's/[^}]*"norm_w": \([0-9.eE+-]*\).*/\1/p')
expect_cmp "$rob" "<" "$ols"
expect_cmp "$robn" "<" "$olsn"
first=$out

# Same seed, same numbers; another seed, another split.
expect_exit 0 -- "$PHYSGAN" robust lin.csv --target y --eps 0.5 --json
[ "$first" = "$out" ] || { echo "FAIL: same seed, different report"; exit 1; }
echo "ok: reproducible"
expect_exit 0 -- "$PHYSGAN" robust lin.csv --target y --eps 0.5 --json --seed 2
[ "$first" != "$out" ] || { echo "FAIL: seed ignored"; exit 1; }
echo "ok: the seed changes the split"

# A sweep: one table per eps, and the Markdown report written with --out.
expect_exit 0 -- "$PHYSGAN" robust lin.csv --target y --eps 0,0.2,1 --out r.md
expect_out '### eps = 0$'
expect_out '### eps = 0.2$'
expect_out '### eps = 1$'
expect_out '\| worst-case fit \|'
[ "$(grep -c '^worst-case fit: converged' r.md)" -eq 3 ] ||
  { echo "FAIL: r.md lacks three converged fits"; cat r.md; exit 1; }
echo "ok: r.md has three converged fits"

# Bad CSV: exit 1, the message names file:line:column.
printf 'x1,y\n1,2\n3,oops\n' > bad.csv
expect_exit 1 -- "$PHYSGAN" robust bad.csv --target y --eps 0.1
expect_out "bad.csv:3:3: 'oops' in column 'y' is not a number"
printf 'x1,y\n1,2\n3,4,5\n' > ragged.csv
expect_exit 1 -- "$PHYSGAN" robust ragged.csv --target y --eps 0.1
expect_out "ragged.csv:3:5: row has 3 fields, the header has 2"
: > empty.csv
expect_exit 1 -- "$PHYSGAN" robust empty.csv --target y --eps 0.1
expect_out "empty.csv:1:1: empty file"
expect_exit 1 -- "$PHYSGAN" robust missing.csv --target y --eps 0.1
expect_out "missing.csv: cannot open"

# Usage errors: exit 2.
expect_exit 2 -- "$PHYSGAN" robust lin.csv --eps 0.1
expect_out "--target COLUMN is required"
expect_exit 2 -- "$PHYSGAN" robust lin.csv --target z --eps 0.1
expect_out "lin.csv:1:1: no column 'z' in the header"
expect_exit 2 -- "$PHYSGAN" robust lin.csv --target y
expect_out "--eps E is required"
expect_exit 2 -- "$PHYSGAN" robust lin.csv --target y --eps 0.1,-1
expect_out "--eps '-1'"
expect_exit 2 -- "$PHYSGAN" robust lin.csv --target y --eps 0.1 --test-fraction 1
expect_exit 0 -- "$PHYSGAN" robust --help
expect_out "usage: physgan robust"
