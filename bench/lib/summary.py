#!/usr/bin/env python3
"""Summarises timed runs written by bench/lib/pairs.sh: per label, the median of the runs (wall time,
CPU time, peak RSS) with the load averages seen before them, as Markdown.

Usage: summary.py RESULTS.tsv [--per UNITS NAME]   (UNITS per run, e.g. 271471 tiles: adds NAME/s)
       summary.py RESULTS.tsv --ratio LABEL_A LABEL_B   (prints the ratio of B's to A's median wall time)
"""
import statistics
import sys


def load(path):
    runs = {}
    order = []
    for line in open(path):
        label, pair, wall, user, sys_, rss, load1 = line.rstrip("\n").split("\t")
        if label not in runs:
            runs[label] = []
            order.append(label)
        runs[label].append({"pair": int(pair), "wall": float(wall), "cpu": float(user) + float(sys_),
                            "rss": int(rss), "load": float(load1)})
    return runs, order


def median(values):
    return statistics.median(values)


def main():
    path = sys.argv[1]
    runs, order = load(path)
    if len(sys.argv) > 2 and sys.argv[2] == "--ratio":
        a, b = sys.argv[3], sys.argv[4]
        print("%.2f" % (median([r["wall"] for r in runs[b]]) / median([r["wall"] for r in runs[a]])))
        return
    per = None
    if len(sys.argv) > 3 and sys.argv[2] == "--per":
        per = (float(sys.argv[3]), sys.argv[4])
    head = "| run | runs | wall time (median) | CPU time (median) | peak RSS (median) |"
    rule = "|---|---:|---:|---:|---:|"
    if per:
        head += " %s/s (median) |" % per[1]
        rule += "---:|"
    head += " load average before each run |"
    rule += "---|"
    print(head)
    print(rule)
    for label in order:
        rs = runs[label]
        wall = median([r["wall"] for r in rs])
        line = "| %s | %d | %.2f s | %.2f s | %d MB |" % (
            label, len(rs), wall, median([r["cpu"] for r in rs]), median([r["rss"] for r in rs]) / 1024)
        if per:
            line += " %s |" % format(round(per[0] / wall), ",")
        line += " %s |" % " ".join("%.2f" % r["load"] for r in rs)
        print(line)


if __name__ == "__main__":
    main()
