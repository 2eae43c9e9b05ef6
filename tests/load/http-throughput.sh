#!/usr/bin/env bash
# /v1/rerank against the framework's ceiling (/bench/echo) in alternating wrk rounds, p50/p99 at half the
# maximum rate, resident memory. Writes $OUT/results/$RESULT_NAME.json (default throughput). Settings: see
# loadrun.py; SERVER_ARGS adds server settings, e.g. SERVER_ARGS=--Serilog:MinimumLevel:Default=Warning (no request log).
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-throughput"
mkdir -p "$OUT/results"
name="${RESULT_NAME:-throughput}"
machine_line | tee "$OUT/results/$name.machine"
# shellcheck disable=SC2086 # SERVER_ARGS is a list of --Key=Value settings
start_server "$OUT/registry-throughput" "$OUT/server-$name.log" ${SERVER_ARGS:-}
python3 "$LOAD_DIR/loadrun.py" throughput "$BASE" "$SERVER_PID" "$OUT/results/$name.json"
