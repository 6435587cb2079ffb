#!/usr/bin/env python3
"""Writes a campaign folder of N small boundaries (1 km squares) inside the sample's Andorran
parishes, each with three assigned household points, and a planner who may change all of them.
Usage: make_campaign.py SAMPLE_CAMPAIGN OUT N"""
import json
import math
import shutil
import sys
from pathlib import Path

sample, out, count = Path(sys.argv[1]).resolve(), Path(sys.argv[2]), int(sys.argv[3])
SIDE_LAT = 1 / 111.32  # 1 km in degrees of latitude


def rings(geometry):
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [polygon[0] for polygon in polygons]


def inside(lon, lat, ring):
    crossings = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            crossings = not crossings
    return crossings


def square(lon, lat):
    half_lat = SIDE_LAT / 2
    half_lon = half_lat / math.cos(math.radians(lat))
    return [[[lon - half_lon, lat - half_lat], [lon + half_lon, lat - half_lat], [lon + half_lon, lat + half_lat],
             [lon - half_lon, lat + half_lat], [lon - half_lon, lat - half_lat]]]


parishes = [ring for feature in json.loads((sample / "boundaries.geojson").read_text())["features"]
            for ring in rings(feature["geometry"])]
lons = [x for ring in parishes for x, _ in ring]
lats = [y for ring in parishes for _, y in ring]
# the densest grid of centres whose squares lie inside a parish (all four corners) that has enough of them
for step in [0.02, 0.015, 0.012, 0.01, 0.008, 0.006, 0.005, 0.004]:
    centres = []
    lat = min(lats) + step / 2
    while lat < max(lats):
        lon = min(lons) + step / 2
        while lon < max(lons):
            corners = square(lon, lat)[0][:4]
            if any(all(inside(x, y, ring) for x, y in corners) for ring in parishes):
                centres.append((round(lon, 6), round(lat, 6)))
            lon += step
        lat += step
    if len(centres) >= count:
        break
if len(centres) < count:
    sys.exit(f"only {len(centres)} boundaries of 1 km fit in the sample's parishes, asked for {count}")
centres = [centres[i * len(centres) // count] for i in range(count)]

if out.exists():
    shutil.rmtree(out)
shutil.copytree(sample, out)
settings = json.loads((sample / "campaign.json").read_text())
settings["id"] = "rebuild-benchmark"
settings["name"] = f"{count} villages of 1 km² (rebuild benchmark)"
for part, key in (("tiles", "source"), ("routing", "osmFile")):
    value = settings["packDefaults"][part][key]
    prefix = "mbtiles:" if value.startswith("mbtiles:") else ""
    settings["packDefaults"][part][key] = prefix + str((sample / value[len(prefix):]).resolve())
(out / "campaign.json").write_text(json.dumps(settings, indent=2))

ids = [f"village-{i:03d}" for i in range(count)]
boundaries, points = [], []
for boundary_id, (lon, lat) in zip(ids, centres):
    boundaries.append({"type": "Feature", "properties": {"id": boundary_id, "name": boundary_id},
                       "geometry": {"type": "Polygon", "coordinates": square(lon, lat)}})
    for k, (dx, dy) in enumerate([(-0.002, -0.001), (0.001, 0.002), (0.002, -0.002)]):
        points.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon + dx, lat + dy]},
                       "properties": {"id": f"{boundary_id}-household-{k}", "kind": "household",
                                      "boundary": boundary_id}})
(out / "boundaries.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": boundaries}))
(out / "points.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": points}))
(out / "users.json").write_text(json.dumps({"users": [
    {"id": "planner", "role": "planner", "boundaries": ids, "token": "bench-planner-token-rebuilds"}]}, indent=2))
sos = json.loads((sample / "sos.json").read_text())
for contact in sos["contacts"]:
    contact.pop("boundaries", None)
(out / "sos.json").write_text(json.dumps(sos, indent=2))
print(f"{count} boundaries of 1 km² on a {step}° grid in {out}")
