# physgan config: resolved output, overrides and precise errors.
. "$(dirname "$0")/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" config "$SRC/jobs/xor-demo.ini" -o optim.lr=0.02
expect_out '^\[optim\]'
expect_out '^lr *= *0\.02'
expect_out 'override'
expect_out '^hidden *= *16'
expect_out 'xor-demo.ini:[0-9]+'
expect_out '^eval_every *= *100'      # a default not in the file

# The resolved output is itself a valid job file giving the same values.
"$PHYSGAN" config "$SRC/jobs/xor-demo.ini" -o optim.lr=0.02 > resolved.ini
expect_exit 0 -- "$PHYSGAN" config resolved.ini
expect_out '^lr *= *0\.02'

printf '[train]\nsteps = 10\nstepz = 3\n' > typo.ini
expect_exit 2 -- "$PHYSGAN" config typo.ini
expect_out 'typo.ini:3'
expect_out 'stepz'
expect_out "steps"

printf '[optim]\nlr = fast\n' > badvalue.ini
expect_exit 2 -- "$PHYSGAN" config badvalue.ini
expect_out 'badvalue.ini:2'
expect_out 'lr'

printf '[train]\nbatch = 0\n' > range.ini
expect_exit 2 -- "$PHYSGAN" config range.ini
expect_out 'range.ini:2'
expect_out 'batch'

printf '[nonsense]\nx = 1\n' > section.ini
expect_exit 2 -- "$PHYSGAN" config section.ini
expect_out 'section.ini:1'
expect_out 'nonsense'

expect_exit 1 -- "$PHYSGAN" config does-not-exist.ini
expect_out 'does-not-exist.ini'

expect_exit 2 -- "$PHYSGAN" config "$SRC/jobs/xor-demo.ini" -o optim.lr
expect_out 'optim.lr'
expect_exit 2 -- "$PHYSGAN" config "$SRC/jobs/xor-demo.ini" -o optim.beta1=2
expect_out 'beta1'

expect_exit 0 -- "$PHYSGAN" config --keys
expect_out '\| *lr *\|'

# Every shipped job file resolves against the schema (no unknown key, no
# value out of range).
for job in "$SRC"/jobs/*.ini; do
  expect_exit 0 -- "$PHYSGAN" config "$job"
done
