#!/usr/bin/env bash
# The decision log's cost (docs/performance.md): rerank throughput with the log on against the same build with it
# off, two servers side by side in alternating wrk rounds. Writes $OUT/results/decision-log-cost.json.
# SMOKE=1 runs one 1-second round (proves the script works; its figures mean nothing). Timing figures: quiet machine only.
source "$(dirname "$0")/lib.sh"
prepare
if [[ "${SMOKE:-0}" == 1 ]]; then export ROUNDS=1 DURATION=1 WARMUP=1; fi
mkdir -p "$OUT/results"
copy_registry "$OUT/registry-decision-log"
rm -rf "$OUT/decision-log" "$OUT/decision-log.hmac-key"
machine_line | tee "$OUT/results/decision-log-cost.machine"
port_on=$PORT port_off=$((PORT + 1))
pids=()
trap 'for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; wait 2>/dev/null || true' EXIT
start_side_server "$port_on" "$OUT/server-decision-log-on.log" --Registry:Path="$OUT/registry-decision-log" --DecisionLog:Path="$OUT/decision-log"
start_side_server "$port_off" "$OUT/server-decision-log-off.log" --Registry:Path="$OUT/registry-decision-log" --DecisionLog:Path=
python3 "$LOAD_DIR/decision_log_cost.py" "http://127.0.0.1:$port_on" "${pids[0]}" "http://127.0.0.1:$port_off" "${pids[1]}" \
  "$OUT/results/decision-log-cost.json"
