#!/usr/bin/env python3
"""Fuzz: COUNT requests built by mutating valid /v1/rerank bodies from the corpus test split; every
response must be a non-5xx status. Afterwards the service must still answer valid requests normally.
Prints a JSON line per mutation kind and a summary. usage: fuzz.py BASE BODIES COUNT [SEED] [THREADS]"""
import collections
import json
import random
import sys
import threading
import time

from harness_common import Client

base, bodies_path = sys.argv[1], sys.argv[2]
count = int(sys.argv[3])
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 7
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 4
with open(bodies_path, encoding="utf-8") as f:
    bodies = [json.loads(line) for line in f if line.strip()][:300]

MIB = 1024 * 1024
WRONG_VALUES = ["text", 12, -3.5, True, False, None, [], [1, "a"], {}, {"a": {"b": 1}}]
SCORE_FIELDS = ["domainScore", "intentScore", "slotScore"]


def paths(doc):
    """Every (container, key) in the body, so a mutation can hit any field at any depth."""
    found = []
    stack = [doc]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
        for key, value in items:
            found.append((node, key))
            if isinstance(value, (dict, list)):
                stack.append(value)
    return found


def dumps(doc):
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False).encode()


def pick_hypothesis(doc, rng):
    return rng.choice(doc["hypotheses"])


def m_wrong_type(doc, rng):
    container, key = rng.choice(paths(doc))
    container[key] = rng.choice(WRONG_VALUES)
    return dumps(doc)


def m_nan_string(doc, rng):
    pick_hypothesis(doc, rng)[rng.choice(SCORE_FIELDS)] = rng.choice(["NaN", "Infinity", "-Infinity", "nan", "1e999"])
    return dumps(doc)


def m_nan_number(doc, rng):
    h = pick_hypothesis(doc, rng)
    h[rng.choice(SCORE_FIELDS)] = "__RAW__"
    return dumps(doc).replace(b'"__RAW__"', rng.choice([b"NaN", b"Infinity", b"-Infinity", b"1e999", b"-1e999"]))


def m_huge_negative(doc, rng):
    value = rng.choice([1e308, -1e308, -1, -0.0, 1.0000001, 2 ** 63, -(2 ** 63), 1e-320, 123456789012345678901234567890])
    target = rng.random()
    if target < 0.5:
        pick_hypothesis(doc, rng)[rng.choice(SCORE_FIELDS)] = value
    elif target < 0.75:
        doc["topK"] = rng.choice([-5, 0, 2 ** 31, 2 ** 63, 1e20, 1.5])
    else:
        doc.setdefault("context", {})["hour"] = value
    return dumps(doc)


def m_deep_nesting(doc, rng):
    depth = rng.choice([20, 64, 1000, 100000])
    nested = "[" * depth + "]" * depth if rng.random() < 0.5 else '{"a":' * depth + "1" + "}" * depth
    where = rng.random()
    if where < 0.4:
        doc.setdefault("context", {})["deep"] = "__RAW__"
    elif where < 0.8:
        pick_hypothesis(doc, rng)["slots"] = "__RAW__"
    else:
        return nested.encode()
    return dumps(doc).replace(b'"__RAW__"', nested.encode())


def m_missing(doc, rng):
    candidates = [(c, k) for c, k in paths(doc) if isinstance(c, dict)]
    container, key = rng.choice(candidates)
    del container[key]
    return dumps(doc)


def m_duplicated(doc, rng):
    text = dumps(doc)
    present = [f for f in (b'"domainScore":', b'"hypotheses":', b'"domain":', b'"requestId":', b'"context":', b'"name":') if f in text]
    field = rng.choice(present)
    at = text.find(field)
    return text[:at] + field + b'0.5,' + text[at:]


def m_huge_string(doc, rng):
    size = rng.choice([MIB, MIB, 200 * 1024, 129, 5000])
    value = "a" * size
    where = rng.random()
    if where < 0.3:
        pick_hypothesis(doc, rng)["domain"] = value
    elif where < 0.5:
        doc["requestId"] = value
    elif where < 0.7:
        doc.setdefault("context", {})[value[:200]] = value
    else:
        h = pick_hypothesis(doc, rng)
        h["slots"] = [{"name": "x", "value": value}]
    return dumps(doc)


def m_invalid_utf8(doc, rng):
    text = dumps(doc)
    bad = rng.choice([b"\xff\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80", b"\xf8\x88\x80\x80\x80", b"\\ud800", b"\\udfff\\ud800"])
    at = text.find(b'"domain":"') + len(b'"domain":"')
    return text[:at] + bad + text[at:]


MARK = "@@hostile-text@@"
HOSTILE_TEXT = [b"\\ud800", b"x\\udc00", b"\\ud800\\u0041", b"\\udfff\\ud800", b"ab\\udbff",
                b"\\u0000", b"\\u0001", b"a\\nb", b"\\t", b"\\u001f", b"\\u007f", b"\\u0085"]


def m_hostile_text(doc, rng):
    """An unpaired surrogate escape or a control character in any string value or property name at any depth."""
    container, key = rng.choice(paths(doc))
    if isinstance(container, dict) and rng.random() < 0.4:
        container[MARK] = container.pop(key)
    else:
        container[key] = MARK
    return dumps(doc).replace(MARK.encode(), rng.choice(HOSTILE_TEXT), 1)


def m_truncated(doc, rng):
    text = dumps(doc)
    return text[: rng.randrange(0, len(text))]


def m_limits(doc, rng):
    kind = rng.choice(["hyps", "slots", "context", "empty", "unknown", "nullhyp"])
    if kind == "hyps":
        doc["hypotheses"] = doc["hypotheses"] * (201 // len(doc["hypotheses"]) + 1)
    elif kind == "slots":
        pick_hypothesis(doc, rng)["slots"] = [{"name": "n", "value": "v"}] * 51
    elif kind == "context":
        doc["context"] = {f"k{i}": i for i in range(65)}
    elif kind == "empty":
        doc["hypotheses"] = []
    elif kind == "unknown":
        doc["surprise"] = {"x": 1}
    else:
        doc["hypotheses"][0] = None
    return dumps(doc)


MUTATIONS = {
    "wrong type": m_wrong_type,
    "NaN/Infinity as string": m_nan_string,
    "NaN/Infinity as number": m_nan_number,
    "huge/negative number": m_huge_negative,
    "deep nesting": m_deep_nesting,
    "missing field": m_missing,
    "duplicated field": m_duplicated,
    "huge string (to 1 MiB)": m_huge_string,
    "invalid UTF-8": m_invalid_utf8,
    "surrogate or control text": m_hostile_text,
    "truncated JSON": m_truncated,
    "limits and shapes": m_limits,
}

by_kind = collections.defaultdict(collections.Counter)
examples_5xx = []
lock = threading.Lock()
deadline = time.monotonic() + 600


def worker(index):
    rng = random.Random(seed * 1000 + index)
    client = Client(base, timeout=30)
    for n in range(index, count, threads):
        if time.monotonic() > deadline:
            break
        kind = list(MUTATIONS)[n % len(MUTATIONS)]
        body = MUTATIONS[kind](json.loads(json.dumps(rng.choice(bodies))), rng)
        batch = rng.random() < 0.1
        if batch:
            body = b'{"requests":[' + body + b"]}"
        headers = {"Content-Type": "application/json"}
        status, data = client.request("POST", "/v1/rerank/batch" if batch else "/v1/rerank", body, headers)
        # Keyed by endpoint too: a batch answers 200 with each bad item failing on its own.
        key = ("batch " if batch else "rerank ") + (str(status) if status is not None else "connection error")
        with lock:
            by_kind[kind][key] += 1
            if status is not None and status >= 500 and len(examples_5xx) < 5:
                examples_5xx.append({"kind": kind, "status": status, "body": body[:300].decode("utf-8", "replace"), "response": data[:300].decode("utf-8", "replace")})


started = time.monotonic()
pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
for t in pool:
    t.start()
for t in pool:
    t.join()
elapsed = time.monotonic() - started

# The service must answer normally afterwards: 50 valid bodies, all 200.
client = Client(base)
after = collections.Counter(str(client.request("POST", "/v1/rerank", dumps(b), {"Content-Type": "application/json"})[0]) for b in bodies[:50])
ready = client.request("GET", "/readyz")[0]

totals = collections.Counter()
for kind, counter in by_kind.items():
    totals.update(counter)
    print(json.dumps({"kind": kind, "statuses": dict(sorted(counter.items()))}))
fivexx = sum(n for key, n in totals.items() if key.split()[-1].isdigit() and int(key.split()[-1]) >= 500)
errors = sum(n for key, n in totals.items() if key.endswith("connection error"))
print(json.dumps({"summary": True, "requests": sum(totals.values()), "seconds": round(elapsed, 1), "statuses": dict(sorted(totals.items())),
                  "status5xx": fivexx, "connectionErrors": errors, "afterwards": dict(after), "readyzAfterwards": ready, "examples5xx": examples_5xx}))
sys.exit(0 if fivexx == 0 and set(after) == {"200"} and ready == 200 else 1)
