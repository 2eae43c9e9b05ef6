#!/usr/bin/env python3
"""Admin endpoints without or with a wrong key: every call must get 401 and nothing may be written to
the registry folder (file names and bytes compared before and after).
usage: admin_auth.py BASE REGISTRY RIGHT_KEY"""
import collections
import hashlib
import json
import os
import sys

from harness_common import Client

base, registry, right = sys.argv[1], sys.argv[2], sys.argv[3]


def snapshot():
    files = {}
    for root, _, names in os.walk(registry):
        for name in names:
            path = os.path.join(root, name)
            with open(path, "rb") as f:
                files[os.path.relpath(path, registry)] = hashlib.sha256(f.read()).hexdigest()
    return files


with open(os.path.join(registry, "music", "1.json"), "rb") as f:
    valid_upload = f.read()
# (A key with surrounding spaces is the right key: HTTP trims optional whitespace around header values.)
wrong_keys = [None, "", " ", "wrong", right.upper(), right[:-1], right + "x", right[1:], right + "-", "x" * 4096, right[:8]]
header_names = ["X-Api-Key", "x-api-key"]
calls = [("PUT", "/v1/domains/music/weights", valid_upload), ("PUT", "/v1/domains/newdomain/weights", valid_upload),
         ("POST", "/v1/registry/reload", b"")]

before = snapshot()
client = Client(base)
statuses = collections.Counter()
unexpected = []
for method, path, body in calls:
    for key in wrong_keys:
        for header in header_names:
            headers = {"Content-Type": "application/json"}
            if key is not None:
                headers[header] = key
            status, _ = client.request(method, path, body, headers)
            statuses[str(status)] += 1
            if status != 401:
                unexpected.append({"method": method, "path": path, "key": None if key is None else key[:20], "status": status})
    # The key in the wrong place: query string, Authorization header.
    for headers in ({"Authorization": f"Bearer {right}"}, {"Api-Key": right}):
        status, _ = client.request(method, path + f"?apiKey={right}", body, dict(headers, **{"Content-Type": "application/json"}))
        statuses[str(status)] += 1
        if status != 401:
            unexpected.append({"method": method, "path": path, "key": "misplaced", "status": status})

after = snapshot()
print(json.dumps({"requests": sum(statuses.values()), "statuses": dict(statuses), "unexpected": unexpected,
                  "registryUnchanged": before == after, "filesBefore": len(before), "filesAfter": len(after)}))
sys.exit(0 if not unexpected and before == after else 1)
