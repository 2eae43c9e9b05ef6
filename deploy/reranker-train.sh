#!/usr/bin/env sh
# `reranker-train` inside the images: runs the published trainer with the shared dotnet host, so it
# does not depend on where the apphost would look for the runtime. deploy/ci/retrain-domain.sh finds
# it on PATH. RERANKER_TRAINER_DLL overrides the location (tests use it).
exec dotnet "${RERANKER_TRAINER_DLL:-/app/trainer/reranker-train.dll}" "$@"
