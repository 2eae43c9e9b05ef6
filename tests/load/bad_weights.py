#!/usr/bin/env python3
"""Bad weight files under traffic: writes corrupt, NaN, infinite, wrong-domain, unknown-feature and
half-written files as new versions of DOMAIN while wrk loads the service. After each, waits until
/v1/registry/status names that file, then checks that the served version did not change.
Prints one JSON line per case and a summary line. usage: bad_weights.py BASE REGISTRY DOMAIN"""
import json
import os
import sys
import time

from harness_common import Client, read_weight_file, wait_until

base, registry, domain = sys.argv[1], sys.argv[2], sys.argv[3]
client = Client(base)
good = read_weight_file(registry, domain)
good_text = json.dumps(good, indent=2)
_, before = client.get_json(f"/v1/domains/{domain}")
served = before["servedVersion"]


def variant(**changes):
    doc = json.loads(good_text)
    for key, value in changes.items():
        doc[key] = value
    return doc


def with_weight(name, raw_value):
    # Raw JSON text for a weight value, since json.dumps cannot write NaN as a string where a number is expected.
    return good_text.replace('"weights": {', '"weights": {\n    "%s": %s,' % (name, raw_value), 1)


cases = [
    ("corrupt JSON", lambda v: b'{"schemaVersion": 1, "domain": "' + domain.encode() + b'", "version": ' + str(v).encode() + b', "bias": [[['),
    ("NaN weight (string)", lambda v: with_weight("slots.none", '"NaN"').replace('"version": 1,', f'"version": {v},').encode()),
    ("NaN bias (bare token)", lambda v: good_text.replace('"version": 1,', f'"version": {v},').replace('"bias": ', '"bias": NaN, "x": ', 1).encode()),
    ("infinite weight 1e999", lambda v: with_weight("slots.none", "1e999").replace('"version": 1,', f'"version": {v},').encode()),
    ("wrong domain inside", lambda v: json.dumps(variant(version=v, domain="not-" + domain)).encode()),
    ("unknown feature", lambda v: with_weight("no.such.feature", "0.5").replace('"version": 1,', f'"version": {v},').encode()),
    ("half-written (never completed)", lambda v: good_text.replace('"version": 1,', f'"version": {v},').encode()[: len(good_text) // 2]),
]

results = []
version = served
for name, make in cases:
    version += 1
    path = os.path.join(registry, domain, f"{version}.json")
    started = time.monotonic()
    with open(path, "wb") as f:  # a plain (non-atomic) write, as a careless publisher would do
        f.write(make(version))

    def named():
        status, doc = client.get_json("/v1/registry/status")
        if status != 200:
            return None
        entry = next((d for d in doc["domains"] if d["domain"] == domain), None)
        errors = (entry or {}).get("errors") or []
        return next((e for e in errors if e["file"].endswith(f"/{version}.json")), None)

    error = wait_until(named, timeout=20, interval=0.1)
    _, now = client.get_json(f"/v1/domains/{domain}")
    result = {
        "case": name,
        "file": f"{domain}/{version}.json",
        "namedInStatus": error is not None,
        "reason": error["reason"] if error else None,
        "secondsToRejection": round(time.monotonic() - started, 2),
        "servedVersion": now["servedVersion"] if now else None,
        "servedUnchanged": bool(now) and now["servedVersion"] == served and now["sha256"] == before["sha256"],
    }
    results.append(result)
    print(json.dumps(result))

print(json.dumps({"summary": True, "cases": len(results), "named": sum(r["namedInStatus"] for r in results),
                  "servedUnchanged": sum(r["servedUnchanged"] for r in results), "servedVersion": served}))
