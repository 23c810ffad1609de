# physgan --help / --version / per-command help / usage errors.
. "$(dirname "$0")/lib/common.sh"

expect_exit 0 -- "$PHYSGAN" --help
expect_out '^  config '
expect_out '^  demo '
expect_out 'exit codes'
for cmd in $("$PHYSGAN" --help | awk '/^commands:/{f=1;next} f && /^  [a-z]/{print $1}'); do
  expect_exit 0 -- "$PHYSGAN" "$cmd" --help
  expect_out "usage: physgan $cmd"
done
expect_exit 0 -- "$PHYSGAN" --version
expect_out '^physgan [0-9]+\.[0-9]+\.[0-9]+ \(git [0-9a-f]+|unknown\)'
expect_exit 2 -- "$PHYSGAN"
expect_exit 2 -- "$PHYSGAN" frobnicate
expect_out "unknown command 'frobnicate'"
expect_exit 2 -- "$PHYSGAN" demo xor --no-such-option
expect_exit 2 -- "$PHYSGAN" demo xor --steps abc
expect_out "train.steps"
