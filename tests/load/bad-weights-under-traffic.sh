#!/usr/bin/env bash
# Corrupt, NaN, infinite, wrong-domain, unknown-feature and half-written weight files under load: the served
# version must not change and /v1/registry/status must name each file. Writes $OUT/results/bad-weights.json.
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-bad"
mkdir -p "$OUT/results"
machine_line | tee "$OUT/results/bad-weights.machine"
start_server "$OUT/registry-bad" "$OUT/server-bad.log"
python3 "$LOAD_DIR/loadrun.py" bad "$BASE" "$OUT/registry-bad" "$OUT/results/bad-weights.json"
