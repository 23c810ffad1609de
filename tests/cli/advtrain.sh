# physgan import digits and physgan advtrain: a generated digits-format
# file, a very short run, the JSON keys, and argument errors.
. "$(dirname "$0")/lib/common.sh"

# 90 rows of 64 pixel counts + label: three classes, each brightening a
# different band of rows of the 8x8 image (with some variation).
awk 'BEGIN { for (i = 0; i < 90; i++) { c = i % 3; line = "";
       for (p = 0; p < 64; p++) { r = int(p / 8);
         v = (int(r / 3) == c) ? 12 + (i + p) % 5 : (i * p) % 4;
         line = line v "," }
       print line c } }' | gzip > small.csv.gz

expect_exit 0 -- "$PHYSGAN" import digits small.csv.gz --out small.h5 --json
expect_out '"images": 90'
expect_out '"shape": \[90, 1, 8, 8\]'
expect_out '"per_class": \[30, 30, 30, 0, 0, 0, 0, 0, 0, 0\]'
test -f small.h5 && echo "ok: small.h5 written"
ls small.h5.tmp* 2>/dev/null && { echo "FAIL: temporary file left"; exit 1; }

expect_exit 0 -- "$PHYSGAN" advtrain small.h5 --epochs 2 --batch 16 \
  --pgd-steps 2 --eval-pgd-steps 3 --eval-eps 0,0.1,0.3 --width 4 --json
for key in data train_images test_images eps_train pgd_steps pgd_alpha \
           eval_eps standard adversarial clean_accuracy fgsm_accuracy \
           pgd_accuracy final_train_loss train_seconds; do
  expect_out "\"$key\":"
done
expect_out '"train_images": 72, "test_images": 18'
expect_out '"eval_eps": \[0, 0.1, 0.3\]'
clean=$(json_num clean_accuracy)
expect_cmp "$clean" '>=' 0
expect_cmp "$clean" '<=' 1
# At eps 0 both attacks are the identity: the first entries equal clean.
expect_out "\"fgsm_accuracy\": \\[$(printf '%.6g' "$clean"),"

# The table form.
expect_exit 0 -- "$PHYSGAN" advtrain small.h5 --epochs 1 --pgd-steps 1 \
  --eval-pgd-steps 1 --eval-eps 0.1 --width 2 --plain
expect_out 'standard .*adversarial'
expect_out '^  0\.100 +\|'

# Usage errors exit 2.
expect_exit 2 -- "$PHYSGAN" advtrain
expect_exit 2 -- "$PHYSGAN" advtrain small.h5 --epochs 0
expect_out 'epochs'
expect_exit 2 -- "$PHYSGAN" advtrain small.h5 --eval-eps 0,abc
expect_out 'eval-eps'
expect_exit 2 -- "$PHYSGAN" advtrain small.h5 --eps-train 2
expect_exit 2 -- "$PHYSGAN" advtrain small.h5 --bogus
expect_exit 2 -- "$PHYSGAN" import
expect_exit 2 -- "$PHYSGAN" import pictures x.csv
expect_out "unknown kind 'pictures'"
expect_exit 2 -- "$PHYSGAN" import digits small.csv.gz
expect_out '--out'

# Run-time failures exit 1 and name the file.
expect_exit 1 -- "$PHYSGAN" advtrain missing.h5
expect_out 'missing.h5'
printf '1,2,3\n' | gzip > short.csv.gz
expect_exit 1 -- "$PHYSGAN" import digits short.csv.gz --out short.h5
expect_out 'short.csv.gz:1:6: 3 fields, expected 65'
test ! -e short.h5 && echo "ok: no output on failure"
expect_exit 1 -- "$PHYSGAN" advtrain small.csv.gz
expect_out 'small.csv.gz'
