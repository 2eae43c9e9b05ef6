#!/usr/bin/env bash
# POST /v1/rerank against the bare echo app (tests/ReRanker.EchoBaseline, a separate process) and the service's own
# /bench/echo, in interleaved wrk rounds (-t2 -c32 by default) on one 1.6 KB corpus body; then p50/p99 at half the
# maximum rate, resident memory. Writes $OUT/results/$RESULT_NAME.json (default throughput). Settings: see loadrun.py;
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
