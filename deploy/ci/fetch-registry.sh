#!/usr/bin/env bash
# Downloads a registry published over HTTP (its index document, see make-index.sh) into a folder, so
# the retrain job can hold the other domains fixed at exactly the weights the service serves:
#   deploy/ci/fetch-registry.sh <index url> <target dir>
# Every file is checked against the sha256 in the index; PINNED is recreated from "pinned".
set -euo pipefail

if [[ $# -ne 2 || "$1" == -h || "$1" == --help ]]; then
  echo "usage: deploy/ci/fetch-registry.sh <index url> <target dir>" >&2
  exit 2
fi

exec python3 - "$1" "$2" <<'PY'
import hashlib, json, os, re, sys, urllib.parse, urllib.request

index_url, target = sys.argv[1], sys.argv[2]
def get(url):
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()

index = json.loads(get(index_url))
base = urllib.parse.urljoin(index_url, ".")
count = 0
for domain, entries in sorted(index["domains"].items()):
    if not re.fullmatch(r"[a-z0-9][a-z0-9_.-]{0,63}", domain):
        sys.exit(f"fetch-registry: '{domain}' is not a domain name")
    os.makedirs(os.path.join(target, domain), exist_ok=True)
    for entry in entries:
        version, url = int(entry["version"]), urllib.parse.urljoin(index_url, entry["url"])
        if version < 1 or not url.startswith(base):
            sys.exit(f"fetch-registry: {domain} entry {entry} points outside {base}")
        body = get(url)
        if hashlib.sha256(body).hexdigest() != entry["sha256"]:
            sys.exit(f"fetch-registry: {url} does not match its sha256 in the index")
        with open(os.path.join(target, domain, f"{version}.json"), "wb") as f:
            f.write(body)
        count += 1
for domain, version in index.get("pinned", {}).items():
    with open(os.path.join(target, domain, "PINNED"), "w") as f:
        f.write(f"{int(version)}\n")
print(f"fetch-registry: {count} files of {len(index['domains'])} domains from {index_url} into {target}", file=sys.stderr)
PY
