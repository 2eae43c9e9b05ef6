#!/usr/bin/env python3
"""Prints issue 7's figures from $OUT/results against their targets. usage: summarise.py RESULTS_DIR"""
import json
import sys

from harness_common import load_result

results = sys.argv[1]


def load(name):
    return load_result(results, name)


rows = []


def row(what, value, target, ok):
    rows.append((what, value, target, "ok" if ok else "MISSED"))


t = load("throughput.json")
if t:
    row("rerank / bare echo app throughput (median ratio)", f'{t["medianRatio"]} ({t["medianRerankRps"]} / {t["medianBareRps"]} req/s)', ">= 0.8", t["medianRatio"] >= 0.8)
    row("/bench/echo / bare echo app (the pipeline alone)", f'{t["medianPipelineRatio"]} ({t["medianEchoRps"]} / {t["medianBareRps"]} req/s)', "-", True)
    c = t["medianServerCpuUsPerRequest"]
    row("server CPU per request bare / rerank (median ratio)", f'{t["medianCpuRatio"]} ({c["bare"]} / {c["rerank"]} us)', ">= 0.8", t["medianCpuRatio"] >= 0.8)
    h = t["halfLoad"]
    row("half load p50 / p99", f'{h["p50Ms"]} / {h["p99Ms"]} ms at {h["rps"]:.0f} req/s', "p99 <= 5 ms", h["p99Ms"] <= 5)
    row("RSS at max / half load", f'{t["maxLoadRssMib"]} / {h["rssMib"]} MiB', "-", True)
s = load("soak.json")
if s:
    row("soak RSS first / last minute (median)", f'{s["firstMinuteMedianMib"]} / {s["lastMinuteMedianMib"]} MiB over {s["seconds"]} s',
        "no growth", s["growthMib"] <= max(10, 0.1 * s["firstMinuteMedianMib"]))
r = load("reload.json")
if r:
    w = r["writer"]
    row("reload: non-2xx / connection errors", f'{r["duringSwaps"]["non2xx"]} / {r["duringSwaps"]["connectionErrors"]}', "0 / 0",
        r["duringSwaps"]["non2xx"] == 0 and r["duringSwaps"]["connectionErrors"] == 0)
    row("reload: versions served", f'{w["seenServed"]} of {w["written"]}', "all", w["seenServed"] == w["written"])
    row("reload: p99 swaps / steady", f'{r["duringSwaps"]["p99Ms"]} / {r["steady"]["p99Ms"]} ms = {r["p99Ratio"]}x', "<= 2x", r["p99Ratio"] <= 2)
b = load("bad-weights.json")
if b:
    sm = b["summary"]
    row("bad weights: named in status / served unchanged", f'{sm["named"]} / {sm["servedUnchanged"]} of {sm["cases"]}', "all",
        sm["named"] == sm["cases"] == sm["servedUnchanged"])
    row("bad weights: traffic non-2xx / errors", f'{b["traffic"]["non2xx"]} / {b["traffic"]["connectionErrors"]}', "0 / 0",
        b["traffic"]["non2xx"] == 0 and b["traffic"]["connectionErrors"] == 0)
f = load("fuzz.jsonl")
if f:
    sm = f[-1]
    row("fuzz: 5xx of requests", f'{sm["status5xx"]} of {sm["requests"]} ({sm["statuses"]})', "0", sm["status5xx"] == 0)
    row("fuzz: valid requests afterwards", json.dumps(sm["afterwards"]), "all 200", set(sm["afterwards"]) == {"200"})
a = load("admin.json")
if a:
    row("admin without/wrong key", f'{a["statuses"]}, registry unchanged: {a["registryUnchanged"]}', "all 401, nothing written",
        not a["unexpected"] and a["registryUnchanged"])

width = max(len(r[0]) for r in rows) if rows else 0
for what, value, target, verdict in rows:
    print(f"{what.ljust(width)}  {verdict:6}  {value}  (target {target})")
