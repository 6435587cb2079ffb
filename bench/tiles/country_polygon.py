"""A country-sized test polygon (about France's extent, 4,000 vertices, a ragged coast), fixed seed.

Usage: country_polygon.py OUT.geojson [SCALE]   (SCALE multiplies its radius; default 1)"""
import json
import math
import random
import sys

random.seed(42)
n = 4000
center_lon, center_lat = 2.5, 46.5
coords = []
r = 1.0
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
for i in range(n):
    a = 2 * math.pi * i / n
    r = min(1.15, max(0.75, r + random.uniform(-0.02, 0.02)))
    coords.append([round(center_lon + 5.0 * scale * r * math.cos(a), 6),
                   round(center_lat + 4.2 * scale * r * math.sin(a), 6)])
coords.append(coords[0])
json.dump({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"id": "country"}, "geometry": {"type": "Polygon", "coordinates": [coords]}}]},
    open(sys.argv[1], "w"))
