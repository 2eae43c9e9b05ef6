#!/usr/bin/env bash
# Retrain ONE domain's weights, prove the candidate is not worse than the served version, and only
# then publish it. Used by deploy/ci/retrain-domain.yml and runnable locally (docs/deploy.md).
set -euo pipefail

readonly EXIT_USAGE=2 EXIT_GATE_REFUSED=3 EXIT_PUBLISH_FAILED=4

usage() {
  cat <<'USAGE'
usage: deploy/ci/retrain-domain.sh --domain <d> (--data <train.jsonl> | --log <decision-log dir> ...)
                                   --holdout <holdout.jsonl> --registry <served registry dir> [options]

Trains <d> with the combined loss (every other domain held fixed at its served weights from
--registry), evaluates, gates the candidate against the served version, and publishes it only if
the gate passes. Nothing is written anywhere but --work-dir until the gate has passed.

required:
  --domain <d>            the domain to retrain (folder name in the registry)
  --data <file>           training corpus (JSONL)
  --log <dir>             instead of --data: a decision-log folder (repeat for every replica's); it is
                          imported first (`reranker-train import`: decisions joined to user feedback)
  --since <time> --until <time>   with --log: only decisions in that window (ISO 8601)
  --holdout <file>        held-out corpus the gate and the evaluation use (JSONL)
  --registry <dir>        the served registry (<domain>/<version>.json); read only, except in
                          --publish dir mode without --target-dir

publish (default: dir):
  --publish dir           copy the new file atomically into --target-dir (default: --registry)
  --publish upload        PUT it to <api-url>/v1/domains/<d>/weights with header X-Api-Key taken
                          from the environment variable RERANKER_ADMIN_API_KEY (a CI secret)
  --publish none          stop after the gate (dry run)
  --target-dir <dir>      registry directory to publish into (dir mode)
  --api-url <url>         the service; required for upload, optional for dir mode (then the
                          script waits until the service serves the new version)
  --wait-served <sec>     how long to wait for the service to serve the new version (default 30)

training:
  --candidate <file>      skip training and gate/publish this weight file instead
  --trainer <command>     how to run the trainer (default: $RERANKER_TRAIN, else `reranker-train`
                          on PATH, else `dotnet run --project src/ReRanker.Trainer -c Release --`)
  --l2 <x>  --ce-weight <x>  --seed <n>   passed to `reranker-train train`
  --work-dir <dir>        where the candidate and reports go (default: a new temp dir, kept)

promote (no training):
  --promote               make the domain's candidate (CANDIDATE, shadow-ranked) the served version:
                          POST <api-url>/v1/domains/<d>/candidate/promote with X-Api-Key from
                          RERANKER_ADMIN_API_KEY; needs only --domain and --api-url

exit codes: 0 published (or gate passed with --publish none), 1 error, 2 usage,
            3 the gate refused the candidate (reason printed), 4 publishing failed
USAGE
}

log() { printf '%s [retrain] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
fail() { local code=$1; shift; log "ERROR: $*"; exit "$code"; }

domain="" data="" holdout="" registry="" publish=dir target_dir="" api_url="" wait_served=30
promote=0 candidate="" trainer_cmd=${RERANKER_TRAIN:-} work_dir="" train_extra=() logs=() import_extra=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --domain) domain=${2:?--domain needs a value}; shift 2 ;;
    --data) data=${2:?--data needs a value}; shift 2 ;;
    --log) logs+=("${2:?--log needs a value}"); shift 2 ;;
    --since|--until) import_extra+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    --holdout) holdout=${2:?--holdout needs a value}; shift 2 ;;
    --registry) registry=${2:?--registry needs a value}; shift 2 ;;
    --publish) publish=${2:?--publish needs a value}; shift 2 ;;
    --target-dir) target_dir=${2:?--target-dir needs a value}; shift 2 ;;
    --api-url) api_url=${2:?--api-url needs a value}; api_url=${api_url%/}; shift 2 ;;
    --wait-served) wait_served=${2:?--wait-served needs a value}; shift 2 ;;
    --promote) promote=1; shift ;;
    --candidate) candidate=${2:?--candidate needs a value}; shift 2 ;;
    --trainer) trainer_cmd=${2:?--trainer needs a value}; shift 2 ;;
    --work-dir) work_dir=${2:?--work-dir needs a value}; shift 2 ;;
    --l2|--ce-weight|--seed) train_extra+=("$1" "${2:?$1 needs a value}"); shift 2 ;;
    *) usage >&2; fail "$EXIT_USAGE" "unknown argument: $1" ;;
  esac
done

# ---- validate the request before doing any work ----
[[ "$domain" =~ ^[a-z0-9][a-z0-9_.-]{0,63}$ ]] || fail "$EXIT_USAGE" "--domain '$domain' is not a valid domain name (^[a-z0-9][a-z0-9_.-]{0,63}\$)"
if [[ $promote -eq 1 ]]; then
  # The service publishes the candidate through its upload path and removes CANDIDATE (docs/registry.md).
  [[ -n "$api_url" ]] || fail "$EXIT_USAGE" "--promote needs --api-url"
  [[ -n "${RERANKER_ADMIN_API_KEY:-}" ]] || fail "$EXIT_USAGE" "--promote needs RERANKER_ADMIN_API_KEY in the environment"
  answer=$(mktemp)
  status=$(curl -sS -o "$answer" -w '%{http_code}' -X POST -H "X-Api-Key: $RERANKER_ADMIN_API_KEY" \
    "$api_url/v1/domains/$domain/candidate/promote") || fail "$EXIT_PUBLISH_FAILED" "cannot reach $api_url"
  if [[ "$status" != 200 ]]; then
    log "promotion refused (HTTP $status): $(head -c 2000 "$answer")"; rm -f "$answer"; exit "$EXIT_PUBLISH_FAILED"
  fi
  log "promoted: $(cat "$answer")"; rm -f "$answer"; exit 0
fi
if [[ ${#logs[@]} -gt 0 ]]; then
  [[ -z "$data" ]] || fail "$EXIT_USAGE" "give --data or --log, not both"
  for dir in "${logs[@]}"; do [[ -d "$dir" ]] || fail "$EXIT_USAGE" "--log '$dir' is not a directory"; done
else
  [[ ${#import_extra[@]} -eq 0 ]] || fail "$EXIT_USAGE" "--since and --until need --log"
  [[ -n "$candidate" || -f "$data" ]] || fail "$EXIT_USAGE" "--data '$data' is not a file"
fi
[[ -f "$holdout" ]] || fail "$EXIT_USAGE" "--holdout '$holdout' is not a file"
[[ -d "$registry" ]] || fail "$EXIT_USAGE" "--registry '$registry' is not a directory"
[[ -z "$candidate" || -f "$candidate" ]] || fail "$EXIT_USAGE" "--candidate '$candidate' is not a file"
[[ "$wait_served" =~ ^[0-9]+$ ]] || fail "$EXIT_USAGE" "--wait-served must be a whole number of seconds"
case "$publish" in
  dir) target_dir=${target_dir:-$registry}; [[ -d "$target_dir" ]] || fail "$EXIT_USAGE" "--target-dir '$target_dir' is not a directory" ;;
  upload)
    [[ -n "$api_url" ]] || fail "$EXIT_USAGE" "--publish upload needs --api-url"
    [[ -n "${RERANKER_ADMIN_API_KEY:-}" ]] || fail "$EXIT_USAGE" "--publish upload needs the API key in RERANKER_ADMIN_API_KEY" ;;
  none) ;;
  *) fail "$EXIT_USAGE" "--publish must be dir, upload or none (got '$publish')" ;;
esac
[[ -z "$api_url" ]] || command -v curl >/dev/null || fail 1 "curl is needed to talk to --api-url"

# Absolute paths from here on: later steps change directory.
absolute() { [[ -z "$1" ]] || realpath -m -- "$1"; }
data=$(absolute "$data") holdout=$(absolute "$holdout") registry=$(absolute "$registry")
for i in "${!logs[@]}"; do logs[i]=$(absolute "${logs[i]}"); done
target_dir=$(absolute "$target_dir") candidate=$(absolute "$candidate")

repo_root=$(cd "$(dirname "$0")/../.." && pwd)
if [[ -z "$trainer_cmd" ]]; then
  if command -v reranker-train >/dev/null; then trainer_cmd=reranker-train
  else trainer_cmd="dotnet run --project $repo_root/src/ReRanker.Trainer -c Release --"; fi
fi
read -r -a trainer <<<"$trainer_cmd"
work_dir=${work_dir:-$(mktemp -d "${TMPDIR:-/tmp}/retrain-$domain.XXXXXX")}
mkdir -p "$work_dir"
work_dir=$(absolute "$work_dir")

# ---- 0. with --log: the decision log becomes the training corpus ----
if [[ ${#logs[@]} -gt 0 && -z "$candidate" ]]; then
  data=$work_dir/imported.jsonl
  log "0/4 importing the decision log from ${logs[*]}"
  import_args=()
  for dir in "${logs[@]}"; do import_args+=(--log "$dir"); done
  "${trainer[@]}" import "${import_args[@]}" "${import_extra[@]}" --out "$data" | tee "$work_dir/import.txt" >&2
fi

log "domain=$domain data=$data holdout=$holdout registry=$registry publish=$publish work=$work_dir"
log "trainer: ${trainer[*]}"
# A pinned domain (rollback in force) would store the new version but keep serving the pinned one.
if [[ "$publish" == dir && -f "$target_dir/$domain/PINNED" ]]; then
  fail 1 "$target_dir/$domain/PINNED pins version $(tr -d '[:space:]' <"$target_dir/$domain/PINNED"); a new version would not be served. Remove PINNED first (docs/deploy.md, rollback)."
fi
if [[ -n "$api_url" && "$publish" != none ]]; then
  domain_json=$(curl -fsS --max-time 10 "$api_url/v1/domains/$domain" 2>/dev/null || true)
  [[ -n "$domain_json" ]] || log "warning: could not read $api_url/v1/domains/$domain (a domain new to the service?)"
  if [[ "$domain_json" =~ \"pinnedVersion\"[[:space:]]*:[[:space:]]*([0-9]+) ]]; then
    fail 1 "the service at $api_url has $domain pinned to version ${BASH_REMATCH[1]}; a new version would not be served. Remove PINNED first (docs/deploy.md, rollback)."
  fi
fi

# ---- 1. train (into a copy of the served registry, evaluated below with the candidate in it) ----
if [[ -z "$candidate" ]]; then
  candidate_registry=$work_dir/candidate-registry
  rm -rf "$candidate_registry" && mkdir -p "$candidate_registry"
  cp -a "$registry/." "$candidate_registry/"
  log "1/4 training $domain (combined loss, other domains fixed at their served weights)"
  "${trainer[@]}" train --data "$data" --domain "$domain" --loss combined \
    --registry "$registry" --out "$candidate_registry" "${train_extra[@]}" >&2
  # Exactly one new file, in this domain; every other file byte-identical (domain independence).
  mapfile -t new_files < <(cd "$candidate_registry" && find . -type f | sort | while read -r f; do
    cmp -s "$f" "$registry/$f" 2>/dev/null || echo "${f#./}"; done)
  [[ ${#new_files[@]} -eq 1 && "${new_files[0]}" == "$domain/"*.json ]] \
    || fail 1 "training should add exactly one file under $domain/, but changed: ${new_files[*]:-nothing}"
  candidate=$candidate_registry/${new_files[0]}
else
  log "1/4 training skipped: using --candidate $candidate"
  candidate_registry=$work_dir/candidate-registry
  rm -rf "$candidate_registry" && mkdir -p "$candidate_registry"
  cp -a "$registry/." "$candidate_registry/"
  mkdir -p "$candidate_registry/$domain"
  cp "$candidate" "$candidate_registry/$domain/$(basename "$candidate")"
fi
candidate_name=$(basename "$candidate")
new_version=${candidate_name%.json}
[[ "$new_version" =~ ^[0-9]+$ ]] || fail 1 "candidate file name '$candidate_name' is not <version>.json"
# The gate judges the domain named inside the file; it must be the one being published.
inner_domain=$(grep -o '"domain"[[:space:]]*:[[:space:]]*"[^"]*"' "$candidate" | head -n1 | sed 's/.*"\([^"]*\)"$/\1/' || true)
[[ -z "$inner_domain" || "$inner_domain" == "$domain" ]] || fail 1 "candidate $candidate is for domain '$inner_domain', not '$domain'"
log "candidate: $candidate (version $new_version, sha256 $(sha256sum "$candidate" | cut -c1-16)...)"

# ---- 2. evaluate (reported and kept as an artifact; the gate decides) ----
log "2/4 evaluating candidate registry on $holdout"
"${trainer[@]}" evaluate --data "$holdout" --registry "$candidate_registry" | tee "$work_dir/evaluation.txt" >&2
"${trainer[@]}" evaluate --data "$holdout" --registry "$candidate_registry" --format json >"$work_dir/evaluation.json"

# ---- 3. gate against the served version ----
# Which version is served is the trainer's to say (it reads --registry through the service's own registry code).
log "3/4 gate: candidate $domain v$new_version against the version --registry serves"
set +e
"${trainer[@]}" gate --data "$holdout" --candidate "$candidate" --registry "$registry" >"$work_dir/gate.txt" 2>&1
gate_status=$?
set -e
cat "$work_dir/gate.txt" >&2
# reranker-train gate: 0 pass, 1 refused (one-line reason), anything else: it could not judge.
reason=$(grep -v '^[[:space:]]*$' "$work_dir/gate.txt" | tail -n1 || true)
if [[ $gate_status -eq 1 ]]; then
  log "GATE REFUSED $domain v$new_version: ${reason:-no reason given}"
  log "nothing was published"
  exit "$EXIT_GATE_REFUSED"
elif [[ $gate_status -ne 0 ]]; then
  fail 1 "the gate could not judge the candidate (exit $gate_status): ${reason:-no output}; nothing was published"
fi
log "gate passed"

# ---- 4. publish ----
wait_until_served() {
  local deadline=$((SECONDS + wait_served)) body
  while ((SECONDS < deadline)); do
    body=$(curl -fsS --max-time 5 "$api_url/v1/domains/$domain" 2>/dev/null || true)
    if [[ "$body" =~ \"servedVersion\"[[:space:]]*:[[:space:]]*$1([^0-9]|$) ]]; then
      log "the service at $api_url serves $domain v$1"
      return 0
    fi
    sleep 1
  done
  fail "$EXIT_PUBLISH_FAILED" "the service at $api_url did not serve $domain v$1 within ${wait_served}s"
}

case "$publish" in
  none)
    log "4/4 --publish none: gate passed, nothing published (candidate kept at $candidate)" ;;
  dir)
    dest_dir=$target_dir/$domain
    mkdir -p "$dest_dir"
    incoming=$dest_dir/.incoming-$new_version.json.$$
    cp "$candidate" "$incoming"
    # A hard link appears atomically and refuses to replace an existing version; the registry
    # ignores the .incoming-* name meanwhile.
    if ! ln "$incoming" "$dest_dir/$new_version.json" 2>/dev/null; then
      rm -f "$incoming"
      fail "$EXIT_PUBLISH_FAILED" "$dest_dir/$new_version.json already exists (published concurrently?); nothing overwritten"
    fi
    rm -f "$incoming"
    log "4/4 published $dest_dir/$new_version.json"
    [[ -z "$api_url" ]] || wait_until_served "$new_version" ;;
  upload)
    log "4/4 uploading to $api_url/v1/domains/$domain/weights"
    status=$(curl -sS --max-time 30 -o "$work_dir/upload-response.json" -w '%{http_code}' -X PUT \
      -H 'Content-Type: application/json' -H @<(printf 'X-Api-Key: %s\n' "$RERANKER_ADMIN_API_KEY") \
      --data-binary "@$candidate" "$api_url/v1/domains/$domain/weights") || status=000
    cat "$work_dir/upload-response.json" >&2 2>/dev/null || true
    echo >&2
    [[ "$status" == 201 ]] || fail "$EXIT_PUBLISH_FAILED" "upload answered HTTP $status (see above)"
    uploaded=$(grep -o '"version"[[:space:]]*:[[:space:]]*[0-9]*' "$work_dir/upload-response.json" | grep -o '[0-9]*$' || true)
    log "uploaded: the service stored $domain v${uploaded:-?}"
    wait_until_served "${uploaded:-$new_version}" ;;
esac
log "done: $domain v$new_version"
