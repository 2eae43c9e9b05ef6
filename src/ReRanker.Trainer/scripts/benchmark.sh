#!/usr/bin/env bash
# Trainer speed: (1) wall time of fitting R3 for all 18 domains on train.jsonl, whole process, hyperfine
# median over repeated runs; (2) training throughput at about one million hypotheses (train.jsonl
# replicated 58 times, --holdout 0), as reported by the trainer's own fit timer, median of 3 runs.
# Usage: src/ReRanker.Trainer/scripts/benchmark.sh [runs]   (needs hyperfine: apt-get install hyperfine)
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-15}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Framework-dependent ReadyToRun publish: less JIT at start-up, same code and same output bytes.
dotnet publish src/ReRanker.Trainer -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true \
  -o "$work/bin" -v quiet -nologo >/dev/null
bin=$work/bin/reranker-train
train=tests/data/slurp-nbest/train.jsonl
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

hyperfine --warmup 2 --runs "$runs" --prepare "rm -rf $work/r3" --export-json "$work/r3.json" \
  "$bin train --data $train --all --loss combined --out $work/r3 --created-at 2026-11-21T00:00:00Z" >&2
jq -r '.results[0] | "R3, 18 domains, whole process: median \(.median * 1000 | round) ms, mean \(.mean * 1000 | round) ms ± \(.stddev * 1000 | round), min \(.min * 1000 | round) ms, max \(.max * 1000 | round) ms, user \(.user * 1000 | round) ms, system \(.system * 1000 | round) ms (\(.times | length) runs)"' "$work/r3.json"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

# About a million hypotheses: train.jsonl 58 times over, in one file (repeated utterances are fine: nothing keys on them).
big=$work/train-x58.jsonl
for _ in $(seq 58); do cat "$train"; done >"$big"
for i in 1 2 3; do
  rm -rf "$work/big"
  /usr/bin/time -f "peak RSS %M KiB" "$bin" train --data "$big" --all --loss combined --holdout 0 \
    --out "$work/big" --created-at 2026-11-21T00:00:00Z 2>&1 >"$work/big.out" | grep 'peak RSS' >"$work/big.rss"
  echo "$(tail -1 "$work/big.out"); $(cat "$work/big.rss")"
done | tee "$work/big.txt"
sed -E 's/.*\(([0-9]+) hypotheses\/s\).*/\1/' "$work/big.txt" | sort -n | sed -n 2p | xargs -I{} echo "throughput at ~1M hypotheses: median {} hypotheses/s (fit phase)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
