#!/usr/bin/env python3
"""Orchestrates wrk runs against a started service and computes the figures of docs/performance.md and
docs/reliability.md. Standard library only; loopback only; every run is bounded in time.
  loadrun.py throughput BASE PID ECHO_BASE ECHO_PID OUT.json
                                             rerank vs the bare echo app and /bench/echo (interleaved rounds, one
                                             1.6 KB body), half-load latency, RSS
  loadrun.py soak BASE PID OUT.json          half load for SOAK_SECONDS, RSS every 10 s
  loadrun.py reload BASE REGISTRY OUT.json   steady p99, then 100 versions every 200 ms under the same load
  loadrun.py bad BASE REGISTRY OUT.json      bad weight files under load
Settings from the environment: ROUNDS, DURATION, CONNS, THREADS, WARMUP, PROBE_SECONDS, HALF_SECONDS, SOAK_SECONDS,
HALF_CONNS, HALF_DELAY_MS; THROUGHPUT_BODIES (default $SINGLE_BODY: every target of the comparison gets the same body)."""
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = os.environ


def wrk(base, path, seconds, conns, threads=1, delay_ms=0, bodies=None):
    """One wrk run; returns the RESULT dict printed by rerank.lua's done(). `bodies` replaces $BODIES for this run."""
    env = dict(ENV, RATE_DELAY_MS=str(delay_ms))
    if bodies:
        env["BODIES"] = bodies
    command = ["wrk", f"-t{threads}", f"-c{conns}", f"-d{seconds}s", "--timeout", "5s", "-s", os.path.join(HERE, "rerank.lua"), base + path]
    output = subprocess.run(command, env=env, capture_output=True, text=True, timeout=seconds + 60).stdout
    line = next((l for l in output.splitlines() if l.startswith("RESULT ")), None)
    if line is None:
        raise SystemExit(f"wrk printed no RESULT line:\n{output}")
    result = json.loads(line[len("RESULT "):])
    result["non2xx"] = sum(n for s, n in result["statuses"].items() if not s.startswith("2"))
    result["connectionErrors"] = sum(result["errors"][k] for k in ("connect", "read", "write", "timeout"))
    return result


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    return None


class RssSampler(threading.Thread):
    """Samples a process's RSS every `interval` seconds until stopped."""

    def __init__(self, pid, interval):
        super().__init__(daemon=True)
        self.pid, self.interval, self.samples, self.stop = pid, interval, [], threading.Event()

    def run(self):
        start = time.monotonic()
        while not self.stop.is_set():
            self.samples.append((round(time.monotonic() - start, 1), rss_mib(self.pid)))
            self.stop.wait(self.interval)


def cpu_seconds(pid):
    """User + system CPU time of a process so far, from /proc/<pid>/stat (clock ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk_with_cpu(base, path, seconds, conns, threads, pid, bodies=None):
    """A wrk run plus the server's CPU time per request: other processes on the machine cannot inflate it."""
    before = cpu_seconds(pid)
    result = wrk(base, path, seconds, conns, threads, bodies=bodies)
    result["serverCpuUsPerRequest"] = round((cpu_seconds(pid) - before) * 1e6 / max(result["requests"], 1), 1)
    return result


def gc_collections(base):
    """The server's garbage collections so far per generation, from its /metrics (the System.Runtime meter)."""
    with urllib.request.urlopen(base + "/metrics", timeout=10) as response:
        text = response.read().decode()
    return {m[1]: int(float(m[2])) for m in re.finditer(r'^dotnet_gc_collections_total\{[^}]*gc_heap_generation="(gen\d)"[^}]*\} (\S+)', text, re.M)}


def wrk_with_gc(base, path, seconds, conns, threads, pid):
    """wrk_with_cpu plus the collections of each generation during the run: a collection counts under the oldest
    generation it collected, so a high gen1 share means objects survived gen0 (for example records waiting in a queue)."""
    before = gc_collections(base)
    result = wrk_with_cpu(base, path, seconds, conns, threads, pid)
    after = gc_collections(base)
    result["gcCollections"] = {gen: after.get(gen, 0) - before.get(gen, 0) for gen in sorted(after)}
    return result


def brief(r):
    return {k: r[k] for k in ("requests", "rps", "non2xx", "connectionErrors")} | {"p50Ms": r["latencyUs"]["p50"] / 1000, "p99Ms": r["latencyUs"]["p99"] / 1000}


def side_by_side(servers, path="/v1/rerank"):
    """Two servers ({name: (base, pid)}, the first is the one measured) in alternating wrk rounds after a warm-up;
    returns the rounds, each with both briefs, CPU per request, collections per generation and first/second ratio,
    and the settings used.
    Settings from the environment: ROUNDS (8), DURATION (10 s), CONNS (32), THREADS (1), WARMUP (20 s)."""
    rounds, seconds = int(ENV.get("ROUNDS", "8")), int(ENV.get("DURATION", "10"))
    # 20 s per server, as for the throughput comparison: after 5 s the JIT's tiering still slowed the first round.
    conns, threads, warmup = int(ENV.get("CONNS", "32")), int(ENV.get("THREADS", "1")), int(ENV.get("WARMUP", "20"))
    first, second = list(servers)
    for base, pid in servers.values():
        wrk_with_cpu(base, path, warmup, conns, threads, pid)  # JIT tiering, pools
    runs = []
    for n in range(rounds):
        order = [first, second] if n % 2 == 0 else [second, first]
        pair = {name: wrk_with_gc(servers[name][0], path, seconds, conns, threads, servers[name][1]) for name in order}
        runs.append({"round": n + 1, "loadavg": loadavg(),
                     **{name: brief(pair[name]) | {k: pair[name][k] for k in ("serverCpuUsPerRequest", "gcCollections")} for name in servers},
                     "ratio": round(pair[first]["rps"] / pair[second]["rps"], 3)})
        print(json.dumps(runs[-1]), file=sys.stderr)
    return runs, {"rounds": rounds, "secondsPerRun": seconds, "connections": conns, "wrkThreads": threads}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def half_load(base, target_rps, seconds, bodies=None):
    """wrk has no fixed-rate mode: each of C connections waits D ms on average (0..2D) between requests, so the
    rate is about C / (D + latency). Start from C = target × (D + 1 ms), then correct C once from the measured rate."""
    delay = int(ENV.get("HALF_DELAY_MS", "4"))
    conns = int(ENV.get("HALF_CONNS", "0")) or max(1, round(target_rps * (delay + 1) / 1000))
    probe = wrk(base, "/v1/rerank", int(ENV.get("PROBE_SECONDS", "5")), conns, 1, delay, bodies)
    conns = max(1, round(conns * target_rps / max(probe["rps"], 1)))
    result = wrk(base, "/v1/rerank", seconds, conns, 1, delay, bodies)
    return result, conns, delay


def throughput(base, pid, echo_base, echo_pid, out):
    """Three targets in interleaved rounds (the order rotates each round), each on the same body: the service's
    /v1/rerank, the bare echo app (tests/ReRanker.EchoBaseline, outside the service's pipeline: the peer of the
    target ratio) and the service's own /bench/echo (its pipeline without validation or scoring)."""
    rounds, seconds = int(ENV.get("ROUNDS", "5")), int(ENV.get("DURATION", "10"))
    conns, threads = int(ENV.get("CONNS", "32")), int(ENV.get("THREADS", "2"))
    # 20 s per target: under full load on two cores the JIT's tiering thread was still compiling 10 s after the start
    # (7 % of the server's CPU samples, tests/load/profile-server.sh) and had finished by 20 s.
    warmup = int(ENV.get("WARMUP", "20"))
    bodies = ENV.get("THROUGHPUT_BODIES") or ENV["SINGLE_BODY"]
    targets = {"rerank": (base, "/v1/rerank", pid), "bare": (echo_base, "/echo", echo_pid), "echo": (base, "/bench/echo", pid)}
    for name, (host, path, _) in targets.items():
        wrk(host, path, warmup, conns, threads, bodies=bodies)  # warm-up: JIT tiering, pools
    sampler = RssSampler(pid, 1.0)
    sampler.start()
    runs = []
    names = list(targets)
    for n in range(rounds):
        order = names[n % len(names):] + names[:n % len(names)]
        measured = {}
        for name in order:
            host, path, server = targets[name]
            measured[name] = wrk_with_cpu(host, path, seconds, conns, threads, server, bodies)
        rerank, bare, echo = measured["rerank"], measured["bare"], measured["echo"]
        runs.append({"round": n + 1, "order": order, "loadavg": loadavg(),
                     **{name: brief(r) | {"serverCpuUsPerRequest": r["serverCpuUsPerRequest"]} for name, r in measured.items()},
                     # The target: rerank / bare echo app. The two others split it: pipeline (bench echo / bare), work (rerank / bench echo).
                     "ratio": round(rerank["rps"] / bare["rps"], 3),
                     "pipelineRatio": round(echo["rps"] / bare["rps"], 3),
                     "rerankVsBenchEcho": round(rerank["rps"] / echo["rps"], 3),
                     "cpuRatio": round(bare["serverCpuUsPerRequest"] / max(rerank["serverCpuUsPerRequest"], 0.1), 3)})
        print(json.dumps(runs[-1]), file=sys.stderr)
    sampler.stop.set()
    max_load_rss = max(s for _, s in sampler.samples if s)
    max_rps = statistics.median(r["rerank"]["rps"] for r in runs)
    half, half_conns, half_delay = half_load(base, max_rps / 2, int(ENV.get("HALF_SECONDS", "30")), bodies)
    median = lambda key: round(statistics.median(r[key] for r in runs), 3)
    result = {
        "machine": {"nproc": os.cpu_count(), "loadavgAtEnd": loadavg()},
        "settings": {"rounds": rounds, "secondsPerRun": seconds, "connections": conns, "wrkThreads": threads, "warmupSeconds": warmup,
                     "body": bodies, "bodyBytes": os.path.getsize(bodies)},
        "rounds": runs,
        "medianRerankRps": round(max_rps, 1),
        "medianBareRps": round(statistics.median(r["bare"]["rps"] for r in runs), 1),
        "medianEchoRps": round(statistics.median(r["echo"]["rps"] for r in runs), 1),
        "medianRatio": median("ratio"),
        "medianPipelineRatio": median("pipelineRatio"),
        "medianRerankVsBenchEcho": median("rerankVsBenchEcho"),
        # Server CPU per bare-echo request / per rerank request: the throughput ratio saturated servers would reach.
        "medianCpuRatio": median("cpuRatio"),
        "medianServerCpuUsPerRequest": {name: statistics.median(r[name]["serverCpuUsPerRequest"] for r in runs) for name in names},
        "maxLoadRssMib": max_load_rss,
        "halfLoad": {"targetRps": round(max_rps / 2, 1), "connections": half_conns, "delayMs": half_delay, **brief(half),
                     "p90Ms": half["latencyUs"]["p90"] / 1000, "p999Ms": half["latencyUs"]["p999"] / 1000, "rssMib": rss_mib(pid)},
    }
    write(out, result)


def soak(base, pid, out):
    seconds = int(ENV.get("SOAK_SECONDS", "300"))
    conns, delay = half_settings(out)
    sampler = RssSampler(pid, 10.0)
    sampler.start()
    result = wrk(base, "/v1/rerank", seconds, conns, 1, delay)
    time.sleep(10)
    sampler.stop.set()
    samples = [s for _, s in sampler.samples if s]
    first, last = samples[1:7], samples[-7:-1]  # skip the very first sample (before load); last minute of the load
    write(out, {"seconds": seconds, "connections": conns, "delayMs": delay, **brief(result), "loadavgAtEnd": loadavg(),
                "rssSamplesMib": sampler.samples, "firstMinuteMedianMib": statistics.median(first),
                "lastMinuteMedianMib": statistics.median(last), "growthMib": round(statistics.median(last) - statistics.median(first), 1)})


def half_settings(out):
    """Connections and delay of the half-load run: from the environment, else from throughput.json beside `out`."""
    if "HALF_CONNS" in ENV:
        return int(ENV["HALF_CONNS"]), int(ENV.get("HALF_DELAY_MS", "4"))
    measured = os.path.join(os.path.dirname(os.path.abspath(out)), "throughput.json")
    if os.path.exists(measured):
        with open(measured) as f:
            half = json.load(f)["halfLoad"]
        return half["connections"], half["delayMs"]
    return 16, 4


def under_load(base, seconds, conns, delay, action):
    """Runs wrk for `seconds` in a thread while `action()` runs; returns (wrk result, action result)."""
    box = {}
    runner = threading.Thread(target=lambda: box.setdefault("wrk", wrk(base, "/v1/rerank", seconds, conns, 1, delay)))
    runner.start()
    time.sleep(2)
    action_result = action()
    runner.join()
    return box["wrk"], action_result


def run_json_lines(command):
    output = subprocess.run(command, capture_output=True, text=True, timeout=600)
    lines = [json.loads(l) for l in output.stdout.splitlines() if l.startswith("{")]
    if output.returncode not in (0, 1) or not lines:
        raise SystemExit(f"{command[1]} failed: {output.stderr}")
    return lines


def reload(base, registry, out):
    conns, delay = half_settings(out)
    count, interval = int(ENV.get("RELOAD_COUNT", "100")), float(ENV.get("RELOAD_INTERVAL", "0.2"))
    # Default: round-robin over every domain of the registry, as domain teams ship on their own schedules.
    domains = ENV.get("RELOAD_DOMAINS") or ",".join(sorted(d for d in os.listdir(registry) if os.path.isdir(os.path.join(registry, d))))
    wrk(base, "/v1/rerank", 5, conns, 1, delay)  # warm-up: a fresh server's first seconds (JIT tiers) are not steady state
    steady = wrk(base, "/v1/rerank", 20, conns, 1, delay)
    seconds = int(count * interval) + 8
    swaps, writer = under_load(base, seconds, conns, delay, lambda: run_json_lines(
        [sys.executable, os.path.join(HERE, "reload_writer.py"), base, registry, domains, str(count), str(interval)])[-1])
    write(out, {"steady": brief(steady), "duringSwaps": brief(swaps), "wrkSecondsDuringSwaps": seconds,
                "p99Ratio": round(swaps["latencyUs"]["p99"] / max(steady["latencyUs"]["p99"], 1), 2),
                "connections": conns, "delayMs": delay, "writer": writer, "loadavgAtEnd": loadavg()})


def bad(base, registry, out):
    conns, delay = half_settings(out)
    traffic, cases = under_load(base, int(ENV.get("BAD_SECONDS", "45")), conns, delay, lambda: run_json_lines(
        [sys.executable, os.path.join(HERE, "bad_weights.py"), base, registry, ENV.get("BAD_DOMAIN", "music")]))
    write(out, {"traffic": brief(traffic), "cases": cases[:-1], "summary": cases[-1], "loadavgAtEnd": loadavg()})


def write(out, result):
    with open(out, "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result))


if __name__ == "__main__":
    command, args = sys.argv[1], sys.argv[2:]
    {"throughput": throughput, "soak": soak, "reload": reload, "bad": bad}[command](*args)
