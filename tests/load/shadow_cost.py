#!/usr/bin/env python3
"""Shadow candidates' cost: /v1/rerank on two servers of the same build side by side, one whose registry holds a
candidate on every domain and one without, in alternating wrk rounds; plus the shadow figures the first one shows.
  shadow_cost.py make-candidates REGISTRY
  shadow_cost.py measure BASE_WITH PID_WITH BASE_WITHOUT PID_WITHOUT OUT.json
Settings from the environment: ROUNDS (8), DURATION (10 s), CONNS (32), THREADS (1), WARMUP (20 s)."""
import json
import os
import statistics
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadrun import loadavg, side_by_side, write  # noqa: E402


def make_candidates(registry):
    for domain in sorted(os.listdir(registry)):
        folder = os.path.join(registry, domain)
        versions = sorted(int(n[:-5]) for n in os.listdir(folder) if n.endswith(".json") and n[:-5].isdigit()) if os.path.isdir(folder) else []
        if not versions:
            continue
        with open(os.path.join(folder, f"{versions[-1]}.json"), encoding="utf-8") as f:
            served = json.load(f)
        candidate = dict(served, version=versions[-1] + 1, bias=served["bias"] + 0.25)
        with open(os.path.join(folder, f"{candidate['version']}.json"), "w", encoding="utf-8") as f:
            json.dump(candidate, f)
        with open(os.path.join(folder, "CANDIDATE"), "w", encoding="utf-8") as f:
            f.write(f"{candidate['version']}\n")


def shadow_figures(base):
    with urllib.request.urlopen(base + "/v1/domains", timeout=10) as response:
        domains = json.load(response)["domains"]
    return {d["domain"]: {k: d["candidate"][k] for k in ("version", "shadowRequests", "top1Changes")} for d in domains if d.get("candidate")}


def measure(base_with, pid_with, base_without, pid_without, out):
    servers = {"with": (base_with, int(pid_with)), "without": (base_without, int(pid_without))}
    if not shadow_figures(base_with):
        sys.exit("the server with candidates shows none: check its registry")
    runs, settings = side_by_side(servers)
    write(out, {
        "machine": {"nproc": os.cpu_count(), "loadavgAtEnd": loadavg()},
        "settings": settings,
        "rounds": runs,
        "medianRpsWith": round(statistics.median(r["with"]["rps"] for r in runs), 1),
        "medianRpsWithout": round(statistics.median(r["without"]["rps"] for r in runs), 1),
        "medianRatio": round(statistics.median(r["ratio"] for r in runs), 3),
        "shadow": shadow_figures(base_with),
    })

if __name__ == "__main__":
    {"make-candidates": make_candidates, "measure": measure}[sys.argv[1]](*sys.argv[2:])
