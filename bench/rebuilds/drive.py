#!/usr/bin/env python3
"""Asks a node for one rebuild per boundary and waits until every job ended; prints one JSON line:
{"jobs": N, "seconds": S, "failed": [...], "workers": {...}}.
Usage: drive.py BASE_URL TOKEN CAMPAIGN_DIR rebuild|revise
  rebuild: POST /v1/boundaries/{id}/rebuild for each boundary (the first builds, cold cache);
  revise:  PUT /v1/boundaries/{id} with the square moved 40 m east (the tiles mostly in the cache)."""
import json
import math
import sys
import time
import urllib.request
from pathlib import Path

base, token, campaign, mode = sys.argv[1], sys.argv[2], Path(sys.argv[3]), sys.argv[4]
boundaries = json.loads((campaign / "boundaries.geojson").read_text())["features"]


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=body,
                                     headers={"Authorization": "Bearer " + token,
                                              "Content-Type": "application/geo+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        return json.loads(response.read() or b"{}")


def moved(feature, metres_east):
    coordinates = feature["geometry"]["coordinates"]
    lat = coordinates[0][0][1]
    shift = metres_east / (111_320 * math.cos(math.radians(lat)))
    feature = json.loads(json.dumps(feature))
    feature["geometry"]["coordinates"] = [[[x + shift, y] for x, y in ring] for ring in coordinates]
    return feature


start = time.monotonic()
jobs = {}
for feature in boundaries:
    boundary_id = feature["properties"]["id"]
    if mode == "rebuild":
        answer = call("POST", f"/v1/boundaries/{boundary_id}/rebuild")
    else:
        answer = call("PUT", f"/v1/boundaries/{boundary_id}", json.dumps(moved(feature, 40)).encode())
    job = answer.get("job", answer)
    jobs[job["id"]] = boundary_id
ended = {}
while len(ended) < len(jobs):
    for job_id in [j for j in jobs if j not in ended]:
        job = call("GET", f"/v1/jobs/{job_id}")
        if job["state"] in ("SUCCEEDED", "FAILED"):
            ended[job_id] = job
    time.sleep(0.2)
seconds = time.monotonic() - start
failed = [f"{jobs[j]}: {job.get('error')}" for j, job in ended.items() if job["state"] == "FAILED"]
workers = {}
for job in ended.values():
    workers[job.get("worker") or "?"] = workers.get(job.get("worker") or "?", 0) + 1
print(json.dumps({"jobs": len(jobs), "seconds": round(seconds, 1), "failed": failed, "workers": workers}))
