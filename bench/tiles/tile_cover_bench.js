// Times @mapbox/tile-cover on a GeoJSON polygon at one zoom: first run and fastest of N.
const fs = require('fs');
const cover = require('@mapbox/tile-cover');
const [file, zoomArg, repeatArg] = process.argv.slice(2);
const zoom = Number(zoomArg);
const repeat = Number(repeatArg || 10);
const geometry = JSON.parse(fs.readFileSync(file)).features[0].geometry;
let first = 0, best = Infinity, count = 0;
for (let i = 0; i < repeat; i++) {
  const t = process.hrtime.bigint();
  const tiles = cover.tiles(geometry, {min_zoom: zoom, max_zoom: zoom});
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  count = tiles.length;
  if (i === 0) first = ms;
  best = Math.min(best, ms);
}
console.log(`tile-cover z${zoom}: ${count} tiles: first run ${first.toFixed(1)} ms, fastest of ${repeat} ${best.toFixed(1)} ms`);
