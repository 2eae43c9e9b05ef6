#!/usr/bin/env bash
# /v1/rerank against the framework's ceiling (/bench/echo) in alternating wrk rounds, p50/p99 at half the
# maximum rate, resident memory. Writes $OUT/results/throughput.json. Settings: see loadrun.py.
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-throughput"
mkdir -p "$OUT/results"
machine_line | tee "$OUT/results/throughput.machine"
start_server "$OUT/registry-throughput" "$OUT/server-throughput.log"
python3 "$LOAD_DIR/loadrun.py" throughput "$BASE" "$SERVER_PID" "$OUT/results/throughput.json"
