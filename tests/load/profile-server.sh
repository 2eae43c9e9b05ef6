#!/usr/bin/env bash
# Where the server's CPU goes for /v1/rerank and for /bench/echo: perf samples (software cpu-clock events; this
# VM has no hardware counters) of the Release server under wrk, JIT frames named through the .NET perf map.
# Writes $OUT/results/profile-<endpoint>.txt (top symbols) and profile-<endpoint>-parts.md (the share of each part of
# the request path, profile-summary.py). WARMUP (default 30 s) lets the JIT's tiering finish first. Needs `perf`.
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-profile"
mkdir -p "$OUT/results"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
start_server "$OUT/registry-profile" /dev/null
wrk_run /v1/rerank 1 32 "${WARMUP:-30}" >/dev/null   # warm-up: JIT tiering
wrk_run /bench/echo 1 32 5 >/dev/null
for endpoint in /v1/rerank /bench/echo; do
  name=$(basename "$endpoint")
  perf record -e cpu-clock -F 999 -g -p "$SERVER_PID" -o "$OUT/perf-$name.data" -- sleep 15 2>/dev/null &
  perf_pid=$!
  ticks_before=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  wrk_run "$endpoint" 1 32 15 >"$OUT/results/profile-$name-wrk.json"
  ticks_after=$(awk '{print $14 + $15}' "/proc/$SERVER_PID/stat")
  wait "$perf_pid" || true
  perf report -i "$OUT/perf-$name.data" --no-children --sort symbol --stdio -g none 2>/dev/null \
    | grep "%" | head -60 >"$OUT/results/profile-$name.txt" || true
  perf report -i "$OUT/perf-$name.data" --no-children --sort dso --stdio -g none 2>/dev/null \
    | grep "%" | head -15 >"$OUT/results/profile-$name-dso.txt" || true
  perf script -i "$OUT/perf-$name.data" 2>/dev/null >"$OUT/perf-$name.script" || true
  # Server CPU per request over the profiled run (perf's own overhead included), so the table can say µs.
  cpu=$(python3 -c "import json,os,sys; n=json.load(open(sys.argv[1]))['requests']; print(round((int(sys.argv[3]) - int(sys.argv[2])) / os.sysconf('SC_CLK_TCK') * 1e6 / n, 1))" \
    "$OUT/results/profile-$name-wrk.json" "$ticks_before" "$ticks_after" 2>/dev/null || true)
  python3 "$LOAD_DIR/profile-summary.py" "$OUT/perf-$name.script" $cpu >"$OUT/results/profile-$name-parts.md" || true
  log "profile of $endpoint: $OUT/results/profile-$name.txt, $OUT/results/profile-$name-parts.md"
done
