#!/usr/bin/env bash
# Half load for SOAK_SECONDS (default 300) with RSS sampled every 10 s. Writes $OUT/results/soak.json.
# The request log goes to /dev/null here: five minutes of it would be a gigabyte on disk.
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-soak"
mkdir -p "$OUT/results"
machine_line | tee "$OUT/results/soak.machine"
start_server "$OUT/registry-soak" /dev/null
python3 "$LOAD_DIR/loadrun.py" soak "$BASE" "$SERVER_PID" "$OUT/results/soak.json"
