#!/usr/bin/env bash
# Per-domain feature-set selection on held-out parts of train.jsonl (never test.jsonl).
# For seeds 7 8 9: split train.jsonl 75/25, fit every domain with the default set and with each candidate
# set, then for each domain ask the gate how the candidate does against the default on the held-out
# utterances that concern that domain (every other domain at the default set). Prints, per domain and
# candidate, the mean top-1 SemER change over the seeds (negative = better), and the best candidate.
# Usage: src/ReRanker.Trainer/scripts/select-features.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
default=logits+intent+domain+slots+product+device
candidates=(logits+domain logits+product logits+intent+domain logits+intent+domain+slots
  logits+intent+domain+slots+product logits+intent+domain+slots+product+context)
seeds=(7 8 9)
for seed in "${seeds[@]}"; do
  "$bin" split --data tests/data/slurp-nbest/train.jsonl --holdout 0.25 --seed "$seed" \
    --fit-out "$work/fit$seed.jsonl" --holdout-out "$work/dev$seed.jsonl" >/dev/null
  for set in "$default" "${candidates[@]}"; do
    "$bin" train --data "$work/fit$seed.jsonl" --all --loss combined --features "$set" --holdout 0 \
      --out "$work/$seed/$set" --created-at 2026-01-01T00:00:00Z >/dev/null 2>&1
  done
done
printf 'domain\tcandidate\tmeanSemerChange\n'
for domain in $(ls "$work/${seeds[0]}/$default"); do
  for set in "${candidates[@]}"; do
    for seed in "${seeds[@]}"; do
      "$bin" gate --data "$work/dev$seed.jsonl" --candidate "$work/$seed/$set/$domain/1.json" \
        --registry "$work/$seed/$default" --semer-tolerance 1 --ece-tolerance 1 |
        sed -E 's/.*SemER ([0-9.]+) vs ([0-9.]+).*/\1 \2/'
    done | awk -v d="$domain" -v s="$set" '{ sum += $1 - $2; n++ } END { printf "%s\t%s\t%+.4f\n", d, s, sum / n }'
  done
done | tee "$work/all.tsv"
echo
echo "best per domain (change < -0.005 only):"
sort -t$'\t' -k1,1 -k3,3g "$work/all.tsv" | awk -F'\t' '!seen[$1]++ && $3 < -0.005 { print $1 "=" $2 "\t" $3 }'
