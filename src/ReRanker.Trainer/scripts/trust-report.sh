#!/usr/bin/env bash
# Measures the two tables of docs/quality.md "Segments and balance" and "Differential privacy: utility":
#  1. R3 with and without --balance KEY (deviceType, hasScreen), on test.jsonl per segment of KEY:
#     overall top-1 SemER, the worst segment (of those with >= 50 utterances) and its gap to the whole.
#  2. --loss ce trained with --dp-epsilon at 0.5, 1, 2, 4, 8 (the private defaults; five noise seeds each, --holdout 0,
#     so the seed only draws the noise), top-1 SemER and ECE all on test.jsonl, median of the seeds; against non-private
#     ce on the private default features and on the full feature groups (what the ε = 1 target compares with).
# Prints markdown. Quality figures, not timing: run it at low priority (nice -n 10) on a shared machine.
# Usage (from anywhere): nice -n 10 src/ReRanker.Trainer/scripts/trust-report.sh
set -euo pipefail
# shellcheck source=lib.sh
source "$(dirname "$0")/lib.sh"
f3() { printf '%.3f' "$1"; }

echo "| R3 (--loss combined) | key | overall top-1 SemER | worst segment | its SemER | gap to the whole |"
echo "|---|---|---|---|---|---|"
"$bin" train --data "$train" --all --loss combined --out "$work/plain" "${created[@]}" >/dev/null 2>&1
for key in deviceType hasScreen; do
  "$bin" train --data "$train" --all --loss combined --balance "$key" --out "$work/balanced-$key" "${created[@]}" >/dev/null 2>&1
  for variant in plain "balanced-$key"; do
    "$bin" evaluate --data "$test" --registry "$work/$variant" --format json --segment "$key" --bootstrap 1 >"$work/$variant-$key.json"
    jq -r --arg v "$variant" --arg k "$key" '.segments[$k] as $s | .weights.semer as $all | $s.worst as $w |
      "| \(if $v == "plain" then "default" else "--balance " + $k end) | \($k) | \($all * 1000 | round / 1000) | \($w) | \($s.values[$w].semer * 1000 | round / 1000) | \($s.worstGap * 1000 | round / 1000) |"' "$work/$variant-$key.json"
  done
done
echo

echo "| ε (--loss ce, test.jsonl) | top-1 SemER (median of 5 seeds) | range | ECE all (median) | range |"
echo "|---|---|---|---|---|"
for eps in 0.5 1 2 4 8; do
  semers=(); eces=()
  for seed in 1 2 3 4 5; do
    "$bin" train --data "$train" --all --loss ce --holdout 0 --dp-epsilon "$eps" --seed "$seed" --out "$work/dp-$eps-$seed" "${created[@]}" >/dev/null 2>&1
    "$bin" evaluate --data "$test" --registry "$work/dp-$eps-$seed" --format json >"$work/dp-$eps-$seed.json"
    semers+=("$(jq '.weights.semer' "$work/dp-$eps-$seed.json")"); eces+=("$(jq '.weights.eceAll' "$work/dp-$eps-$seed.json")")
  done
  med() { printf '%s\n' "$@" | sort -g | sed -n 3p; }
  lo() { printf '%s\n' "$@" | sort -g | head -1; }
  hi() { printf '%s\n' "$@" | sort -g | tail -1; }
  echo "| $eps | $(f3 "$(med "${semers[@]}")") | $(f3 "$(lo "${semers[@]}")")–$(f3 "$(hi "${semers[@]}")") | $(f3 "$(med "${eces[@]}")") | $(f3 "$(lo "${eces[@]}")")–$(f3 "$(hi "${eces[@]}")") |"
done
# ∞: no noise. The private pipeline's own bounds with a budget so large that the noise vanishes (the cost of the bounds
# alone), then plain non-private ce, uncalibrated: on the private default features, and on the full feature groups
# without device (what the ε = 1 target compares with); last R2 as shipped (default features, Platt).
private_features=list.domainMargin+log.product+list.productMargin
"$bin" train --data "$train" --all --loss ce --holdout 0 --dp-epsilon 1000000 --out "$work/dp-bounds" "${created[@]}" >/dev/null 2>&1
"$bin" train --data "$train" --all --loss ce --holdout 0 --calibration none --features "$private_features" --out "$work/ce-private-features" "${created[@]}" >/dev/null 2>&1
"$bin" train --data "$train" --all --loss ce --holdout 0 --calibration none --features logits+intent+domain+slots+product --out "$work/ce" "${created[@]}" >/dev/null 2>&1
"$bin" train --data "$train" --all --loss ce --holdout 0 --out "$work/ce-default" "${created[@]}" >/dev/null 2>&1
for r in dp-bounds ce-private-features ce ce-default; do "$bin" evaluate --data "$test" --registry "$work/$r" --format json >"$work/$r.json"; done
row() { echo "| $1 | $(f3 "$(jq '.weights.semer' "$2")") | – | $(f3 "$(jq '.weights.eceAll' "$2")") | – |"; }
row "∞, the private pipeline's bounds only (--dp-epsilon 1e6)" "$work/dp-bounds.json"
row "∞, non-private ce, the private default features, uncalibrated" "$work/ce-private-features.json"
row "∞, non-private ce, logits+intent+domain+slots+product, uncalibrated" "$work/ce.json"
row "∞, non-private ce, default features and platt calibration" "$work/ce-default.json"
