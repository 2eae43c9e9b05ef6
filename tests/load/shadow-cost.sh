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
start_one() {  # start_one <port> <registry> <log file>; appends the pid to pids
  local port=$1 registry=$2 logfile=$3
  (cd "$API_DIR" && exec dotnet ReRanker.Api.dll --Urls="http://127.0.0.1:$port" --Registry:Path="$registry" \
      --DecisionLog:Path= --Serilog:MinimumLevel:Default=Warning) >"$logfile" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0
    sleep 0.5
  done
  log "server on $port did not become ready"; tail -20 "$logfile" >&2; return 1
}
start_one "$port_with" "$OUT/registry-candidates" "$OUT/server-shadow-with.log"
start_one "$port_without" "$OUT/registry-plain" "$OUT/server-shadow-without.log"
python3 "$LOAD_DIR/shadow_cost.py" measure "http://127.0.0.1:$port_with" "${pids[0]}" "http://127.0.0.1:$port_without" "${pids[1]}" \
  "$OUT/results/shadow-cost.json"
