#!/usr/bin/env bash
# POST /v1/rerank against the bare echo app (tests/ReRanker.EchoBaseline, a separate process) and the service's own
# /bench/echo, in interleaved wrk rounds (-t2 -c32 by default) on one 1.6 KB corpus body; then p50/p99 at half the
# maximum rate, resident memory. Writes $OUT/results/$RESULT_NAME.json (default throughput) and ends with a summary:
# rerank req/s, bare echo req/s, their ratio (the target: >= 0.8), and the half-load run's rate, p50 and p99 (target
# p99 <= 5 ms). wrk has no fixed-rate mode (-R is wrk2's): the half-load run throttles with a per-connection delay
# (rerank.lua, RATE_DELAY_MS, 0..2x) and a connection count corrected once from a probe so that it gets about half
# of the median maximum rate (loadrun.py half_load; HALF_CONNS and HALF_DELAY_MS fix them by hand). The request log
# is on (the server's default), written to $OUT/server-$RESULT_NAME.log. Settings: see loadrun.py;
# SERVER_ARGS adds server settings, e.g. SERVER_ARGS=--Serilog:MinimumLevel:Default=Warning (no request log).
# SMOKE=1: one round of 2 s (result throughput-smoke), only to prove the harness runs; its figures mean nothing.
source "$(dirname "$0")/lib.sh"
if [[ "${SMOKE:-0}" == 1 ]]; then
  export ROUNDS=1 DURATION=2 WARMUP=1 PROBE_SECONDS=1 HALF_SECONDS=2
  RESULT_NAME="${RESULT_NAME:-throughput-smoke}"
fi
prepare
trap 'stop_server; stop_echo' EXIT
copy_registry "$OUT/registry-throughput"
mkdir -p "$OUT/results"
name="${RESULT_NAME:-throughput}"
machine_line | tee "$OUT/results/$name.machine"
# shellcheck disable=SC2086 # SERVER_ARGS is a list of --Key=Value settings
start_server "$OUT/registry-throughput" "$OUT/server-$name.log" ${SERVER_ARGS:-}
start_echo
python3 "$LOAD_DIR/loadrun.py" throughput "$BASE" "$SERVER_PID" "$ECHO_BASE" "$ECHO_PID" "$OUT/results/$name.json"
python3 - "$OUT/results/$name.json" <<'SUMMARY'
import json, sys
r = json.load(open(sys.argv[1]))
h = r["halfLoad"]
print(f"rerank {r['medianRerankRps']:.0f} req/s; bare echo {r['medianBareRps']:.0f} req/s; ratio {r['medianRatio']:.3f} (target >= 0.8; "
      f"median of {r['settings']['rounds']} interleaved rounds; CPU ratio {r['medianCpuRatio']:.3f})")
print(f"half load: {h['rps']:.0f} req/s (target {h['targetRps']:.0f}; {h['connections']} connections, {h['delayMs']} ms delay): "
      f"p50 {h['p50Ms']:.3f} ms, p99 {h['p99Ms']:.3f} ms (target <= 5 ms); {h['non2xx']} non-2xx, {h['connectionErrors']} connection errors")
SUMMARY
