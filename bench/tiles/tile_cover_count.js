// `cover --count` in @mapbox/tile-cover, as a whole process: prints the tile count of a GeoJSON
// polygon (its first feature, as tile-cover takes one geometry) at one zoom.
const fs = require('fs');
const cover = require('@mapbox/tile-cover');
const [file, zoomArg] = process.argv.slice(2);
const zoom = Number(zoomArg);
const geometry = JSON.parse(fs.readFileSync(file)).features[0].geometry;
console.log(cover.tiles(geometry, {min_zoom: zoom, max_zoom: zoom}).length);
