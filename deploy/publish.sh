#!/usr/bin/env bash
# The one publish step: the Dockerfile's build stage and .ci/run both call this script, so a publish
# that breaks here breaks in CI too (no Docker engine runs on the CI machines).
#   deploy/publish.sh <output dir>   ->  <output dir>/api (the service), <output dir>/trainer (reranker-train)
set -euo pipefail

if [[ $# -ne 1 || "$1" == -h || "$1" == --help ]]; then
  echo "usage: deploy/publish.sh <output dir>" >&2
  exit 2
fi

out=$1
cd "$(dirname "$0")/.."

# Framework-dependent Release builds (the runtime image carries ASP.NET Core); no test projects.
dotnet publish src/ReRanker.Api/ReRanker.Api.csproj -c Release -o "$out/api" -p:UseAppHost=false
dotnet publish src/ReRanker.Trainer/ReRanker.Trainer.csproj -c Release -o "$out/trainer"
