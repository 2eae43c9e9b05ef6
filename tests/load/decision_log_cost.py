#!/usr/bin/env python3
"""The decision log's cost: /v1/rerank on two servers of the same build side by side, one with the log on and one
with it off (DecisionLog:Path empty), in alternating wrk rounds, plus the on-server's log counters (written, dropped).
  decision_log_cost.py BASE_ON PID_ON BASE_OFF PID_OFF OUT.json
Settings from the environment: ROUNDS (8), DURATION (10 s), CONNS (32), THREADS (1), WARMUP (20 s)."""
import json
import os
import statistics
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadrun import loadavg, side_by_side, write  # noqa: E402


def status(base):
    with urllib.request.urlopen(base + "/v1/decision-log/status", timeout=10) as response:
        return json.load(response)


def main(base_on, pid_on, base_off, pid_off, out):
    servers = {"on": (base_on, int(pid_on)), "off": (base_off, int(pid_off))}
    runs, settings = side_by_side(servers)
    log = status(base_on)
    write(out, {
        "machine": {"nproc": os.cpu_count(), "loadavgAtEnd": loadavg()},
        "settings": settings,
        "rounds": runs,
        "medianRpsOn": round(statistics.median(r["on"]["rps"] for r in runs), 1),
        "medianRpsOff": round(statistics.median(r["off"]["rps"] for r in runs), 1),
        "medianRatio": round(statistics.median(r["ratio"] for r in runs), 3),
        "decisionLog": {k: log[k] for k in ("state", "written", "droppedQueueFull", "droppedWriteFailed", "droppedUnavailable", "writeErrors")},
        "offState": status(base_off)["state"],
    })


if __name__ == "__main__":
    main(*sys.argv[1:])
