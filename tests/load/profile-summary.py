#!/usr/bin/env python3
"""Where a server's CPU goes, by part of the request path: reads `perf script` output (stacks with .NET frames named
through the perf map) and puts every sample in the first group whose frame pattern its stack holds, checked in order.
  profile-summary.py PERF_SCRIPT.txt [SERVER_CPU_US_PER_REQUEST]
Prints a Markdown table: share of samples, and with the second argument the µs per request that share stands for."""
import re
import sys

# (group, pattern of a frame on the stack). Order matters: a sample counts for the first group that matches, so the
# background threads come first, then the request's stages from the innermost out.
GROUPS = [
    ("decision log writer (background)", r"DecisionLogWriter"),
    ("request log line: format + console write (background)", r"Serilog\.Sinks\.Async\.BackgroundWorkerSink"),
    ("garbage collector", r"gc_heap|GCHeap|\bgc\.cpp|SVR::|WKS::"),
    ("JIT (tiering)", r"libclrjit|TieredCompilation"),
    ("parse the body (RerankRequestReader, System.Text.Json)", r"RequestBody::Parse|RerankRequestReader"),
    ("read the body", r"RequestBody\+<Read"),
    ("validate + map to Core records", r"RerankRequestValidator"),
    ("score (Core) + metrics counters", r"RerankScorer::Rank|ApiMetrics::"),
    ("write the response (RankingJsonWriter)", r"RankingJsonWriter"),
    ("send the response (Kestrel, socket)", r"RankingResult|Http1OutputProducer|SocketConnection\+<DoSend|__send|sendto"),
    ("request log middleware (event built, queued)", r"RequestLoggingMiddleware::|RequestLoggingMiddleware\+<Invoke>.*LogCompletion|Serilog\.Core\.Logger::|Serilog\.Events"),
    ("receive + HTTP parsing (Kestrel, socket)", r"DoReceive|Http1Connection::(TryParseRequest|ParseRequest)|__libc_recv|recvfrom|epoll_wait"),
    ("hosting, routing, middleware, metrics, thread pool", r"HostingApplication|EndpointRoutingMiddleware|ExceptionHandlerMiddleware|StatusCodePagesMiddleware|HostingMetrics|OpenTelemetry|ThreadPoolWorkQueue|Kestrel"),
]


def samples(path):
    stack = []
    with open(path, errors="replace") as f:
        for line in f:
            if not line.strip():
                if stack:
                    yield stack
                stack = []
            elif line[0] in "\t ":
                stack.append(line.strip())
            else:
                stack = [line.strip()]  # the header line names the thread: it is matched too (".NET Server GC")
    if stack:
        yield stack


def main(path, cpu_us=None):
    counts = {name: 0 for name, _ in GROUPS}
    counts["other (kernel scheduling, runtime, unattributed)"] = 0
    compiled = [(name, re.compile(pattern)) for name, pattern in GROUPS]
    total = 0
    for stack in samples(path):
        total += 1
        text = "\n".join(stack)
        if ".NET Server GC" in stack[0] or ".NET BGC" in stack[0]:
            counts["garbage collector"] += 1
            continue
        if ".NET Tiered Com" in stack[0]:
            counts["JIT (tiering)"] += 1
            continue
        for name, pattern in compiled:
            if pattern.search(text):
                counts[name] += 1
                break
        else:
            counts["other (kernel scheduling, runtime, unattributed)"] += 1
    header = "| Part of the request path | share of server CPU |" + (" µs per request |" if cpu_us else "")
    print(header)
    print("| --- | ---: |" + (" ---: |" if cpu_us else ""))
    for name, n in counts.items():
        share = n / total if total else 0
        row = f"| {name} | {100 * share:.1f} % |"
        if cpu_us:
            row += f" {share * float(cpu_us):.1f} |"
        print(row)
    print(f"\n{total} samples.")


if __name__ == "__main__":
    main(*sys.argv[1:])
