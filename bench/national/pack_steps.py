#!/usr/bin/env python3
"""Seconds per pack by step from a `build --all` log (ConsoleProgress lines "STEP: N done in MS ms",
"building pack for boundary ID"), and whether time per pack stays flat: the median pack time of the
first and the last thousand packs (or tenth, for fewer packs). Prints Markdown.

Usage: pack_steps.py BUILD_LOG
"""
import re
import statistics
import sys

packs = []      # per pack: {step: ms}
starts = []     # per pack: log time of its start (s of day)
clock = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) ")
step_done = re.compile(r" progress - ([\w:-]+): \d+ done in (\d+) ms")
pack_start = re.compile(r"building pack for boundary (\S+)")
published = re.compile(r"published pack (\S+) version \d+ .* in (\d+) ms")
totals = {}
for line in open(sys.argv[1], errors="replace"):
    if pack_start.search(line):
        packs.append({})
        m = clock.match(line)
        starts.append(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)) + int(m.group(4)) / 1000 if m else None)
        continue
    if not packs:
        continue
    m = step_done.search(line)
    if m:
        step = re.sub(r":.*", "", m.group(1))
        packs[-1][step] = packs[-1].get(step, 0) + int(m.group(2))
    m = published.search(line)
    if m:
        packs[-1]["(whole pack)"] = int(m.group(2))
steps = []
for p in packs:
    for s in p:
        if s not in steps:
            steps.append(s)
print("| step | packs with it | median s per pack | mean s per pack | total s |")
print("|---|---:|---:|---:|---:|")
for s in steps:
    values = [p[s] / 1000 for p in packs if s in p]
    print("| %s | %d | %.3f | %.3f | %.0f |" % (s, len(values), statistics.median(values), statistics.mean(values), sum(values)))
# time per pack from the gaps between pack starts (includes what the log does not name)
gaps = [b - a for a, b in zip(starts, starts[1:]) if a is not None and b is not None and b >= a]
if len(gaps) >= 20:
    k = min(1000, max(1, len(gaps) // 10))
    print()
    print("Time per pack (from one pack's start to the next's), median of the first %d packs: %.3f s, of the last %d: %.3f s."
          % (k, statistics.median(gaps[:k]), k, statistics.median(gaps[-k:])))
