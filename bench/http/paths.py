"""Writes the URL paths of the benchmark: the demo's bundles and parts, as the API and nginx name them."""
import json
import pathlib
import sys

packs = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])


def latest(boundary):
    """The newest published version folder of a boundary in a data folder (packs/BOUNDARY/N/), or None."""
    versions = [int(v.name) for v in boundary.iterdir() if v.name.isdigit() and (v / "manifest.json").exists()]
    return str(max(versions)) if versions else None


lists = {"api-bundles": [], "nginx-bundles": [], "api-parts": [], "nginx-parts": []}
for boundary in sorted(p for p in packs.iterdir() if p.is_dir() and latest(p)):
    version = latest(boundary)
    manifest = json.loads((boundary / version / "manifest.json").read_text())
    # the immutable address a device downloads (the bundle.zip URL redirects there)
    lists["api-bundles"].append(f"/v1/parts/{manifest['bundle']['sha256']}")
    lists["nginx-bundles"].append(f"/{boundary.name}/{version}/bundle.zip")
    for part in manifest["parts"]:
        lists["api-parts"].append(f"/v1/parts/{part['sha256']}")
        lists["nginx-parts"].append(f"/{boundary.name}/{version}/{part['path']}")
for name, paths in lists.items():
    (out / f"{name}.txt").write_text("\n".join(paths) + "\n")
sizes = [p["size"] for b in packs.iterdir() if b.is_dir() and latest(b)
         for p in json.loads((b / latest(b) / "manifest.json").read_text())["parts"]]
print(f"{len(lists['api-bundles'])} bundles, {len(sizes)} parts ({min(sizes)} to {max(sizes)} bytes)")
