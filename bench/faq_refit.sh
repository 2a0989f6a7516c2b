#!/usr/bin/env bash
# The shipped FAQ fits, reproducibly: the exact rows and targets of bot/faq/learned_fit.json,
# learned_fit_fr.json, examples_<lang>.jsonl and reranker_<lang>.npz (docs/faq.md). Without
# arguments it cross-validates and prints the figures; with --write it also rewrites those files
# (`git diff --stat bot/faq` then shows nothing when the shipped fit is reproduced).
#
#   bash bench/faq_refit.sh [--write] [--lang en|fr]
#
# A held-out set joins these lists only after its single measurement (docs/faq.md, "Evaluation
# protocol").
set -euo pipefail
cd "$(dirname "$0")/.."
langs=(en fr)
args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --lang) langs=("$2"); shift 2 ;;
    *) args+=("$1"); shift ;;
  esac
done
heldout() { for i in $(seq 3 97); do echo "tests/data/faq_heldout${i}_$1.jsonl"; done; }
train() {
  for b in 10a 10b 10c 10d 10e 10f 11g 11h 11i 11j 11k 12l 12m 15n 15o 17p 19 20; do
    echo "tests/data/faq_train${b}_$1.jsonl"
  done
}
for lang in "${langs[@]}"; do
  if [ "$lang" = en ]; then
    # English at a 2% wrong-answer target again since the twenty-third session (2026-12-07,
    # 17:14 UTC, written before the fit and before heldout78-79 were frozen). From the
    # nineteenth session it was 1.5%: heldout53-54 got 10 answers wrong (2.9%) at 2%, and the
    # blind adjudicator found none of them acceptable, which the rule written before the
    # verdicts (docs/faq.md) set as the trigger (>= 9). At 1.5%, the sixteen sets heldout62-77
    # got 33 of 2,787 English answers wrong (1.2%, builders' labels; 0.7% over heldout62-75
    # with the blind verdicts), and the right answers fell short of 85% (84.7%). The rule for
    # this change: it stays if heldout78-79, each measured once at the first fit with it, get
    # at most 8 English answers wrong together (builders' labels); otherwise back to 1.5%.
    # shellcheck disable=SC2046
    .venv/bin/python bench/faq_learn.py \
      --real tests/data/faq_tuning_real.jsonl tests/data/faq_heldout_real.jsonl \
      tests/data/faq_heldout_real2.jsonl $(heldout en) tests/data/faq_translated_en.jsonl \
      $(train en) \
      --examples --max-wrong 0.02 --learn-only tests/data/faq_synthetic_new_en.jsonl \
      ${args[@]+"${args[@]}"}
  else
    # French at a 2% wrong-answer target, like English (docs/faq.md, "A faster build, a 2%
    # wrong-answer target, heldout45 to heldout49").
    # A 1.5% target was tried before the blind label adjudication (1b72c07-4103c1e): more right
    # answers (heldout32: 49.3% against 41.7%), but heldout33 got 4.2% wrong, over the 3% bar
    # (docs/faq.md, "A French target of 1.5% tried and withdrawn").
    # shellcheck disable=SC2046
    .venv/bin/python bench/faq_learn.py --lang fr \
      --real tests/data/faq_heldout_fr.jsonl $(heldout fr) $(train fr) \
      --examples --max-wrong 0.02 \
      --learn-only tests/data/faq_translated_fr.jsonl tests/data/faq_synthetic_new_fr.jsonl \
      ${args[@]+"${args[@]}"}
  fi
done
