#!/usr/bin/env bash
# Hyper-parameter and feature search on held-out parts of train.jsonl (never test.jsonl).
# Usage: src/ReRanker.Trainer/scripts/tune.sh grid-file [seeds...]
# Each grid line: "<loss> <l2> <ce-weight> <features> [rounds [train options...]]". For each seed, train.jsonl
# is split 75/25 (split --seed), weights are fit on the 75 % (--holdout 0 unless the line's options give
# one) and evaluated on the 25 %; the TSV line is the mean over seeds of top-1 SemER, IRER, domain error,
# ECE all, ECE top-1. rounds=2 trains again with round 1 held fixed. Options such as "--calibration none"
# go to every train command of the line.
set -euo pipefail
cd "$(dirname "$0")/../../.."
bin=src/ReRanker.Trainer/bin/Release/net10.0/reranker-train
[ -x "$bin" ] || dotnet build src/ReRanker.Trainer -c Release -v quiet >/dev/null
grid=$1
shift
seeds=("${@:-7 8 9}")
[ $# -eq 0 ] && seeds=(7 8 9)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for seed in "${seeds[@]}"; do
  "$bin" split --data tests/data/slurp-nbest/train.jsonl --holdout 0.25 --seed "$seed" \
    --fit-out "$work/fit$seed.jsonl" --holdout-out "$work/dev$seed.jsonl" >/dev/null
done
printf 'loss\tl2\tceWeight\tfeatures\trounds\toptions\tsemer\tirer\tdomainError\teceAll\teceTop1\n'
while read -r loss l2 ce features rounds options; do
  [ -z "${loss:-}" ] && continue
  rounds=${rounds:-1}
  read -r -a extra <<<"${options:-}"
  holdout=(--holdout 0)
  [[ " ${options:-} " == *" --holdout "* ]] && holdout=()
  for seed in "${seeds[@]}"; do
    rm -rf "$work/r"*
    registry=()
    for ((round = 1; round <= rounds; round++)); do
      "$bin" train --data "$work/fit$seed.jsonl" --all --loss "$loss" --l2 "$l2" --ce-weight "$ce" --features "$features" \
        "${holdout[@]}" "${extra[@]}" --out "$work/r$round" --created-at 2026-01-01T00:00:00Z "${registry[@]}" >/dev/null 2>&1
      registry=(--registry "$work/r$round")
    done
    "$bin" evaluate --data "$work/dev$seed.jsonl" --registry "$work/r$rounds" --format json |
      jq -c '.weights | [.semer, .irer, .domainError, .eceAll, .eceTop1]'
  done | jq -r -s --arg s "$loss	$l2	$ce	$features	$rounds	${options:-}" \
    'transpose | map(add / length * 1000 | round / 1000) | [$s] + map(tostring) | join("\t")'
done < "$grid"
