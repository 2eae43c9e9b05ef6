#!/usr/bin/env bash
# FUZZ_COUNT (10,000) mutated rerank bodies: no 5xx, normal answers afterwards; then the admin endpoints with
# no or wrong keys: always 401, registry folder unchanged. Writes $OUT/results/fuzz.jsonl and admin.json.
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-fuzz"
mkdir -p "$OUT/results"
machine_line | tee "$OUT/results/fuzz.machine"
start_server "$OUT/registry-fuzz" "$OUT/server-fuzz.log"
status=0
python3 "$LOAD_DIR/fuzz.py" "$BASE" "$BODIES" "${FUZZ_COUNT:-10000}" "${FUZZ_SEED:-7}" 4 | tee "$OUT/results/fuzz.jsonl" || status=1
python3 "$LOAD_DIR/admin_auth.py" "$BASE" "$OUT/registry-fuzz" "$ADMIN_KEY" | tee "$OUT/results/admin.json" || status=1
# A 5xx would have logged an unhandled exception: count them too.
errors=$(grep -a -c '"Level":"\(Error\|Fatal\)"' "$OUT/server-fuzz.log" || true)
echo "{\"serverErrorLogLines\": $errors}" | tee "$OUT/results/fuzz-server-errors.json"
exit "$status"
