#!/usr/bin/env python3
"""Reload under traffic: writes COUNT new weight versions, one every INTERVAL seconds, round-robin over
DOMAINS, while another process (wrk) loads the service; a watcher polls GET /v1/domains/{d} and records every
served version. Prints one JSON line: versions written, every version seen served, pickup delays.
usage: reload_writer.py BASE REGISTRY DOMAINS COUNT INTERVAL"""
import json
import os
import statistics
import sys
import threading
import time

from harness_common import Client, read_weight_file, wait_until, write_atomically

base, registry, domains, count, interval = sys.argv[1], sys.argv[2], sys.argv[3].split(","), int(sys.argv[4]), float(sys.argv[5])
template = {d: read_weight_file(registry, d) for d in domains}
next_version = {d: max(int(f[:-5]) for f in os.listdir(os.path.join(registry, d)) if f.endswith(".json") and f[:-5].isdigit()) + 1 for d in domains}
written = {}        # (domain, version) -> time written
first_seen = {}     # (domain, version) -> time first served
watch_errors = []
stop = threading.Event()


def watch():
    client = Client(base)
    deadline = time.monotonic() + count * interval + 60
    while not stop.is_set() and time.monotonic() < deadline:
        for d in domains:
            status, doc = client.get_json(f"/v1/domains/{d}")
            if status != 200:
                watch_errors.append(status)
                continue
            key = (d, doc["servedVersion"])
            first_seen.setdefault(key, time.monotonic())
        time.sleep(0.01)


watcher = threading.Thread(target=watch, daemon=True)
watcher.start()
start = time.monotonic()
for k in range(count):
    d = domains[k % len(domains)]
    version = next_version[d]
    next_version[d] += 1
    doc = dict(template[d])
    doc["version"] = version
    doc["bias"] = template[d]["bias"] + 0.001 * version  # a real change, so each version scores differently
    write_atomically(os.path.join(registry, d, f"{version}.json"), json.dumps(doc, indent=2).encode())
    written[(d, version)] = time.monotonic()
    time.sleep(max(0.0, start + (k + 1) * interval - time.monotonic()))

last = {d: next_version[d] - 1 for d in domains}
wait_until(lambda: all((d, v) in first_seen for d, v in last.items()), timeout=15)
stop.set()
watcher.join(timeout=5)

seen = [key for key in written if key in first_seen]
missing = sorted(f"{d}/{v}" for d, v in written if (d, v) not in first_seen)
delays_ms = [(first_seen[key] - written[key]) * 1000 for key in seen]
print(json.dumps({
    "written": len(written),
    "seenServed": len(seen),
    "missing": missing,
    "finalVersions": last,
    "pickupMs": {"median": round(statistics.median(delays_ms), 1) if delays_ms else None,
                 "max": round(max(delays_ms), 1) if delays_ms else None},
    "writeSeconds": round(time.monotonic() - start, 1),
    "watcherNon200": len(watch_errors),
}))
