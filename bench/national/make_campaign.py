#!/usr/bin/env python3
"""The campaign of bench/national.sh: VILLAGES small village boundaries spread over the synthetic
country extract of bench/extract/CountryExtractMaker.java (COPIES copies of Andorra on a grid), each
with a health facility and ten households inside it, and the sample campaign's forms, texts and SOS
contacts. Villages fall anywhere in a copy's box, so some land in mountains without a road (their
packs get no routing and a warning, as rural villages do). Fixed seed.

Usage: make_campaign.py SAMPLE_CAMPAIGN_DIR OUT_DIR COPIES VILLAGES OSM_FILE TILE_SOURCE
"""
import json
import math
import os
import random
import shutil
import sys

sample, out, copies, villages, osm_file, tile_source = sys.argv[1:7]
copies, villages = int(copies), int(villages)
LON_STEP, LAT_STEP = 0.42, 0.26          # as CountryExtractMaker
WEST, EAST, SOUTH, NORTH = 1.42, 1.77, 42.44, 42.64   # Andorra's box, inside each copy
columns = math.ceil(math.sqrt(copies * LAT_STEP / LON_STEP))
random.seed(16)
os.makedirs(out, exist_ok=True)
for part in ("forms", "i18n"):
    shutil.rmtree(os.path.join(out, part), ignore_errors=True)
    shutil.copytree(os.path.join(sample, part), os.path.join(out, part))
shutil.copy(os.path.join(sample, "sos.json"), os.path.join(out, "sos.json"))
with open(os.path.join(sample, "sos.json")) as f:
    sos = json.load(f)
for contact in sos["contacts"]:
    contact["boundaries"] = []
with open(os.path.join(out, "sos.json"), "w") as f:
    json.dump(sos, f)

boundaries, points = [], []
for v in range(villages):
    copy = random.randrange(copies)
    lon0 = (copy % columns) * LON_STEP + random.uniform(WEST, EAST)
    lat0 = -(copy // columns) * LAT_STEP + random.uniform(SOUTH, NORTH)
    r = random.uniform(0.004, 0.008)   # a village of 600 m to 1.3 km across
    ring = []
    for i in range(10):
        a = 2 * math.pi * i / 10
        k = random.uniform(0.7, 1.0)
        ring.append([round(lon0 + r * k * math.cos(a), 6), round(lat0 + r * 0.74 * k * math.sin(a), 6)])
    ring.append(ring[0])
    vid = "v-%05d" % v
    boundaries.append({"type": "Feature", "properties": {"id": vid, "name": "Village %d" % v},
                       "geometry": {"type": "Polygon", "coordinates": [ring]}})
    for p in range(11):
        a = random.uniform(0, 2 * math.pi)
        d = random.uniform(0, 0.6) * r
        points.append({"type": "Feature",
                       "geometry": {"type": "Point", "coordinates": [round(lon0 + d * math.cos(a), 6),
                                                                     round(lat0 + 0.74 * d * math.sin(a), 6)]},
                       "properties": {"id": "%s-p%02d" % (vid, p), "kind": "facility" if p == 0 else "household",
                                      "boundary": vid}})
with open(os.path.join(out, "boundaries.geojson"), "w") as f:
    json.dump({"type": "FeatureCollection", "features": boundaries}, f)
with open(os.path.join(out, "points.geojson"), "w") as f:
    json.dump({"type": "FeatureCollection", "features": points}, f)
with open(os.path.join(sample, "campaign.json")) as f:
    sample_campaign = json.load(f)
with open(os.path.join(out, "campaign.json"), "w") as f:
    json.dump({
        # what the sample's forms rely on (registration IDs, dashboard indicators, attachments)
        **{key: sample_campaign[key] for key in ("registrationIds", "indicators", "attachments") if key in sample_campaign},
        "id": "national-bench", "name": "National benchmark campaign", "locales": ["ca", "en", "fr"],
        "attribution": "© OpenStreetMap contributors (synthetic)",
        "packDefaults": {
            "tiles": {"source": tile_source, "minZoom": 12, "maxZoom": 16, "bufferM": 250, "maxTiles": 20000},
            "routing": {"osmFile": osm_file, "bufferM": 3000, "profiles": ["foot", "car"], "fullMatrixLimit": 250}}},
        f, indent=1)
print("%d villages over %d copies (%d columns), %d points" % (villages, copies, columns, len(points)))
