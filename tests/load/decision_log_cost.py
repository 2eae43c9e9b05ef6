#!/usr/bin/env python3
"""The decision log's cost: /v1/rerank on two servers of the same build side by side, one with the log on and one
with it off (DecisionLog:Path empty), in alternating wrk rounds, plus the on-server's log counters (written, dropped).
  decision_log_cost.py BASE_ON PID_ON BASE_OFF PID_OFF OUT.json
Settings from the environment: ROUNDS (5), DURATION (10 s), CONNS (32), THREADS (1), WARMUP (5 s)."""
import json
import os
import statistics
import sys
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loadrun import ENV, brief, loadavg, wrk_with_cpu, write  # noqa: E402


def status(base):
    with urllib.request.urlopen(base + "/v1/decision-log/status", timeout=10) as response:
        return json.load(response)


def main(base_on, pid_on, base_off, pid_off, out):
    rounds, seconds = int(ENV.get("ROUNDS", "5")), int(ENV.get("DURATION", "10"))
    conns, threads, warmup = int(ENV.get("CONNS", "32")), int(ENV.get("THREADS", "1")), int(ENV.get("WARMUP", "5"))
    servers = {"on": (base_on, int(pid_on)), "off": (base_off, int(pid_off))}
    for base, pid in servers.values():
        wrk_with_cpu(base, "/v1/rerank", warmup, conns, threads, pid)  # JIT tiering, pools
    runs = []
    for n in range(rounds):
        order = ["on", "off"] if n % 2 == 0 else ["off", "on"]
        pair = {name: wrk_with_cpu(servers[name][0], "/v1/rerank", seconds, conns, threads, servers[name][1]) for name in order}
        runs.append({"round": n + 1, "loadavg": loadavg(),
                     "on": brief(pair["on"]) | {"serverCpuUsPerRequest": pair["on"]["serverCpuUsPerRequest"]},
                     "off": brief(pair["off"]) | {"serverCpuUsPerRequest": pair["off"]["serverCpuUsPerRequest"]},
                     "ratio": round(pair["on"]["rps"] / pair["off"]["rps"], 3)})
        print(json.dumps(runs[-1]), file=sys.stderr)
    log = status(base_on)
    write(out, {
        "machine": {"nproc": os.cpu_count(), "loadavgAtEnd": loadavg()},
        "settings": {"rounds": rounds, "secondsPerRun": seconds, "connections": conns, "wrkThreads": threads},
        "rounds": runs,
        "medianRpsOn": round(statistics.median(r["on"]["rps"] for r in runs), 1),
        "medianRpsOff": round(statistics.median(r["off"]["rps"] for r in runs), 1),
        "medianRatio": round(statistics.median(r["ratio"] for r in runs), 3),
        "decisionLog": {k: log[k] for k in ("state", "written", "droppedQueueFull", "droppedWriteFailed", "droppedUnavailable", "writeErrors")},
        "offState": status(base_off)["state"],
    })


if __name__ == "__main__":
    main(*sys.argv[1:])
