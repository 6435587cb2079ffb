#!/usr/bin/env python3
"""Seconds per pack by step from a `build --all` log (ConsoleProgress lines "STEP: N done in MS ms",
"building pack for boundary ID"), and whether time per pack stays flat: the median pack time of the
first and the last thousand packs (or tenth, for fewer packs). Prints Markdown.

Usage: pack_steps.py BUILD_LOG
"""
import re
import statistics
import sys

packs = []      # per pack: {step: ms}, in the order the packs started
starts = []     # per pack: log time of its start (s of day)
by_id = {}      # boundary id -> its pack's dict (packs built at once tag their lines " [ID]")
clock = re.compile(r"^(\d\d):(\d\d):(\d\d)\.(\d\d\d) ")
tag = re.compile(r"^\S+ +\S+ +\S+ \[(\S+)\] - ")
step_done = re.compile(r" - ([\w:-]+): \d+ done in (\d+) ms")
pack_start = re.compile(r"building pack for boundary (\S+)")
published = re.compile(r"published pack (\S+) version \d+ .* in (\d+) ms")
for line in open(sys.argv[1], errors="replace"):
    m = pack_start.search(line)
    if m:
        pack = {}
        packs.append(pack)
        by_id[m.group(1)] = pack
        m = clock.match(line)
        starts.append(int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3)) + int(m.group(4)) / 1000 if m else None)
        continue
    if not packs:
        continue
    t = tag.match(line)
    pack = by_id.get(t.group(1)) if t else packs[-1]
    if pack is None:
        continue
    m = step_done.search(line) if " progress" in line else None
    if m:
        step = re.sub(r":.*", "", m.group(1))
        pack[step] = pack.get(step, 0) + int(m.group(2))
    m = published.search(line)
    if m:
        pack["(whole pack)"] = int(m.group(2))
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
