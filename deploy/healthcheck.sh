#!/usr/bin/env bash
# Container HEALTHCHECK: GET /healthz over plain HTTP using only bash.
# The aspnet:10.0 image (Ubuntu 24.04 "noble") carries neither curl nor wget, but it has bash, whose
# /dev/tcp redirection opens a TCP connection without any extra package.
#   deploy/healthcheck.sh            -> checks 127.0.0.1:${HEALTHCHECK_PORT:-8080}/healthz
# Exit 0 when the answer's status line is 200, 1 otherwise (closed port, timeout, other status).
set -uo pipefail

port=${HEALTHCHECK_PORT:-8080}
path=${HEALTHCHECK_PATH:-/healthz}

exec 3<>"/dev/tcp/127.0.0.1/$port" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1:%s\r\nConnection: close\r\n\r\n' "$path" "$port" >&3
# Read the status line only, bounded by the read timeout; HEALTHCHECK --timeout bounds the whole run too.
IFS= read -r -t 4 status_line <&3 || exit 1
exec 3<&- 3>&-
[[ "$status_line" =~ ^HTTP/1\.[01]\ 200 ]] || { echo "healthz: ${status_line%$'\r'}" >&2; exit 1; }
echo "healthz: ok"
