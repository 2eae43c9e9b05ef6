# Sourced by the report scripts here: moves to the repo root, builds the trainer (Release), names it and the bundled
# corpus, and makes a temporary work folder that is removed on exit.
cd "$(dirname "${BASH_SOURCE[0]}")/../../.."
dotnet build src/ReRanker.Trainer -c Release -v quiet -nologo >/dev/null
bin=src/ReRanker.Trainer/bin/Release/net10.0/reranker-train
train=tests/data/slurp-nbest/train.jsonl
test=tests/data/slurp-nbest/test.jsonl
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
created=(--created-at 2026-11-21T00:00:00Z)
