#!/usr/bin/env bash
# The cost of shadow candidates (docs/performance.md, "Shadow candidates"): rerank throughput with a candidate on
# every domain against the same build and registry without candidates, two servers side by side in alternating wrk
# rounds (decision log off on both). Writes $OUT/results/shadow-cost.json. Target: ratio ≥ 0.9.
# SMOKE=1 runs one 1-second round (proves the script works; its figures mean nothing). Timing figures: quiet machine only.
source "$(dirname "$0")/lib.sh"
prepare
if [[ "${SMOKE:-0}" == 1 ]]; then export ROUNDS=1 DURATION=1 WARMUP=1; fi
mkdir -p "$OUT/results"
copy_registry "$OUT/registry-plain"
copy_registry "$OUT/registry-candidates"
# Every domain gets a candidate: its served file with the bias moved, as the next version, named in CANDIDATE.
python3 "$LOAD_DIR/shadow_cost.py" make-candidates "$OUT/registry-candidates"
machine_line | tee "$OUT/results/shadow-cost.machine"
port_with=$PORT port_without=$((PORT + 1))
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
start_side_server "$port_with" "$OUT/server-shadow-with.log" --Registry:Path="$OUT/registry-candidates" --DecisionLog:Path=
start_side_server "$port_without" "$OUT/server-shadow-without.log" --Registry:Path="$OUT/registry-plain" --DecisionLog:Path=
python3 "$LOAD_DIR/shadow_cost.py" measure "http://127.0.0.1:$port_with" "${pids[0]}" "http://127.0.0.1:$port_without" "${pids[1]}" \
  "$OUT/results/shadow-cost.json"
