# physgan submit: usage errors exit 2 (counts, time format, array without
# --command, bad job file), --dry-run prints a script with the preemption
# lines and the train step; without sbatch in PATH the submit fails (1)
# saying so, after writing RUN_DIR/submit.sbatch.
. "$(dirname "$0")/lib/common.sh"

JOB=$SRC/jobs/xor-demo.ini
rm -rf runs  # left by an earlier failed run
expect_exit 2 -- "$PHYSGAN" submit
expect_exit 0 -- "$PHYSGAN" submit --help
expect_out '--ntasks-per-node'
expect_exit 2 -- "$PHYSGAN" submit "$JOB" --nodes 1 --time 10
expect_out 'required'
expect_exit 2 -- "$PHYSGAN" submit "$JOB" --nodes 0 --ntasks-per-node 1 --time 10
expect_out '--nodes'
expect_exit 2 -- "$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node x --time 10
expect_exit 2 -- "$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node 1 --time 1:75:00
expect_out "time limit '1:75:00'"
expect_exit 2 -- "$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node 1 --time 10 --array 7-1 --command true
expect_out "array '7-1'"
expect_exit 2 -- "$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node 1 --time 10 --array 0-7
expect_out '--array needs --command'
printf '[train]\nstepz = 3\n' > bad.ini
expect_exit 2 -- "$PHYSGAN" submit bad.ini --nodes 1 --ntasks-per-node 1 --time 10 --dry-run
expect_out 'bad.ini:2'

expect_exit 0 -- "$PHYSGAN" submit "$JOB" --nodes 2 --ntasks-per-node 4 \
  --time 1-00:30 --partition short --dry-run -o train.steps=7
expect_out '^#SBATCH --nodes=2$'
expect_out '^#SBATCH --ntasks-per-node=4$'
expect_out '^#SBATCH --time=1-00:30$'
expect_out '^#SBATCH --signal=B:USR1@120$'
expect_out '^#SBATCH --requeue$'
expect_out '^#SBATCH --open-mode=append$'
expect_out '^#SBATCH --partition=short$'
expect_out "^#SBATCH --output=$PWD/runs/xor-demo/slurm-%j.out$"
expect_out "^srun '.*physgan' train '$JOB' --resume --plain -o 'train.steps=7' &$"
expect_out 'scontrol requeue'
[ ! -e runs ] || { echo "FAIL: --dry-run wrote files"; exit 1; }
echo "ok: --dry-run writes nothing"
# The rendered script is valid bash.
"$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node 1 --time 5 --dry-run > s.sh
bash -n s.sh || { echo "FAIL: bash -n"; exit 1; }
echo "ok: bash -n accepts the script"

expect_exit 0 -- "$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node 1 --time 5 \
  --array 0-3 --command 'echo task $SLURM_ARRAY_TASK_ID' --dry-run
expect_out '^#SBATCH --array=0-3$'
expect_out 'slurm-%A_%a.out'
expect_out '^srun echo task \$SLURM_ARRAY_TASK_ID &$'

# No sbatch: a clear run-time error, the script kept for inspection.
expect_exit 1 -- env PATH=/nonexistent "$PHYSGAN" submit "$JOB" --nodes 1 \
  --ntasks-per-node 1 --time 5
expect_out 'sbatch not found in PATH'
[ -x runs/xor-demo/submit.sbatch ] || { echo "FAIL: no submit.sbatch"; exit 1; }
echo "ok: runs/xor-demo/submit.sbatch written"
# A run directory with checkpoints needs --resume.
mkdir -p runs/xor-demo/checkpoints && : > runs/xor-demo/checkpoints/ckpt-000010.h5
expect_exit 2 -- "$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node 1 --time 5 --dry-run
expect_out 'already has checkpoints'
expect_exit 0 -- "$PHYSGAN" submit "$JOB" --nodes 1 --ntasks-per-node 1 --time 5 --dry-run --resume
rm -rf runs
