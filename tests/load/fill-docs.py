#!/usr/bin/env python3
"""Puts report.py's sections into docs/performance.md and docs/reliability.md between
<!-- BEGIN:name --> and <!-- END:name --> markers, so the docs quote a results folder verbatim.
usage: fill-docs.py RESULTS_DIR"""
import os
import re
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
report = subprocess.run([sys.executable, os.path.join(here, "report.py"), sys.argv[1]], capture_output=True, text=True, check=True).stdout
sections = {m.group(1): m.group(2).strip() for m in re.finditer(r"^### (.+?)\n(.*?)(?=^### |\Z)", report, re.S | re.M)}
for doc in ("docs/performance.md", "docs/reliability.md"):
    path = os.path.join(root, doc)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    for name, body in sections.items():
        text = re.sub(rf"(<!-- BEGIN:{name} -->\n).*?(<!-- END:{name} -->)", lambda m: m.group(1) + body + "\n" + m.group(2), text, flags=re.S)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
print("filled:", ", ".join(sections))
