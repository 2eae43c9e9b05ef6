# Shared helpers for the load scripts (sourced, not run). Loopback only; every loop is bounded.
set -euo pipefail

LOAD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$LOAD_DIR/../.." && pwd)"
OUT="${OUT:-/tmp/reranker-load}"
API_DIR="$OUT/api"
BODIES="$OUT/bodies.jsonl"
PORT="${PORT:-5099}"
BASE="http://127.0.0.1:$PORT"
ADMIN_KEY="${ADMIN_KEY:-load-test-key-0123456789abcdef}"
export BODIES
mkdir -p "$OUT"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Release build of the API (dotnet publish) and the request bodies; skipped when already there (FORCE_PUBLISH=1 redoes it).
prepare() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
  if [[ ! -f "$API_DIR/ReRanker.Api.dll" || "${FORCE_PUBLISH:-0}" == 1 ]]; then
    log "publishing the API (Release) to $API_DIR"
    # Into an empty folder: publish copies only files newer than those already there, so a build from another
    # checkout with a later timestamp would otherwise silently stay in place.
    rm -rf "$API_DIR"
    dotnet publish "$REPO_ROOT/src/ReRanker.Api" -c Release -o "$API_DIR" --nologo -v quiet >&2
  fi
  [[ -f "$BODIES" ]] || python3 "$LOAD_DIR/make-bodies.py" "$REPO_ROOT/tests/data/slurp-nbest/test.jsonl" "$BODIES"
}

# start_server <registry dir> <log file> [extra --Key=Value settings...]; sets SERVER_PID, waits for /readyz.
start_server() {
  local registry="$1" logfile="$2"
  shift 2
  if curl -s -o /dev/null --max-time 2 "$BASE/healthz"; then
    log "something already answers on $BASE; stop it first (or set PORT)"; return 1
  fi
  (cd "$API_DIR" && exec dotnet ReRanker.Api.dll --Urls="$BASE" --Registry:Path="$registry" \
      --Benchmarking:EchoEndpoint=true --Admin:ApiKey="$ADMIN_KEY" "$@") >"$logfile" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null "$BASE/readyz" 2>/dev/null; then
      log "server $SERVER_PID ready on $BASE (registry $registry)"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$logfile" >&2; return 1; }
    sleep 0.5
  done
  log "server did not become ready in 60 s"; tail -20 "$logfile" >&2; return 1
}

stop_server() {
  if [[ -n "${SERVER_PID:-}" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    for _ in $(seq 1 40); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$SERVER_PID" 2>/dev/null && kill -KILL "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}

# Resident memory of a process in MiB, from /proc/<pid>/status (VmRSS).
rss_mib() { awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }

# wrk_run <path> <threads> <connections> <duration> [delay ms]; prints the RESULT JSON line.
wrk_run() {
  local path="$1" threads="$2" connections="$3" duration="$4" delay="${5:-0}"
  RATE_DELAY_MS="$delay" wrk -t"$threads" -c"$connections" -d"$duration" --timeout 5s \
    -s "$LOAD_DIR/rerank.lua" "$BASE$path" | sed -n 's/^RESULT //p'
}

# A copy of the built-in registry that a test may change.
copy_registry() {
  local target="$1"
  rm -rf "$target"
  cp -r "$REPO_ROOT/deploy/registry" "$target"
}

machine_line() {
  printf 'date %s; nproc %s; mem %s; load %s\n' "$(date -u +%FT%TZ)" "$(nproc)" \
    "$(free -h | awk '/^Mem:/ {print $2}')" "$(cut -d' ' -f1-3 /proc/loadavg)"
}
