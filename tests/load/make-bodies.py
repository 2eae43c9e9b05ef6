#!/usr/bin/env python3
"""Writes one /v1/rerank body per line, drawn from the corpus test split (context + hypotheses, no gold,
no utterance), for the wrk Lua scripts. Standard library only; deterministic."""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
count = 0
with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
    for line in lines:
        if not line.strip():
            continue
        example = json.loads(line)
        body = {"requestId": example["id"], "context": example.get("context") or {}, "hypotheses": example["hypotheses"]}
        out.write(json.dumps(body, separators=(",", ":"), ensure_ascii=False) + "\n")
        count += 1
print(f"{count} bodies -> {target}", file=sys.stderr)
