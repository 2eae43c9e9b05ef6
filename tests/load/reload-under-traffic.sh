#!/usr/bin/env bash
# Steady-state p99, then RELOAD_COUNT (100) new weight versions written every RELOAD_INTERVAL (0.2 s) under
# the same load: non-2xx, connection errors, every version served, p99 ratio. Writes $OUT/results/reload.json.
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-reload"
mkdir -p "$OUT/results"
machine_line | tee "$OUT/results/reload.machine"
start_server "$OUT/registry-reload" "$OUT/server-reload.log"
python3 "$LOAD_DIR/loadrun.py" reload "$BASE" "$OUT/registry-reload" "$OUT/results/reload.json"
