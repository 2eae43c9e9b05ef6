#!/usr/bin/env python3
"""Markdown fragments for docs/performance.md and docs/reliability.md from a results folder, so the docs quote
exactly what the runs measured. usage: report.py RESULTS_DIR"""
import os
import sys

from harness_common import load_result

results = sys.argv[1]


def load(name):
    return load_result(results, name)


def machine(name):
    path = os.path.join(results, name + ".machine")
    return open(path).read().strip() if os.path.exists(path) else "?"


for name in ("throughput-nolog", "throughput"):
  t = load(name + ".json")
  if t:
    print(f"### {name}\n")
    print(f"Started: {machine(name)}\n")
    st = t["settings"]
    print(f'wrk -t{st["wrkThreads"]} -c{st["connections"]}, {st["secondsPerRun"]} s per run, {st["rounds"]} interleaved rounds (order rotating) after {st.get("warmupSeconds", 5)} s of warm-up per target, '
          f'every target on the same {st.get("bodyBytes", "?")}-byte corpus body. "bare" is the bare echo app (tests/ReRanker.EchoBaseline), '
          f'"bench" the service\'s own /bench/echo.\n')
    print("| Round | Load avg (1/5/15 min) | rerank req/s | bare req/s | bench req/s | **rerank / bare** | bench / bare | rerank / bench | server CPU µs/req rerank / bare / bench | CPU ratio | rerank p50 / p99 ms | bare p50 / p99 ms |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |")
    for r in t["rounds"]:
        a, b, e = r["rerank"], r["bare"], r["echo"]
        print(f'| {r["round"]} | {r["loadavg"]} | {a["rps"]:.0f} | {b["rps"]:.0f} | {e["rps"]:.0f} | {r["ratio"]} | {r["pipelineRatio"]} | {r["rerankVsBenchEcho"]} | '
              f'{a["serverCpuUsPerRequest"]} / {b["serverCpuUsPerRequest"]} / {e["serverCpuUsPerRequest"]} | {r["cpuRatio"]} | {a["p50Ms"]} / {a["p99Ms"]} | {b["p50Ms"]} / {b["p99Ms"]} |')
    c = t["medianServerCpuUsPerRequest"]
    print(f'| **median** | | **{t["medianRerankRps"]:.0f}** | **{t["medianBareRps"]:.0f}** | **{t["medianEchoRps"]:.0f}** | **{t["medianRatio"]}** | '
          f'{t["medianPipelineRatio"]} | {t["medianRerankVsBenchEcho"]} | {c["rerank"]} / {c["bare"]} / {c["echo"]} | **{t["medianCpuRatio"]}** | | |')
    errors = sum(r[p]["non2xx"] + r[p]["connectionErrors"] for r in t["rounds"] for p in ("rerank", "bare", "echo"))
    print(f'\nNon-2xx plus connection errors over all rounds: {errors}. RSS peak during these rounds: {t["maxLoadRssMib"]} MiB.\n')
    h = t["halfLoad"]
    print(f'Half load: target {h["targetRps"]:.0f} req/s, {h["connections"]} connections each waiting on average {h["delayMs"]} ms (0 to {2 * h["delayMs"]}) between requests: '
          f'**{h["rps"]:.0f} req/s, p50 {h["p50Ms"]} ms, p90 {h["p90Ms"]} ms, p99 {h["p99Ms"]} ms, p99.9 {h["p999Ms"]} ms**, '
          f'{h["requests"]} requests, {h["non2xx"]} non-2xx, {h["connectionErrors"]} connection errors, RSS {h["rssMib"]} MiB.\n')

s = load("soak.json")
if s:
    print("### soak\n")
    print(f"Started: {machine('soak')}\n")
    print(f'{s["seconds"]} s at half load ({s["connections"]} connections, {s["delayMs"]} ms delay): {s["requests"]} requests, {s["rps"]:.0f} req/s, '
          f'p50 {s["p50Ms"]} ms, p99 {s["p99Ms"]} ms, {s["non2xx"]} non-2xx, {s["connectionErrors"]} connection errors. '
          f'RSS median of the first minute {s["firstMinuteMedianMib"]} MiB, of the last minute {s["lastMinuteMedianMib"]} MiB '
          f'(growth {s["growthMib"]} MiB). Samples every 10 s (s → MiB):\n')
    print(", ".join(f"{int(at)}→{mib}" for at, mib in s["rssSamplesMib"]) + "\n")

r = load("reload.json")
if r:
    print("### reload\n")
    print(f"Started: {machine('reload')}\n")
    w = r["writer"]
    print("| | requests | req/s | non-2xx | connection errors | p50 ms | p99 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, key in (("steady state (20 s, before)", "steady"), (f'during the swaps ({r["wrkSecondsDuringSwaps"]} s)', "duringSwaps")):
        x = r[key]
        print(f'| {name} | {x["requests"]} | {x["rps"]:.0f} | {x["non2xx"]} | {x["connectionErrors"]} | {x["p50Ms"]} | {x["p99Ms"]} |')
    print(f'\np99 during swaps / steady: **{r["p99Ratio"]}×**. Versions written: {w["written"]} in {w["writeSeconds"]} s over '
          f'{len(w["finalVersions"])} domain(s); seen served: **{w["seenServed"]}**; missing: {w["missing"] or "none"}; '
          f'write-to-served delay median {w["pickupMs"]["median"]} ms, max {w["pickupMs"]["max"]} ms.\n')

b = load("bad-weights.json")
if b:
    print("### bad weights\n")
    print(f"Started: {machine('bad-weights')}\n")
    print("| Case | File | Reason in /v1/registry/status | Named after (s) | Served version after |")
    print("| --- | --- | --- | ---: | ---: |")
    for c in b["cases"]:
        reason = (c["reason"] or "NOT NAMED").replace("|", "\\|")
        print(f'| {c["case"]} | `{c["file"]}` | {reason} | {c["secondsToRejection"]} | {c["servedVersion"]} |')
    x = b["traffic"]
    print(f'\nTraffic meanwhile: {x["requests"]} requests, {x["rps"]:.0f} req/s, {x["non2xx"]} non-2xx, {x["connectionErrors"]} connection errors, '
          f'p50 {x["p50Ms"]} ms, p99 {x["p99Ms"]} ms.\n')

f = load("fuzz.jsonl")
if f:
    print("### fuzz\n")
    print(f"Started: {machine('fuzz')}\n")
    keys = sorted({k for line in f[:-1] for k in line["statuses"]})
    print("| Mutation | " + " | ".join(keys) + " |")
    print("| --- | " + " | ".join("---:" for _ in keys) + " |")
    for line in f[:-1]:
        print(f'| {line["kind"]} | ' + " | ".join(str(line["statuses"].get(k, 0)) for k in keys) + " |")
    sm = f[-1]
    print(f'| **all** | ' + " | ".join(f'**{sm["statuses"].get(k, 0)}**' for k in keys) + " |")
    print(f'\n{sm["requests"]} requests in {sm["seconds"]} s: **{sm["status5xx"]} with status 5xx**, {sm["connectionErrors"]} connection errors; '
          f'afterwards 50 valid requests: {sm["afterwards"]}, /readyz {sm["readyzAfterwards"]}.\n')

a = load("admin.json")
if a:
    print("### admin\n")
    print(f'{a["requests"]} calls, statuses {a["statuses"]}, unexpected: {a["unexpected"] or "none"}, registry folder unchanged '
          f'(names and sha256 of {a["filesBefore"]} files): {a["registryUnchanged"]}.\n')

# Summary rows for the targets tables at the top of both docs.
rows = []
if r:
    w = r["writer"]
    s_, d_ = r["steady"], r["duringSwaps"]
    rows.append(("Reload: 100 versions, one every 200 ms, under load: non-2xx / connection errors", f'{d_["non2xx"]} / {d_["connectionErrors"]} of {d_["requests"]} requests', d_["non2xx"] == 0 and d_["connectionErrors"] == 0))
    rows.append(("Reload: every new version served", f'{w["seenServed"]} of {w["written"]}', w["seenServed"] == w["written"]))
    rows.append(("Reload: p99 during swaps ≤ 2× steady state", f'{d_["p99Ms"]} ms vs {s_["p99Ms"]} ms ({r["p99Ratio"]}×)', r["p99Ratio"] <= 2))
if b:
    sm = b["summary"]
    rows.append(("Bad weight files under traffic: served version unchanged, status names each", f'{sm["servedUnchanged"]} / {sm["named"]} of {sm["cases"]} cases; traffic {b["traffic"]["non2xx"]} non-2xx', sm["servedUnchanged"] == sm["named"] == sm["cases"]))
if f:
    sm = f[-1]
    rows.append(("Fuzz: 10,000 mutated requests, 0 with status 5xx", f'{sm["status5xx"]} of {sm["requests"]}', sm["status5xx"] == 0))
    rows.append(("Fuzz: normal answers afterwards", f'50 valid requests: {sm["afterwards"]}', set(sm["afterwards"]) == {"200"}))
if a:
    rows.append(("Admin without or with a wrong key: always 401, nothing written", f'{a["statuses"]}; folder unchanged: {a["registryUnchanged"]}', not a["unexpected"] and a["registryUnchanged"]))
if rows:
    print("### reliability summary\n")
    print("| Target | Measured | Verdict |")
    print("| --- | --- | --- |")
    for what, value, ok in rows:
        print(f"| {what} | {value} | {'met' if ok else '**missed**'} |")
    print()

# HTTP and memory rows for the targets table of docs/performance.md.
rows = []
if t:
    h = t["halfLoad"]
    rows.append(("HTTP: rerank throughput ≥ 0.8 × the bare echo app's, same run", f'{t["medianRatio"]} (median of {len(t["rounds"])} rounds: {t["medianRerankRps"]:.0f} vs {t["medianBareRps"]:.0f} req/s; /bench/echo {t["medianEchoRps"]:.0f}); by server CPU per request {t["medianCpuRatio"]}', t["medianRatio"] >= 0.8))
    rows.append(("HTTP: p99 ≤ 5 ms at half the maximum rate", f'p50 {h["p50Ms"]} ms, p99 {h["p99Ms"]} ms at {h["rps"]:.0f} req/s', h["p99Ms"] <= 5))
    rows.append(("Memory: resident under load", f'{t["maxLoadRssMib"]} MiB peak at maximum load, {h["rssMib"]} MiB at half load', True))
nolog = load("throughput-nolog.json")
if nolog:
    h = nolog["halfLoad"]
    rows.append(("The same without the per-request log line (`--Serilog:MinimumLevel:Default=Warning`)", f'ratio {nolog["medianRatio"]} ({nolog["medianRerankRps"]:.0f} vs {nolog["medianBareRps"]:.0f} req/s); half load p50 {h["p50Ms"]} ms, p99 {h["p99Ms"]} ms at {h["rps"]:.0f} req/s', nolog["medianRatio"] >= 0.8 and h["p99Ms"] <= 5))
if s:
    rows.append(("Memory: no growth over a 5-minute soak", f'first-minute median {s["firstMinuteMedianMib"]} MiB, last-minute median {s["lastMinuteMedianMib"]} MiB ({s["requests"]} requests)', s["growthMib"] <= max(10, 0.1 * s["firstMinuteMedianMib"])))
if rows:
    print("### performance summary\n")
    print("| Target, HTTP and memory | Measured (tests/load/run-all.sh) | Verdict |")
    print("| --- | --- | --- |")
    for what, value, ok in rows:
        print(f"| {what} | {value} | {'met' if ok else '**missed**'} |")
    print()
