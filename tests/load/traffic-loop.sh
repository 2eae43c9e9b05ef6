#!/usr/bin/env bash
# The learning loop's figures (docs/quality.md): for each configuration SLICE:ROUNDS and each user-model seed,
# tests/ReRanker.TrafficLoop serves train.jsonl (after the first SLICE utterances, which train the starting weights;
# 0 = none) to a real service with the decision log on, in ROUNDS parts with a retrain between parts, lets simulated
# users answer through /v1/feedback, imports, retrains (train --all --loss combined) and evaluates on test.jsonl.
# Quality figures, not timing: any machine. Results: $OUT/results/traffic-loop-<slice>-<rounds>-<seed>.json and a
# markdown table on stdout.   CONFIGS="0:1 0:3 137:1 137:3" SEEDS="1 2 3 4 5" (the defaults), OUT=/tmp/reranker-loop.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${OUT:-/tmp/reranker-loop}"
mkdir -p "$out/results"
for project in src/ReRanker.Api src/ReRanker.Trainer tests/ReRanker.TrafficLoop; do
  dotnet build "$root/$project" -c Release --nologo -v quiet >&2
done
bin() { echo "$root/$1/bin/Release/net10.0/$2"; }
for config in ${CONFIGS:-0:1 0:3 137:1 137:3}; do
  slice=${config%%:*} rounds=${config##*:}
  for seed in ${SEEDS:-1 2 3 4 5}; do
    echo "[$(date +%H:%M:%S)] slice $slice, rounds $rounds, seed $seed" >&2
    rm -rf "$out/work"
    dotnet "$(bin tests/ReRanker.TrafficLoop reranker-traffic-loop.dll)" \
      --api "$(bin src/ReRanker.Api ReRanker.Api.dll)" --trainer "$(bin src/ReRanker.Trainer reranker-train.dll)" \
      --train "$root/tests/data/slurp-nbest/train.jsonl" --test "$root/tests/data/slurp-nbest/test.jsonl" \
      --work "$out/work" --slice "$slice" --rounds "$rounds" --seed "$seed" \
      --json "$out/results/traffic-loop-$slice-$rounds-$seed.json" >/dev/null 2>"$out/results/traffic-loop-$slice-$rounds-$seed.log"
  done
done
python3 - "$out/results" <<'PY'
import glob, json, os, statistics, sys
rows = {}
for path in sorted(glob.glob(os.path.join(sys.argv[1], "traffic-loop-*.json"))):
    d = json.load(open(path))
    rows.setdefault((d["sliceUtterances"], d["rounds"]), []).append(d)
print("| start weights | rounds | seeds | SemER before | after traffic | traffic, records without gold dropped | full gold | share recovered | share, without-gold dropped | corrections |")
print("|---|---|---|---|---|---|---|---|---|---|")
for (slice, rounds), runs in sorted(rows.items()):
    m = lambda k: statistics.mean(r[k] for r in runs)
    s = lambda k: statistics.stdev(r[k] for r in runs) if len(runs) > 1 else 0.0
    start = f"first {slice} utterances" if slice else "none (unweighted)"
    each = ", ".join(format(r["shareRecovered"], ".2f") for r in runs)
    print(f"| {start} | {rounds} | {len(runs)} | {m('semerBefore'):.3f} | {m('semerTraffic'):.3f} ± {s('semerTraffic'):.3f} | "
          f"{m('semerTrafficWithoutNegatives'):.3f} ± {s('semerTrafficWithoutNegatives'):.3f} | {m('semerGold'):.3f} | "
          f"**{m('shareRecovered'):.2f}** (each: {each}) | {m('shareRecoveredWithoutNegatives'):.2f} | "
          f"{100 * m('correctionShare'):.1f} % |")
PY
