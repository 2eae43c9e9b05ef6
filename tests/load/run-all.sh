#!/usr/bin/env bash
# The whole set of load and reliability runs, one after another, on loopback against a Release build.
# Takes about 16 minutes (5 of them the soak). Results: $OUT/results/*.json (OUT defaults to /tmp/reranker-load).
# SOAK_SECONDS=60 or FUZZ_COUNT=1000 shorten it; FORCE_PUBLISH=1 rebuilds the API.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
failed=()
for script in http-throughput reload-under-traffic bad-weights-under-traffic fuzz soak; do
  echo "=== $script ($(date +%H:%M:%S))"
  bash "$here/$script.sh" || failed+=("$script")
done
# The same throughput run without the per-request log line, to show what the request log costs.
echo "=== http-throughput without the request log ($(date +%H:%M:%S))"
RESULT_NAME=throughput-nolog SERVER_ARGS=--Serilog:MinimumLevel:Default=Warning bash "$here/http-throughput.sh" || failed+=("throughput-nolog")
# The server profile needs perf (Debian linux-perf); skipped without it.
if command -v perf >/dev/null 2>&1; then
  echo "=== profile-server ($(date +%H:%M:%S))"
  bash "$here/profile-server.sh" || failed+=("profile-server")
fi
python3 "$here/summarise.py" "${OUT:-/tmp/reranker-load}/results"
if ((${#failed[@]})); then
  echo "failed: ${failed[*]}"
  exit 1
fi
