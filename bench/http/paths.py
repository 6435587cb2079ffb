"""Writes the URL paths of the benchmark: the demo's bundles and parts, as the API and nginx name them."""
import json
import pathlib
import sys

packs = pathlib.Path(sys.argv[1])
out = pathlib.Path(sys.argv[2])
lists = {"api-bundles": [], "nginx-bundles": [], "api-parts": [], "nginx-parts": []}
for boundary in sorted(p for p in packs.iterdir() if (p / "current").exists()):
    version = (boundary / "current").read_text().strip()
    manifest = json.loads((boundary / version / "manifest.json").read_text())
    lists["api-bundles"].append(f"/v1/packs/{boundary.name}/bundle.zip")
    lists["nginx-bundles"].append(f"/{boundary.name}/{version}/bundle.zip")
    for part in manifest["parts"]:
        lists["api-parts"].append(f"/v1/parts/{part['sha256']}")
        lists["nginx-parts"].append(f"/{boundary.name}/{version}/{part['path']}")
for name, paths in lists.items():
    (out / f"{name}.txt").write_text("\n".join(paths) + "\n")
sizes = [p["size"] for b in packs.iterdir() if (b / "current").exists()
         for p in json.loads((b / (b / "current").read_text().strip() / "manifest.json").read_text())["parts"]]
print(f"{len(lists['api-bundles'])} bundles, {len(sizes)} parts ({min(sizes)} to {max(sizes)} bytes)")
