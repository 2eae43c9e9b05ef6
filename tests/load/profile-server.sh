#!/usr/bin/env bash
# Where the server's CPU goes for /v1/rerank and for /bench/echo: perf samples (software cpu-clock events; this
# VM has no hardware counters) of the Release server under wrk, JIT frames named through the .NET perf map.
# Writes $OUT/results/profile-<endpoint>.txt (top symbols). Needs `perf` (Debian linux-perf).
source "$(dirname "$0")/lib.sh"
prepare
trap stop_server EXIT
copy_registry "$OUT/registry-profile"
mkdir -p "$OUT/results"
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
start_server "$OUT/registry-profile" /dev/null
wrk_run /v1/rerank 1 32 5 >/dev/null   # warm-up
wrk_run /bench/echo 1 32 5 >/dev/null
for endpoint in /v1/rerank /bench/echo; do
  name=$(basename "$endpoint")
  perf record -e cpu-clock -F 999 -g -p "$SERVER_PID" -o "$OUT/perf-$name.data" -- sleep 15 2>/dev/null &
  perf_pid=$!
  wrk_run "$endpoint" 1 32 15 >"$OUT/results/profile-$name-wrk.json"
  wait "$perf_pid" || true
  perf report -i "$OUT/perf-$name.data" --no-children --sort symbol --stdio -g none 2>/dev/null \
    | grep "%" | head -60 >"$OUT/results/profile-$name.txt" || true
  perf report -i "$OUT/perf-$name.data" --no-children --sort dso --stdio -g none 2>/dev/null \
    | grep "%" | head -15 >"$OUT/results/profile-$name-dso.txt" || true
  log "profile of $endpoint: $OUT/results/profile-$name.txt"
done
