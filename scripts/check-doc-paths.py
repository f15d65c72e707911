#!/usr/bin/env python3
"""Every source path the architecture map and the README name must exist: the map is how a
newcomer finds the code, and a renamed file would silently leave it pointing nowhere."""
import os
import re
import sys

root = os.path.join(os.path.dirname(__file__), "..")
missing = []
for document in ("docs/architecture.md", "README.md"):
    text = open(os.path.join(root, document), encoding="utf-8").read()
    for path in re.findall(r"`((?:Sources|Tests|scripts|systemd|Dashboards|relay)/[^` ]+)`", text):
        if not os.path.exists(os.path.join(root, path)):
            missing.append(f"{document}: {path}")
if missing:
    print("paths named in the docs that do not exist:", *missing, sep="\n  ")
    sys.exit(1)
