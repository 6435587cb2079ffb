#!/usr/bin/env python3
"""Replaces (or appends) one '## HEADING' section of BENCHMARKS.md with a benchmark's output.

Usage: bench/record-section.py HEADING OUTPUT_FILE   (the output starts with '## HEADING')
"""
import pathlib
import re
import sys

heading, output = sys.argv[1], sys.argv[2]
section = pathlib.Path(output).read_text().rstrip() + "\n"
path = pathlib.Path("BENCHMARKS.md")
text = path.read_text() if path.exists() else "# Benchmarks\n"
pattern = re.compile(r"^## " + re.escape(heading) + r"\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda m: section + "\n", text)
else:
    text = text.rstrip() + "\n\n" + section
path.write_text(text.rstrip() + "\n")
print("recorded in BENCHMARKS.md under '## " + heading + "'", file=sys.stderr)
