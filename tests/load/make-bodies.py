#!/usr/bin/env python3
"""Writes one /v1/rerank body per line, drawn from the corpus test split (context + hypotheses, no gold,
no utterance), for the wrk Lua scripts. With a third argument, also writes there the single body closest to
1,600 bytes (the first of equals): the one body of the throughput comparison. Standard library only; deterministic.
usage: make-bodies.py TEST_JSONL BODIES_OUT [SINGLE_BODY_OUT]"""
import json
import sys

source, target = sys.argv[1], sys.argv[2]
single = sys.argv[3] if len(sys.argv) > 3 else None
SINGLE_BYTES = 1600
count = 0
closest = None
with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
    for line in lines:
        if not line.strip():
            continue
        example = json.loads(line)
        body = {"requestId": example["id"], "context": example.get("context") or {}, "hypotheses": example["hypotheses"]}
        text = json.dumps(body, separators=(",", ":"), ensure_ascii=False)
        out.write(text + "\n")
        count += 1
        size = len(text.encode("utf-8"))
        if closest is None or abs(size - SINGLE_BYTES) < abs(len(closest.encode("utf-8")) - SINGLE_BYTES):
            closest = text
print(f"{count} bodies -> {target}", file=sys.stderr)
if single:
    with open(single, "w", encoding="utf-8") as out:
        out.write(closest + "\n")
    print(f"one body of {len(closest.encode('utf-8'))} bytes -> {single}", file=sys.stderr)
