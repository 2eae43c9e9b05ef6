# Shared helpers for the load scripts (sourced, not run). Loopback only; every loop is bounded.
set -euo pipefail

LOAD_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$LOAD_DIR/../.." && pwd)"
OUT="${OUT:-/tmp/reranker-load}"
API_DIR="$OUT/api"
ECHO_DIR="$OUT/echo-baseline"
BODIES="$OUT/bodies.jsonl"
# One corpus body of about 1.6 KB (the one closest to 1,600 bytes), sent to every target of the throughput comparison.
SINGLE_BODY="$OUT/single-body.jsonl"
PORT="${PORT:-5099}"
BASE="http://127.0.0.1:$PORT"
ECHO_PORT="${ECHO_PORT:-5098}"
ECHO_BASE="http://127.0.0.1:$ECHO_PORT"
ADMIN_KEY="${ADMIN_KEY:-load-test-key-0123456789abcdef}"
export BODIES SINGLE_BODY
mkdir -p "$OUT"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Release builds of the API and of the bare echo app (dotnet publish) and the request bodies; skipped when already
# there (FORCE_PUBLISH=1 redoes them).
prepare() {
  command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
  publish_once "$REPO_ROOT/src/ReRanker.Api" "$API_DIR" ReRanker.Api.dll
  publish_once "$REPO_ROOT/tests/ReRanker.EchoBaseline" "$ECHO_DIR" ReRanker.EchoBaseline.dll
  [[ -f "$BODIES" && -f "$SINGLE_BODY" ]] || python3 "$LOAD_DIR/make-bodies.py" "$REPO_ROOT/tests/data/slurp-nbest/test.jsonl" "$BODIES" "$SINGLE_BODY"
}

# publish_once <project dir> <output dir> <dll>
publish_once() {
  local project="$1" target="$2" dll="$3"
  if [[ ! -f "$target/$dll" || "${FORCE_PUBLISH:-0}" == 1 ]]; then
    log "publishing $(basename "$project") (Release) to $target"
    # Into an empty folder: publish copies only files newer than those already there, so a build from another
    # checkout with a later timestamp would otherwise silently stay in place.
    rm -rf "$target"
    dotnet publish "$project" -c Release -o "$target" --nologo -v quiet >&2
  fi
}

# start_echo: the bare echo app (tests/ReRanker.EchoBaseline) on $ECHO_BASE; sets ECHO_PID, waits until POST /echo answers.
start_echo() {
  if curl -s -o /dev/null --max-time 2 -X POST -d '{}' "$ECHO_BASE/echo"; then
    log "something already answers on $ECHO_BASE; stop it first (or set ECHO_PORT)"; return 1
  fi
  (cd "$ECHO_DIR" && exec dotnet ReRanker.EchoBaseline.dll --urls "$ECHO_BASE") >/dev/null 2>&1 &
  ECHO_PID=$!
  for _ in $(seq 1 120); do
    if curl -fsS -o /dev/null -X POST -H 'Content-Type: application/json' -d '{}' "$ECHO_BASE/echo" 2>/dev/null; then
      log "bare echo app $ECHO_PID ready on $ECHO_BASE"
      return 0
    fi
    kill -0 "$ECHO_PID" 2>/dev/null || { log "the bare echo app exited"; return 1; }
    sleep 0.5
  done
  log "the bare echo app did not answer in 60 s"; return 1
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

# start_side_server <port> <log file> [--Key=Value settings...]: one of two servers measured side by side (the cost
# scripts); appends its pid to the caller's pids array and waits for /readyz.
start_side_server() {
  local port=$1 logfile=$2; shift 2
  (cd "$API_DIR" && exec dotnet ReRanker.Api.dll --Urls="http://127.0.0.1:$port" --Serilog:MinimumLevel:Default=Warning "$@") >"$logfile" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null && return 0
    sleep 0.5
  done
  log "server on $port did not become ready"; tail -20 "$logfile" >&2; return 1
}

stop_server() {
  stop_pid "${SERVER_PID:-}"
  SERVER_PID=""
}

stop_echo() {
  stop_pid "${ECHO_PID:-}"
  ECHO_PID=""
}

# stop_pid <pid>: SIGTERM, then SIGKILL after 10 s; only the process this script started.
stop_pid() {
  local pid="$1"
  if [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
    wait "$pid" 2>/dev/null || true
  fi
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
