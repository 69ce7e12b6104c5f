// Reads a Mapbox Vector Tile (specification 2.1) with pbf's reader (npm `pbf`, served as /vendor/pbf). Its build is
// a UMD script that, imported as a module, sets the global `Pbf`. @mapbox/vector-tile would do the same, but it imports
// '@mapbox/point-geometry' by bare name, which a browser resolves only through an import map — an inline script, which
// our Content-Security-Policy refuses — so the few messages are read here. Only the tile worker runs it.
import '../vendor/pbf/pbf.js';

const geometryTypes = { 1: 'Point', 2: 'LineString', 3: 'Polygon' };

function readValue(pbf) {
  let value = null;
  const end = pbf.readVarint() + pbf.pos;
  while (pbf.pos < end) {
    const tag = pbf.readVarint() >> 3;
    if (tag === 1) value = pbf.readString();
    else if (tag === 2) value = pbf.readFloat();
    else if (tag === 3) value = pbf.readDouble();
    else if (tag === 4) value = pbf.readVarint64();
    else if (tag === 5) value = pbf.readVarint();
    else if (tag === 6) value = pbf.readSVarint();
    else if (tag === 7) value = pbf.readBoolean();
    else value = null;
  }
  return value;
}

/** The command stream as lines of [x, y, x, y, …] in tile units (a polygon: its rings; points: one line each). */
function decodeGeometry(commands) {
  const lines = [];
  let line = null;
  let x = 0;
  let y = 0;
  for (let i = 0; i < commands.length;) {
    const command = commands[i] & 0x7;
    const count = commands[i] >> 3;
    i += 1;
    if (command === 7) {   // ClosePath: the ring ends where it began
      if (line) line.push(line[0], line[1]);
      continue;
    }
    for (let k = 0; k < count; k += 1) {
      x += (commands[i] >>> 1) ^ -(commands[i] & 1);
      y += (commands[i + 1] >>> 1) ^ -(commands[i + 1] & 1);
      i += 2;
      if (command === 1) { line = []; lines.push(line); }
      line.push(x, y);
    }
  }
  return lines;
}

function readFeature(pbf, keys, values) {
  const feature = { type: null, tags: [], commands: [] };
  pbf.readFields((tag, f) => {
    if (tag === 2) f.tags = pbf.readPackedVarint();
    else if (tag === 3) f.type = geometryTypes[pbf.readVarint()] ?? null;
    else if (tag === 4) f.commands = pbf.readPackedVarint();
  }, feature, pbf.readVarint() + pbf.pos);
  const properties = {};
  for (let i = 0; i + 1 < feature.tags.length; i += 2) properties[keys[feature.tags[i]]] = values[feature.tags[i + 1]];
  return { type: feature.type, properties, lines: decodeGeometry(feature.commands) };
}

function readLayer(pbf) {
  const layer = { name: '', extent: 4096, keys: [], values: [], features: [] };
  const raw = [];
  pbf.readFields((tag, l) => {
    if (tag === 1) l.name = pbf.readString();
    else if (tag === 5) l.extent = pbf.readVarint();
    else if (tag === 3) l.keys.push(pbf.readString());
    else if (tag === 4) l.values.push(readValue(pbf));
    else if (tag === 2) { raw.push(pbf.pos); pbf.skip(2); }
  }, layer, pbf.readVarint() + pbf.pos);
  // Features refer to keys and values that may come after them: read them once the layer is known.
  const end = pbf.pos;
  for (const at of raw) {
    pbf.pos = at;
    layer.features.push(readFeature(pbf, layer.keys, layer.values));
  }
  pbf.pos = end;
  return { name: layer.name, extent: layer.extent, features: layer.features };
}

/** The layers of a tile by name: { extent, features: [{ type, properties, lines }] }. An empty body has none. */
export function readTile(bytes) {
  const pbf = new globalThis.Pbf.PbfReader(new Uint8Array(bytes));
  const layers = new Map();
  pbf.readFields((tag) => {
    if (tag === 3) {
      const layer = readLayer(pbf);
      layers.set(layer.name, layer);
    }
  }, null);
  return layers;
}
