#!/usr/bin/env bash
# Writes the HTTP source's index document for a registry folder, so the folder can be served by any
# static web server or object store and polled by the service (RERANKER__Registry__Source=http):
#   deploy/ci/make-index.sh <registry dir> > <registry dir>/index.json
# Format (docs/registry.md): {"domains":{"<d>":[{"version":n,"url":"<d>/<n>.json","sha256":"…"}]},"pinned":{"<d>":n}}
# Only what the local source would consider: domain-named folders, <n>.json files, a numeric PINNED.
set -euo pipefail

if [[ $# -ne 1 || "$1" == -h || "$1" == --help ]]; then
  echo "usage: deploy/ci/make-index.sh <registry dir>   (the index goes to stdout)" >&2
  exit 2
fi
root=$1
[[ -d "$root" ]] || { echo "make-index: '$root' is not a directory" >&2; exit 2; }

domains=() pins=()
while IFS= read -r domain; do
  [[ "$domain" =~ ^[a-z0-9][a-z0-9_.-]{0,63}$ ]] || continue
  entries=()
  while IFS= read -r version; do
    sha=$(sha256sum "$root/$domain/$version.json" | cut -d' ' -f1)
    entries+=("{\"version\":$version,\"url\":\"$domain/$version.json\",\"sha256\":\"$sha\"}")
  done < <(find "$root/$domain" -maxdepth 1 -type f -regex '.*/[1-9][0-9]*\.json' -printf '%f\n' | sed 's/\.json$//' | sort -n)
  domains+=("\"$domain\":[$(IFS=,; echo "${entries[*]}")]")
  if [[ -f "$root/$domain/PINNED" ]]; then
    pinned=$(tr -d '[:space:]' <"$root/$domain/PINNED")
    [[ "$pinned" =~ ^[1-9][0-9]*$ ]] && pins+=("\"$domain\":$pinned")
  fi
done < <(find "$root" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | LC_ALL=C sort)

printf '{"domains":{%s},"pinned":{%s}}\n' "$(IFS=,; echo "${domains[*]}")" "$(IFS=,; echo "${pins[*]}")"
